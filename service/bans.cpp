#include "service/bans.hpp"

#include "model/audit_log_action.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

api_error unknown_ban() { return api_error::not_found(json_code::unknown_ban, "Ban"); }

json::object ban_event(model::snowflake guild_id, const model::user& u) {
  return {{"guild_id", model::to_string(guild_id)}, {"user", model::to_public_json(u)}};
}

} // namespace

model::api_result<void> bans::ban(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                                  const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  form f(body);
  std::int64_t delete_seconds = 0;
  if (auto days = f.optional_integer("delete_message_days", 0, 7)) delete_seconds = *days * 86400;
  if (auto seconds = f.optional_integer("delete_message_seconds", 0, 604800)) delete_seconds = *seconds;
  if (!f.ok()) return f.error();
  if (!g->has(perm::ban_members)) return missing_permissions();

  auto u = ctx_.store.user_by_id(user_id);
  if (!u) return internal_error(u.error(), "user_by_id");
  if (!*u) return api_error::not_found(json_code::unknown_user, "User");
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (*m) {
    if (!model::outranks(g->self, (*m)->member, g->guild, g->roles)) return missing_permissions();
  } else if (user_id == g->guild.owner_id || user_id == who.user.id) {
    return missing_permissions();
  }

  model::ban b;
  b.guild_id = guild_id;
  b.user_id = user_id;
  b.reason = who.reason;
  b.created_ms = ctx_.time.now_ms();
  json::object options;
  if (delete_seconds) options["delete_message_seconds"] = std::to_string(delete_seconds);
  const auto entry =
      make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_ban_add, user_id, nullptr, &options);
  auto removed = ctx_.store.ban_member(b, &entry);
  if (!removed) {
    if (removed.error() == store::store_errc::not_found) return api_error::not_found(json_code::unknown_user, "User");
    return internal_error(removed.error(), "ban_member");
  }
  (*u)->email.reset();
  publish_to_guild(ctx_, "GUILD_BAN_ADD", ban_event(guild_id, **u), guild_id);
  if (*removed) {
    publish_member_remove(ctx_, guild_id, **u);
    publish_guild_delete_to_user(ctx_, guild_id, user_id);
  }
  if (delete_seconds && delete_messages_) delete_messages_(guild_id, user_id, delete_seconds);
  return {};
}

model::api_result<void> bans::unban(const actor& who, model::snowflake guild_id, model::snowflake user_id) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::ban_members)) return missing_permissions();
  auto existing = ctx_.store.ban(guild_id, user_id);
  if (!existing) return internal_error(existing.error(), "ban");
  if (!*existing) return unknown_ban();
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_ban_remove, user_id);
  if (auto r = ctx_.store.remove_ban(guild_id, user_id, &entry); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_ban();
    return internal_error(r.error(), "remove_ban");
  }
  publish_to_guild(ctx_, "GUILD_BAN_REMOVE", ban_event(guild_id, (*existing)->user), guild_id);
  return {};
}

model::api_result<std::vector<store::ban_record>> bans::list(const model::user& caller, model::snowflake guild_id,
                                                             const store::id_page& page) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  if (!g->has(perm::ban_members)) return missing_permissions();
  auto out = ctx_.store.bans(guild_id, page);
  if (!out) return internal_error(out.error(), "bans");
  return std::move(*out);
}

model::api_result<store::ban_record> bans::get(const model::user& caller, model::snowflake guild_id,
                                               model::snowflake user_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  if (!g->has(perm::ban_members)) return missing_permissions();
  auto b = ctx_.store.ban(guild_id, user_id);
  if (!b) return internal_error(b.error(), "ban");
  if (!*b) return unknown_ban();
  return std::move(**b);
}

} // namespace parley::service
