// Bans, bulk bans and the message purge of a ban; see bans.hpp (rest.md §7.3).
#include "service/bans.hpp"

#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "model/audit_log_action.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"
#include "service/message_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

// Ban events reach moderators only (gateway.md §5 caveats).
constexpr model::permissions ban_event_audience = perm::ban_members | perm::view_audit_log;

api_error unknown_ban() { return api_error::not_found(json_code::unknown_ban, "Ban"); }
api_error unknown_user() { return api_error::not_found(json_code::unknown_user, "User"); }

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
  if (auto seconds = f.optional_integer("delete_message_seconds", 0, max_delete_message_seconds))
    delete_seconds = *seconds;
  if (!f.ok()) return f.error();
  if (!g->has(perm::ban_members)) return missing_permissions();
  return ban_one(who, *g, user_id, delete_seconds, false);
}

model::api_result<bulk_ban_outcome> bans::bulk_ban(const actor& who, model::snowflake guild_id,
                                                   const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  form f(body);
  std::vector<model::snowflake> ids;
  const auto* list = body.if_contains("user_ids");
  if (!list || list->is_null()) {
    f.add("user_ids", "BASE_TYPE_REQUIRED", "This field is required");
  } else if (!list->is_array()) {
    f.add("user_ids", "BASE_TYPE_LIST", "Must be a list.");
  } else if (list->get_array().empty() || list->get_array().size() > max_bulk_ban_users) {
    f.add("user_ids", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 200 in length.");
  } else {
    const auto& a = list->get_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto id = model::snowflake_from_json(a[i]);
      if (!id) f.add("user_ids." + std::to_string(i), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      else if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
    }
  }
  const auto delete_seconds = f.optional_integer("delete_message_seconds", 0, max_delete_message_seconds).value_or(0);
  if (!f.ok()) return f.error();
  if (!g->has(perm::ban_members | perm::manage_guild)) return missing_permissions();

  bulk_ban_outcome out;
  for (const auto id : ids) {
    auto r = ban_one(who, *g, id, delete_seconds, true);
    if (r) {
      out.banned.push_back(id);
    } else if (r.error().status() >= 500) {
      return r.error();
    } else {
      out.failed.push_back(id);
    }
  }
  if (out.banned.empty()) return api_error(500, static_cast<json_code>(500000), "Failed to ban users");
  return out;
}

model::api_result<void> bans::ban_one(const actor& who, const guild_access& g, model::snowflake user_id,
                                      std::int64_t delete_seconds, bool fail_if_banned) {
  const auto guild_id = g.guild.id;
  auto u = ctx_.store.user_by_id(user_id);
  if (!u) return internal_error(u.error(), "user_by_id");
  if (!*u) return unknown_user();
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (*m) {
    if (!model::outranks(g.self, (*m)->member, g.guild, g.roles)) return missing_permissions();
  } else if (user_id == g.guild.owner_id || user_id == who.user.id) {
    return missing_permissions();
  }
  if (fail_if_banned) {
    auto existing = ctx_.store.ban(guild_id, user_id);
    if (!existing) return internal_error(existing.error(), "ban");
    if (*existing) return api_error(400, json_code::general, "The user is already banned.");
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
    if (removed.error() == store::store_errc::not_found) return unknown_user();
    return internal_error(removed.error(), "ban_member");
  }
  (*u)->email.reset();
  publish_to_guild(ctx_, "GUILD_BAN_ADD", ban_event(guild_id, **u), guild_id, ban_event_audience);
  if (*removed) {
    publish_member_remove(ctx_, guild_id, **u);
    publish_guild_delete_to_user(ctx_, guild_id, user_id);
  }
  publish_audit_entry(ctx_, entry);
  if (delete_seconds) delete_recent_messages(g, user_id, delete_seconds);
  return {};
}

void bans::delete_recent_messages(const guild_access& g, model::snowflake user_id, std::int64_t seconds) {
  const auto now = ctx_.time.now_ms();
  const auto since = model::snowflake_at(static_cast<std::uint64_t>(std::max<std::int64_t>(now - seconds * 1000, 0)));
  auto deleted = ctx_.store.delete_messages_of_user(g.guild.id, user_id, since);
  if (!deleted) {
    // The ban itself is committed; the purge is best effort, as a later ban can repeat it.
    spdlog::error("ban of {} in guild {}: deleting recent messages: {}", user_id, g.guild.id,
                  deleted.error().message());
    return;
  }
  std::map<model::snowflake, std::vector<model::snowflake>> by_channel;
  for (const auto& d : *deleted) {
    by_channel[d.message.channel_id].push_back(d.message.id);
    if (ctx_.files)
      for (const auto& a : d.message.attachments)
        if (auto r = ctx_.files->remove(d.message.channel_id, a.id); !r)
          spdlog::warn("attachment {} of channel {}: {}", a.id, d.message.channel_id, r.error().message());
  }
  for (auto& [channel_id, ids] : by_channel) {
    auto c = ctx_.store.channel_by_id(channel_id);
    if (!c || !*c) continue;  // deleted meanwhile: its messages went with it
    message_channel where;
    where.channel = std::move(**c);
    where.guild = g;
    where.perms = model::channel_permissions(g.guild, g.roles, g.self, where.channel, now);
    publish_message_delete_bulk(ctx_, where, ids);
  }
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
  publish_to_guild(ctx_, "GUILD_BAN_REMOVE", ban_event(guild_id, (*existing)->user), guild_id, ban_event_audience);
  publish_audit_entry(ctx_, entry);
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
