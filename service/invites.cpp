#include "service/invites.hpp"

#include "model/audit_log_action.hpp"
#include "model/channel_kind.hpp"
#include "model/guild_json.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/credentials.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

api_error unknown_invite() { return api_error::not_found(json_code::unknown_invite, "Invite"); }
api_error banned() { return api_error(403, static_cast<json_code>(40007), "The user is banned from this guild."); }

bool plausible_code(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (const char ch : code)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') return false;
  return true;
}

// Invite events go to those who may manage the channel's invites (gateway.md §5 caveats).
void publish_invite_delete(context& ctx, const model::invite& inv, const model::channel& c) {
  publish_to_channel(ctx, "INVITE_DELETE",
                     json::object{{"channel_id", model::to_string(inv.channel_id)},
                                  {"guild_id", model::to_string(inv.guild_id)},
                                  {"code", inv.code}},
                     c, perm::manage_channels);
}

} // namespace

std::string random_invite_code() {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string code(invite_code_length, '0');
  for (auto& ch : code) ch = alphabet[random_between(0, static_cast<std::uint32_t>(alphabet.size() - 1))];
  return code;
}

model::api_result<invite_view> invites::view_of(model::invite inv) {
  auto g = ctx_.store.guild_by_id(inv.guild_id);
  if (!g) return internal_error(g.error(), "guild_by_id");
  auto c = ctx_.store.channel_by_id(inv.channel_id);
  if (!c) return internal_error(c.error(), "channel_by_id");
  if (!*g || !*c) return unknown_invite();
  invite_view v{std::move(inv), std::move((*g)->guild), std::move(**c), std::nullopt, (*g)->member_count};
  if (v.invite.inviter_id) {
    auto u = ctx_.store.user_by_id(*v.invite.inviter_id);
    if (!u) return internal_error(u.error(), "user_by_id");
    if (*u) v.inviter = std::move(**u);
  }
  return v;
}

model::api_result<invite_list> invites::views_of(std::vector<model::invite> list, bool metadata) {
  invite_list out;
  out.metadata = metadata;
  out.invites.reserve(list.size());
  for (auto& inv : list) {
    auto v = view_of(std::move(inv));
    if (v) out.invites.push_back(std::move(*v));
    else if (v.error().status() != 404) return v.error();
  }
  return out;
}

model::api_result<invite_view> invites::create(const actor& who, model::snowflake channel_id, const json::object& body) {
  auto a = load_channel_access(ctx_, channel_id, who.user.id);
  if (!a) return a.error();
  if (!(a->perms & perm::create_instant_invite)) return missing_permissions();
  if (a->channel.type == model::channel_type::guild_category || model::is_thread(a->channel.type))
    return api_error(400, static_cast<json_code>(50024), "Cannot execute action on this channel type");
  form f(body);
  model::invite inv;
  inv.guild_id = a->guild.guild.id;
  inv.channel_id = channel_id;
  inv.inviter_id = who.user.id;
  if (auto v = f.optional_integer("max_age", 0, 604800)) inv.max_age = static_cast<int>(*v);
  if (auto v = f.optional_integer("max_uses", 0, 100)) inv.max_uses = static_cast<int>(*v);
  if (auto v = f.optional_bool("temporary")) inv.temporary = *v;
  const bool unique = f.optional_bool("unique").value_or(false);
  if (!f.ok()) return f.error();
  inv.created_ms = ctx_.time.now_ms();

  for (int attempt = 0;; ++attempt) {
    inv.code = random_invite_code();
    audit_changes changes;
    changes.add("code", nullptr, json::string(inv.code));
    changes.add("channel_id", nullptr, json::string(model::to_string(channel_id)));
    changes.add("inviter_id", nullptr, json::string(model::to_string(who.user.id)));
    changes.add("uses", nullptr, json::value(0));
    changes.add("max_uses", nullptr, inv.max_uses);
    changes.add("max_age", nullptr, inv.max_age);
    changes.add("temporary", nullptr, inv.temporary);
    const auto entry =
        make_audit_entry(ctx_, inv.guild_id, who, model::audit_log_action::invite_create, std::nullopt, &changes);
    auto created = ctx_.store.create_invite(inv, !unique, &entry);
    if (created) {
      const bool fresh = created->code == inv.code;
      invite_view v{std::move(*created), std::move(a->guild.guild), std::move(a->channel), who.user,
                    a->guild.member_count};
      if (fresh) {
        publish_to_channel(ctx_, "INVITE_CREATE", model::to_invite_create_event_json(v.invite, &who.user), v.channel,
                           perm::manage_channels);
        publish_audit_entry(ctx_, entry);
      }
      return v;
    }
    if (created.error() == store::store_errc::not_found) return unknown_channel();
    if (created.error() != store::store_errc::conflict || attempt == 4) return internal_error(created.error(), "create_invite");
  }
}

