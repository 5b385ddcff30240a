#include "service/members.hpp"

#include <algorithm>

#include "model/application.hpp"
#include "model/audit_log_action.hpp"
#include "model/guild_json.hpp"
#include "model/guild_request.hpp"
#include "model/permissions.hpp"
#include "model/timestamp.hpp"
#include "service/audit_log.hpp"
#include "service/credentials.hpp"
#include "service/errors.hpp"
#include "service/field_errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

// The one member flag a moderator may set (rest.md §6.3: BYPASSES_VERIFICATION is editable).
constexpr int editable_member_flags = 1 << 2;

json::value opt_str(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value opt_time(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(model::format_iso8601(*ms)) : json::value(nullptr);
}

json::array role_refs(const guild_access& g, const std::vector<model::snowflake>& ids) {
  json::array a;
  for (const auto id : ids) {
    const auto* r = g.role(id);
    a.push_back(json::object{{"id", model::to_string(id)}, {"name", r ? r->name : std::string()}});
  }
  return a;
}

api_error banned() { return api_error(403, static_cast<json_code>(40007), "The user is banned from this guild."); }

// Reads `roles` (an array of snowflakes, @everyone and repeats dropped) into ids.
void read_role_ids(form& f, const json::object& body, model::snowflake guild_id, std::vector<model::snowflake>& ids) {
  const auto* roles = body.if_contains("roles");
  if (!roles || roles->is_null()) return;
  if (!roles->is_array()) {
    f.add("roles", "BASE_TYPE_LIST", "Must be a list.");
    return;
  }
  ids.clear();
  for (std::size_t i = 0; i < roles->get_array().size(); ++i) {
    const auto id = model::snowflake_from_json(roles->get_array()[i]);
    if (!id) f.add("roles." + std::to_string(i), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    else if (*id != guild_id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
}

// 10011 for a role that is not the guild's; 50013 for a managed role or one at or above the
// caller's highest (rest.md §8.5).
std::optional<api_error> check_assignable(const guild_access& g, model::snowflake role_id) {
  const auto* r = g.role(role_id);
  if (!r) return unknown_role();
  if (r->managed || !model::can_manage_role(g.guild, g.roles, g.self, *r)) return missing_permissions();
  return std::nullopt;
}

std::vector<model::snowflake> minus(const std::vector<model::snowflake>& a, const std::vector<model::snowflake>& b) {
  std::vector<model::snowflake> out;
  for (const auto id : a)
    if (std::find(b.begin(), b.end(), id) == b.end()) out.push_back(id);
  return out;
}

} // namespace

model::api_result<std::vector<store::member_record>> members::list(const model::user& caller, model::snowflake guild_id,
                                                                   model::snowflake after, std::size_t limit) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  if (caller.bot) {
    auto app = ctx_.store.application_by_bot(caller.id);
    if (!app) return internal_error(app.error(), "application_by_bot");
    const auto needed = model::application_flags::gateway_guild_members |
                        model::application_flags::gateway_guild_members_limited;
    if (!*app || !((*app)->flags & needed)) return api_error::forbidden(json_code::missing_access);
  }
  auto out = ctx_.store.members(guild_id, after, limit);
  if (!out) return internal_error(out.error(), "members");
  return std::move(*out);
}

model::api_result<std::vector<store::member_record>> members::search(const model::user& caller,
                                                                     model::snowflake guild_id, std::string_view query,
                                                                     std::size_t limit) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  auto out = ctx_.store.search_members(guild_id, query, limit);
  if (!out) return internal_error(out.error(), "search_members");
  return std::move(*out);
}

model::api_result<store::member_record> members::get(const model::user& caller, model::snowflake guild_id,
                                                     model::snowflake user_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_member();
  return std::move(**m);
}

model::api_result<store::member_record> members::modify(const actor& who, model::snowflake guild_id,
                                                        model::snowflake user_id, const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_member();
  return apply(who, *g, std::move(**m), body);
}

model::api_result<json::object> members::voice_state_of(const model::user& caller, model::snowflake guild_id,
                                                         model::snowflake user_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  auto state = voice_ ? voice_->state_object(guild_id, user_id) : std::nullopt;
  if (!state) return api_error::not_found(static_cast<json_code>(10065), "Voice State");
  return std::move(*state);
}

model::api_result<store::member_record> members::modify_self(const actor& who, model::snowflake guild_id,
                                                             const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  auto m = ctx_.store.member(guild_id, who.user.id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_guild();
  json::object nick_only;
  if (const auto* nick = body.if_contains("nick")) nick_only["nick"] = *nick;
  return apply(who, *g, std::move(**m), nick_only);
}

model::api_result<store::member_record> members::apply(const actor& who, const guild_access& g,
                                                       store::member_record target, const json::object& body) {
  const auto now = ctx_.time.now_ms();
  const auto& before = target.member;
  model::member next = before;
  form f(body);

  if (auto nick = f.nullable_string("nick", 0, 32); nick.present)
    next.nick = nick.value && !nick.value->empty() ? std::optional<std::string>(std::string(*nick.value)) : std::nullopt;
  read_role_ids(f, body, g.guild.id, next.roles);
  if (auto mute = f.optional_bool("mute")) next.mute = *mute;
  if (auto deaf = f.optional_bool("deaf")) next.deaf = *deaf;
  if (const auto* until = body.if_contains("communication_disabled_until")) {
    if (until->is_null()) {
      next.communication_disabled_until_ms.reset();
    } else if (!until->is_string()) {
      f.add("communication_disabled_until", "DATE_TIME_TYPE_PARSE", "Could not parse the timestamp.");
    } else if (auto ms = model::parse_iso8601(until->get_string())) {
      if (*ms > now + max_timeout_ms)
        f.add("communication_disabled_until", "COMMUNICATION_DISABLED_TOO_LONG", "Must be at most 28 days in the future.");
      else next.communication_disabled_until_ms = *ms <= now ? std::nullopt : std::optional<std::int64_t>(*ms);
    } else {
      f.add("communication_disabled_until", "DATE_TIME_TYPE_PARSE", "Could not parse the timestamp.");
    }
  }
  if (auto flags = f.optional_integer("flags", 0, INT32_MAX))
    next.flags = (before.flags & ~editable_member_flags) | (static_cast<int>(*flags) & editable_member_flags);
  // present: move to the channel, or disconnect (nullopt)
  std::optional<std::optional<model::snowflake>> move_to;
  if (const auto* channel = body.if_contains("channel_id")) {
    if (channel->is_null()) move_to.emplace(std::nullopt);
    else if (auto id = model::snowflake_from_json(*channel)) move_to.emplace(*id);
    else f.add("channel_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    if (!voice_ && move_to && *move_to)
      f.add("channel_id", "VOICE_UNSUPPORTED", "Moving members between voice channels is not supported here.");
  }
  const auto given = [&body](std::string_view key) {
    const auto* v = body.if_contains(key);
    return v && !v->is_null();
  };
  const bool voice_fields = move_to || given("mute") || given("deaf");
  if (!f.ok()) return f.error();

  const bool is_self = before.user_id == who.user.id;
  const bool outranked = model::outranks(g.self, before, g.guild, g.roles);
  if (next.nick != before.nick) {
    if (is_self) {
      if (!g.has(perm::change_nickname) && !g.has(perm::manage_nicknames)) return missing_permissions();
    } else if (!g.has(perm::manage_nicknames) || !outranked) {
      return missing_permissions();
    }
  }
  const auto added = minus(next.roles, before.roles);
  const auto removed = minus(before.roles, next.roles);
  if (!added.empty() || !removed.empty()) {
    if (!g.has(perm::manage_roles)) return missing_permissions();
    for (const auto& list : {added, removed})
      for (const auto id : list)
        if (auto e = check_assignable(g, id)) return *e;
  }
  if (next.mute != before.mute && !g.has(perm::mute_members)) return missing_permissions();
  if (next.deaf != before.deaf && !g.has(perm::deafen_members)) return missing_permissions();
  if (next.communication_disabled_until_ms != before.communication_disabled_until_ms) {
    if (!g.has(perm::moderate_members) || !outranked) return missing_permissions();
    if (next.communication_disabled_until_ms) {
      const auto target_perms = model::base_permissions(g.guild, g.roles, before);
      if (target_perms & perm::administrator) return missing_permissions();
    }
  }
  if (next.flags != before.flags && !g.has(perm::manage_guild) && !g.has(perm::manage_roles) &&
      !g.has(perm::moderate_members | perm::kick_members | perm::ban_members))
    return missing_permissions();

  // Discord refuses voice fields for a member who is not in voice (rest.md §7.3).
  std::optional<voice_state> in_voice;
  if (voice_ && voice_fields) {
    in_voice = voice_->of(g.guild.id, before.user_id);
    if (!in_voice)
      return api_error(400, static_cast<json_code>(40032), "Target user is not connected to voice");
  }
  model::channel move_target;
  if (move_to && in_voice)
    if (auto e = check_move(who, g, *in_voice, *move_to, move_target)) return *e;
  // After the member is stored: server mute/deaf reach the voice state through the
  // GUILD_MEMBER_UPDATE it observes; a move or disconnect is done here.
  const auto move_voice = [&] {
    if (!move_to || !in_voice) return;
    if (*move_to) voice_->move(g.guild.id, before.user_id, move_target);
    else voice_->disconnect(g.guild.id, before.user_id);
  };

  audit_changes changes;
  changes.add("nick", opt_str(before.nick), opt_str(next.nick));
  changes.add("mute", before.mute, next.mute);
  changes.add("deaf", before.deaf, next.deaf);
  changes.add("communication_disabled_until", opt_time(before.communication_disabled_until_ms),
              opt_time(next.communication_disabled_until_ms));
  changes.add("flags", before.flags, next.flags);
  audit_changes role_changes;
  if (!added.empty()) role_changes.add("$add", nullptr, role_refs(g, added));
  if (!removed.empty()) role_changes.add("$remove", nullptr, role_refs(g, removed));
  if (changes.empty() && role_changes.empty()) {
    move_voice();
    return target;
  }

  const auto guild_id = g.guild.id;
  std::optional<model::audit_log_entry> update_entry, role_entry;
  if (!changes.empty())
    update_entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_update, before.user_id, &changes);
  if (!role_changes.empty())
    role_entry =
        make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_role_update, before.user_id, &role_changes);
  // Discord logs a nick and a role change of one request as two entries (MEMBER_UPDATE, then
  // MEMBER_ROLE_UPDATE). The store writes one entry with the change; the second follows on its own.
  const auto* first = update_entry ? &*update_entry : &*role_entry;
  if (auto r = ctx_.store.update_member(next, first); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_member();
    return internal_error(r.error(), "update_member");
  }
  target.member = std::move(next);
  publish_member(ctx_, "GUILD_MEMBER_UPDATE", target.member, target.user);
  publish_audit_entry(ctx_, *first);
  move_voice();
  if (update_entry && role_entry) {
    if (auto r = ctx_.store.append_audit_entry(*role_entry); !r) internal_error(r.error(), "append_audit_entry");
    else publish_audit_entry(ctx_, *role_entry);
  }
  return target;
}

std::optional<api_error> members::check_move(const actor& who, const guild_access& g, const voice_state& current,
                                             const std::optional<model::snowflake>& to, model::channel& target) {
  // MOVE_MEMBERS where the member is now, and (for a move) in the target, with CONNECT there; the
  // target's user_limit does not apply to a move (Discord lets movers fill a channel).
  auto here = load_channel_access(ctx_, current.channel_id, who.user.id);
  if (!here) return here.error().status() == 404 ? missing_permissions() : here.error();
  if (!(here->perms & perm::move_members)) return missing_permissions();
  if (!to) return std::nullopt;
  auto there = load_channel_access(ctx_, *to, who.user.id);
  if (!there) return there.error();
  if (there->channel.guild_id != g.guild.id) return unknown_channel();
  if (there->channel.type != model::channel_type::guild_voice &&
      there->channel.type != model::channel_type::guild_stage_voice)
    return api_error(400, static_cast<json_code>(50024), "Cannot execute action on this channel type");
  if ((there->perms & (perm::move_members | perm::connect)) != (perm::move_members | perm::connect))
    return missing_permissions();
  target = std::move(there->channel);
  return std::nullopt;
}

model::api_result<void> members::kick(const actor& who, model::snowflake guild_id, model::snowflake user_id) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_member();
  if (!g->has(perm::kick_members)) return missing_permissions();
  if (!model::outranks(g->self, (*m)->member, g->guild, g->roles)) return missing_permissions();
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_kick, user_id);
  if (auto r = ctx_.store.remove_member(guild_id, user_id, &entry); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_member();
    return internal_error(r.error(), "remove_member");
  }
  publish_member_remove(ctx_, guild_id, (*m)->user);
  publish_guild_delete_to_user(ctx_, guild_id, user_id);
  publish_audit_entry(ctx_, entry);
  return {};
}

model::api_result<std::optional<store::member_record>> members::add(const actor& who, model::snowflake guild_id,
                                                                    model::snowflake user_id, const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  form f(body);
  const auto token = f.required_string("access_token", 1, 512);
  model::member m;
  m.guild_id = guild_id;
  m.user_id = user_id;
  m.joined_ms = ctx_.time.now_ms();
  if (auto nick = f.nullable_string("nick", 1, 32); nick.present && nick.value) m.nick = std::string(*nick.value);
  read_role_ids(f, body, guild_id, m.roles);
  if (auto mute = f.optional_bool("mute")) m.mute = *mute;
  if (auto deaf = f.optional_bool("deaf")) m.deaf = *deaf;
  if (!f.ok()) return f.error();
  if (!g->has(perm::create_instant_invite)) return missing_permissions();

  auto owner = ctx_.store.user_by_token(hash_token(*token));
  if (!owner) return internal_error(owner.error(), "user_by_token");
  if (!*owner || **owner != user_id)
    return api_error(403, static_cast<json_code>(50025), "Invalid OAuth2 access token");
  auto existing = ctx_.store.member(guild_id, user_id);
  if (!existing) return internal_error(existing.error(), "member");
  if (*existing) return std::optional<store::member_record>();

  if (m.nick && !g->has(perm::manage_nicknames)) return missing_permissions();
  if (!m.roles.empty()) {
    if (!g->has(perm::manage_roles)) return missing_permissions();
    for (const auto id : m.roles)
      if (auto e = check_assignable(*g, id)) return *e;
  }
  if (m.mute && !g->has(perm::mute_members)) return missing_permissions();
  if (m.deaf && !g->has(perm::deafen_members)) return missing_permissions();

  auto joined = ctx_.store.add_member(m);
  if (!joined) {
    if (joined.error() == store::store_errc::not_found) return api_error::not_found(json_code::unknown_user, "User");
    return internal_error(joined.error(), "add_member");
  }
  if (*joined == store::join_outcome::banned) return banned();
  if (*joined != store::join_outcome::joined) return std::optional<store::member_record>();
  auto record = ctx_.store.member(guild_id, user_id);
  if (!record) return internal_error(record.error(), "member");
  if (!*record) return unknown_member();  // left again in between
  publish_member(ctx_, "GUILD_MEMBER_ADD", (*record)->member, (*record)->user);
  publish_guild_create(ctx_, guild_id, user_id);
  return std::move(*record);
}