model::api_result<invite_list> invites::list_channel(const model::user& caller, model::snowflake channel_id) {
  auto a = load_channel_access(ctx_, channel_id, caller.id);
  if (!a) return a.error();
  if (!(a->perms & perm::manage_channels)) return missing_permissions();
  auto list = ctx_.store.invites_of_channel(channel_id, ctx_.time.now_ms());
  if (!list) return internal_error(list.error(), "invites_of_channel");
  return views_of(std::move(*list), true);
}

model::api_result<invite_list> invites::list_guild(const model::user& caller, model::snowflake guild_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  const bool manage = g->has(perm::manage_guild);
  if (!manage && !g->has(perm::view_audit_log)) return missing_permissions();
  auto list = ctx_.store.invites_of_guild(guild_id, ctx_.time.now_ms());
  if (!list) return internal_error(list.error(), "invites_of_guild");
  return views_of(std::move(*list), manage);
}

model::api_result<invite_view> invites::get(std::string_view code) {
  if (!plausible_code(code)) return unknown_invite();
  auto inv = ctx_.store.invite_by_code(code, ctx_.time.now_ms());
  if (!inv) return internal_error(inv.error(), "invite_by_code");
  if (!*inv) return unknown_invite();
  return view_of(std::move(**inv));
}

model::api_result<invite_view> invites::remove(const actor& who, std::string_view code) {
  if (!plausible_code(code)) return unknown_invite();
  auto inv = ctx_.store.invite_by_code(code, ctx_.time.now_ms());
  if (!inv) return internal_error(inv.error(), "invite_by_code");
  if (!*inv) return unknown_invite();
  auto g = load_guild_access(ctx_, (*inv)->guild_id, who.user.id);
  if (!g) return unknown_invite();
  auto v = view_of(std::move(**inv));
  if (!v) return v.error();
  const auto channel_perms =
      model::channel_permissions(g->guild, g->roles, g->self, v->channel, ctx_.time.now_ms());
  if (!g->has(perm::manage_guild) && !(channel_perms & perm::manage_channels)) {
    // Someone who cannot see the channel learns nothing about its invites.
    if (!(channel_perms & perm::view_channel)) return unknown_invite();
    return missing_permissions();
  }
  audit_changes changes;
  changes.add("code", json::string(v->invite.code), nullptr);
  changes.add("channel_id", json::string(model::to_string(v->invite.channel_id)), nullptr);
  changes.add("uses", v->invite.uses, nullptr);
  changes.add("max_uses", v->invite.max_uses, nullptr);
  changes.add("max_age", v->invite.max_age, nullptr);
  changes.add("temporary", v->invite.temporary, nullptr);
  const auto entry =
      make_audit_entry(ctx_, v->invite.guild_id, who, model::audit_log_action::invite_delete, std::nullopt, &changes);
  auto deleted = ctx_.store.delete_invite(code, &entry);
  if (!deleted) {
    if (deleted.error() == store::store_errc::not_found) return unknown_invite();
    return internal_error(deleted.error(), "delete_invite");
  }
  publish_invite_delete(ctx_, v->invite, v->channel);
  publish_audit_entry(ctx_, entry);
  return v;
}

model::api_result<invite_view> invites::accept(const model::user& caller, std::string_view code) {
  if (!plausible_code(code)) return unknown_invite();
  const auto now = ctx_.time.now_ms();
  model::member joining;
  joining.user_id = caller.id;
  joining.joined_ms = now;
  auto outcome = ctx_.store.accept_invite(code, joining, now);
  if (!outcome) return internal_error(outcome.error(), "accept_invite");
  switch (outcome->outcome) {
    case store::join_outcome::unknown_or_expired:
      return unknown_invite();
    case store::join_outcome::banned:
      return banned();
    case store::join_outcome::already_member:
    case store::join_outcome::joined:
      break;
  }
  const bool joined = outcome->outcome == store::join_outcome::joined;
  const auto guild_id = outcome->invite.guild_id;
  auto v = view_of(outcome->invite);
  if (joined) {
    auto record = ctx_.store.member(guild_id, caller.id);
    if (record && *record) publish_member(ctx_, "GUILD_MEMBER_ADD", (*record)->member, (*record)->user);
    publish_guild_create(ctx_, guild_id, caller.id);
    if (outcome->invite_deleted && v) publish_invite_delete(ctx_, outcome->invite, v->channel);
  }
  return v;
}

} // namespace parley::service