model::api_result<void> members::set_role(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                                          model::snowflake role_id, bool present) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  auto m = ctx_.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_member();
  if (role_id == guild_id || !g->role(role_id)) return unknown_role();
  if (!g->has(perm::manage_roles)) return missing_permissions();
  if (auto e = check_assignable(*g, role_id)) return *e;
  const auto& roles = (*m)->member.roles;
  const bool has_now = std::find(roles.begin(), roles.end(), role_id) != roles.end();
  if (has_now == present) return {};

  audit_changes changes;
  changes.add(present ? "$add" : "$remove", nullptr, role_refs(*g, {role_id}));
  const auto entry =
      make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_role_update, user_id, &changes);
  auto changed = ctx_.store.set_member_role(guild_id, user_id, role_id, present, &entry);
  if (!changed) {
    if (changed.error() == store::store_errc::not_found) return unknown_member();
    return internal_error(changed.error(), "set_member_role");
  }
  if (!*changed) return {};  // a concurrent request made the same change
  auto after = ctx_.store.member(guild_id, user_id);
  if (after && *after) publish_member(ctx_, "GUILD_MEMBER_UPDATE", (*after)->member, (*after)->user);
  publish_audit_entry(ctx_, entry);
  return {};
}

model::api_result<store::prune_query> members::prune_query_of(const guild_access& g, int days,
                                                             const std::vector<model::snowflake>& include_roles) {
  if (!g.has(perm::kick_members)) return missing_permissions();
  for (const auto id : include_roles)
    if (!g.role(id)) return unknown_role();
  store::prune_query q;
  const auto cutoff = ctx_.time.now_ms() - static_cast<std::int64_t>(days) * 86400 * 1000;
  q.joined_before_ms = cutoff;
  // Message ids are snowflakes: the first id of the cutoff millisecond bounds the window.
  q.active_since_id = model::snowflake_at(static_cast<std::uint64_t>(std::max<std::int64_t>(cutoff, 0)));
  q.include_roles = include_roles;
  q.exempt_user_id = g.guild.owner_id;
  return q;
}

model::api_result<std::size_t> members::prune_count(const model::user& caller, model::snowflake guild_id, int days,
                                                    const std::vector<model::snowflake>& include_roles) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  auto q = prune_query_of(*g, days, include_roles);
  if (!q) return q.error();
  auto n = ctx_.store.count_prunable_members(guild_id, *q);
  if (!n) return internal_error(n.error(), "count_prunable_members");
  return *n;
}

model::api_result<std::optional<std::size_t>> members::prune(const actor& who, model::snowflake guild_id,
                                                             const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  form f(body);
  const auto days = static_cast<int>(f.optional_integer("days", 1, 30).value_or(7));
  const bool compute = f.optional_bool("compute_prune_count").value_or(true);
  std::vector<model::snowflake> include_roles;
  if (const auto* list = body.if_contains("include_roles"); list && !list->is_null()) {
    // read_role_ids reports under "roles": read the list under that name, report under ours.
    const json::object alias{{"roles", *list}};
    form inner(alias);
    read_role_ids(inner, alias, guild_id, include_roles);
    if (!inner.ok()) f.add("include_roles", "BASE_TYPE_LIST", "Must be a list of role ids.");
  }
  if (!f.ok()) return f.error();
  auto q = prune_query_of(*g, days, include_roles);
  if (!q) return q.error();

  std::optional<model::audit_log_entry> entry;
  auto removed = ctx_.store.prune_members(guild_id, *q, [&](std::size_t n) {
    json::object options{{"delete_member_days", std::to_string(days)}, {"members_removed", std::to_string(n)}};
    entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::member_prune, std::nullopt, nullptr, &options);
    return *entry;
  });
  if (!removed) return internal_error(removed.error(), "prune_members");
  for (const auto& r : *removed) {
    publish_member_remove(ctx_, guild_id, r.user);
    publish_guild_delete_to_user(ctx_, guild_id, r.member.user_id);
  }
  if (entry) publish_audit_entry(ctx_, *entry);
  if (!compute) return std::optional<std::size_t>();
  return std::optional<std::size_t>(removed->size());
}

model::api_result<void> members::authorize_bot(const actor& who, model::snowflake application_id,
                                               const json::object& body) {
  auto app = ctx_.store.application_by_id(application_id);
  if (!app) return internal_error(app.error(), "application_by_id");
  if (!*app) return api_error::not_found(json_code::unknown_application, "Application");
  form f(body);
  const auto guild_id = f.optional_snowflake("guild_id");
  if (!guild_id && f.ok()) f.add("guild_id", "BASE_TYPE_REQUIRED", "This field is required");
  model::permissions bits = 0;
  if (const auto* p = body.if_contains("permissions"); p && !p->is_null()) {
    auto errors = api_error::invalid_form_body();
    if (auto parsed = model::parse_permissions(*p, "permissions", errors)) bits = *parsed;
    merge_field_errors(f, errors);
  }
  const auto authorize = f.optional_bool("authorize");
  if (authorize && !*authorize) f.add("authorize", "BASE_TYPE_CHOICES", "Must be true to add the bot.");
  if (!f.ok()) return f.error();

  auto g = load_guild_access(ctx_, *guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::manage_guild)) return missing_permissions();
  if (!model::can_grant(g->perms, bits)) return missing_permissions();
  const auto bot_id = (*app)->bot_user_id;
  auto existing = ctx_.store.member(*guild_id, bot_id);
  if (!existing) return internal_error(existing.error(), "member");
  if (*existing) return {};
  auto ban_row = ctx_.store.ban(*guild_id, bot_id);
  if (!ban_row) return internal_error(ban_row.error(), "ban");
  if (*ban_row) return banned();

  const auto now = ctx_.time.now_ms();
  std::optional<model::role> role;
  if (bits) {
    role.emplace();
    role->id = ctx_.ids.next(static_cast<std::uint64_t>(now));
    role->guild_id = *guild_id;
    role->name = (*app)->name;
    role->position = 1;
    role->perms = bits;
    role->managed = true;
    role->bot_id = bot_id;
  }
  model::member m;
  m.guild_id = *guild_id;
  m.user_id = bot_id;
  m.joined_ms = now;
  if (role) m.roles.push_back(role->id);
  json::object options{{"permissions", model::to_string(bits)}};
  const auto entry = make_audit_entry(ctx_, *guild_id, who, model::audit_log_action::bot_add, bot_id, nullptr, &options);
  // Role, membership and entry in one transaction: a failure leaves no orphaned managed role.
  auto joined = ctx_.store.add_bot_member(m, role, &entry);
  if (!joined) return internal_error(joined.error(), "add_bot_member");
  if (*joined == store::join_outcome::banned) return banned();
  if (*joined != store::join_outcome::joined) return {};
  if (role) publish_role(ctx_, "GUILD_ROLE_CREATE", *role);
  publish_audit_entry(ctx_, entry);
  auto record = ctx_.store.member(*guild_id, bot_id);
  if (record && *record) publish_member(ctx_, "GUILD_MEMBER_ADD", (*record)->member, (*record)->user);
  publish_guild_create(ctx_, *guild_id, bot_id);
  return {};
}

} // namespace parley::service
