#include "model/guild_json.hpp"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>

#include "model/channel_kind.hpp"
#include "model/timestamp.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

// Ids and permission sets as JSON strings without a temporary std::string.
json::value decimal(std::uint64_t n) {
  char buf[20];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  return json::string(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

json::value nullable_id(const std::optional<snowflake>& id) { return id ? decimal(*id) : json::value(nullptr); }

json::value nullable(const std::optional<std::string>& s) {
  return s ? json::value(json::string(*s)) : json::value(nullptr);
}

json::value timestamp(std::int64_t unix_ms) {
  char buf[iso8601_length];
  write_iso8601(buf, unix_ms);
  return json::string(std::string_view(buf, iso8601_length));
}

json::value nullable_timestamp(const std::optional<std::int64_t>& unix_ms) {
  return unix_ms ? timestamp(*unix_ms) : json::value(nullptr);
}

json::array overwrites_json(const std::vector<permission_overwrite>& overwrites) {
  json::array a;
  a.reserve(overwrites.size());
  for (const auto& ow : overwrites) a.emplace_back(to_json(ow));
  return a;
}

// A recipient the store could not resolve: enough for clients to build a user from.
json::object placeholder_user(snowflake id) {
  json::object o;
  o.reserve(5);
  o.emplace("id", decimal(id));
  o.emplace("username", "");
  o.emplace("discriminator", "0");
  o.emplace("global_name", nullptr);
  o.emplace("avatar", nullptr);
  return o;
}

json::object partial_guild_for_invite(const guild& g) {
  json::object o;
  o.reserve(11);
  o.emplace("id", decimal(g.id));
  o.emplace("name", g.name);
  o.emplace("splash", nullptr);
  o.emplace("banner", nullptr);
  o.emplace("description", nullable(g.description));
  o.emplace("icon", nullable(g.icon));
  o.emplace("features", json::array());
  o.emplace("verification_level", g.verification_level);
  o.emplace("vanity_url_code", nullptr);
  o.emplace("nsfw_level", 0);
  o.emplace("premium_subscription_count", 0);
  return o;
}

void put_counts(json::object& o, const guild_counts* counts) {
  if (!counts) return;
  o.emplace("approximate_member_count", counts->approximate_member_count);
  o.emplace("approximate_presence_count", counts->approximate_presence_count);
}

// Stored JSON text written by the service; an unreadable value is dropped rather than failing the
// whole response.
std::optional<json::value> parse_stored(std::string_view text) {
  if (text.empty()) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

} // namespace

json::object to_json(const role& r) {
  json::object o;
  o.reserve(14);
  o.emplace("id", decimal(r.id));
  o.emplace("name", r.name);
  o.emplace("color", r.color);
  json::object colors;
  colors.reserve(3);
  colors.emplace("primary_color", r.color);
  colors.emplace("secondary_color", nullptr);
  colors.emplace("tertiary_color", nullptr);
  o.emplace("colors", std::move(colors));
  o.emplace("hoist", r.hoist);
  o.emplace("icon", nullptr);
  o.emplace("unicode_emoji", nullptr);
  o.emplace("position", r.position);
  o.emplace("permissions", decimal(r.perms));
  o.emplace("managed", r.managed);
  o.emplace("mentionable", r.mentionable);
  o.emplace("flags", r.flags);
  if (r.managed && r.bot_id) o.emplace("tags", json::object{{"bot_id", decimal(*r.bot_id)}});
  return o;
}

json::object to_json(const permission_overwrite& ow) {
  json::object o;
  o.reserve(4);
  o.emplace("id", decimal(ow.id));
  o.emplace("type", static_cast<int>(ow.type));
  o.emplace("allow", decimal(ow.allow));
  o.emplace("deny", decimal(ow.deny));
  return o;
}

json::object to_json(const channel& c, const user_lookup& users, snowflake viewer_id) {
  json::object o;
  o.reserve(20);
  o.emplace("id", decimal(c.id));
  o.emplace("type", static_cast<int>(c.type));
  o.emplace("flags", c.flags);

  if (is_dm(c.type)) {
    o.emplace("last_message_id", nullable_id(c.last_message_id));
    o.emplace("last_pin_timestamp", nullable_timestamp(c.last_pin_ms));
    json::array recipients;
    recipients.reserve(c.recipients.size());
    for (snowflake id : c.recipients) {
      if (id == viewer_id) continue;
      const user* u = users ? users(id) : nullptr;
      recipients.emplace_back(u ? to_public_json(*u) : placeholder_user(id));
    }
    o.emplace("recipients", std::move(recipients));
    if (c.type == channel_type::group_dm) {
      o.emplace("name", nullable(c.name));
      o.emplace("icon", nullable(c.icon));
      o.emplace("owner_id", nullable_id(c.owner_id));
    }
    return o;
  }

  if (c.guild_id) o.emplace("guild_id", decimal(*c.guild_id));
  o.emplace("name", nullable(c.name));
  o.emplace("parent_id", nullable_id(c.parent_id));

  if (is_thread(c.type)) {
    o.emplace("owner_id", nullable_id(c.owner_id));
    o.emplace("last_message_id", nullable_id(c.last_message_id));
    o.emplace("rate_limit_per_user", c.rate_limit_per_user);
    return o;
  }

  o.emplace("position", c.position);
  o.emplace("permission_overwrites", overwrites_json(c.overwrites));
  if (c.type == channel_type::guild_category || c.type == channel_type::guild_directory) return o;

  o.emplace("nsfw", c.nsfw);
  o.emplace("rate_limit_per_user", c.rate_limit_per_user);
  o.emplace("last_message_id", nullable_id(c.last_message_id));
  if (is_voice_like(c.type)) {
    o.emplace("bitrate", c.bitrate);
    o.emplace("user_limit", c.user_limit);
    o.emplace("rtc_region", nullable(c.rtc_region));
    o.emplace("video_quality_mode", c.video_quality_mode);
    if (c.type == channel_type::guild_stage_voice) o.emplace("topic", nullable(c.topic));
    return o;
  }

  o.emplace("topic", nullable(c.topic));
  if (c.type == channel_type::guild_forum || c.type == channel_type::guild_media) {
    o.emplace("available_tags", json::array());
    o.emplace("default_reaction_emoji", nullptr);
    o.emplace("default_sort_order", nullptr);
    o.emplace("default_thread_rate_limit_per_user", 0);
    if (c.type == channel_type::guild_forum) o.emplace("default_forum_layout", 0);
  } else {
    o.emplace("last_pin_timestamp", nullable_timestamp(c.last_pin_ms));
  }
  return o;
}

json::object to_json(const member& m, const user* u) {
  json::object o;
  o.reserve(13);
  if (u) o.emplace("user", to_public_json(*u));
  o.emplace("nick", nullable(m.nick));
  o.emplace("avatar", nullptr);
  o.emplace("banner", nullptr);
  json::array roles;
  roles.reserve(m.roles.size());
  for (snowflake id : m.roles) roles.emplace_back(decimal(id));
  o.emplace("roles", std::move(roles));
  o.emplace("joined_at", timestamp(m.joined_ms));
  o.emplace("premium_since", nullptr);
  o.emplace("deaf", m.deaf);
  o.emplace("mute", m.mute);
  o.emplace("flags", m.flags);
  o.emplace("pending", m.pending);
  o.emplace("communication_disabled_until", nullable_timestamp(m.communication_disabled_until_ms));
  return o;
}

json::object to_json(const guild& g, std::span<const role> roles, const guild_counts* counts) {
  json::object o;
  o.reserve(48);
  o.emplace("id", decimal(g.id));
  o.emplace("name", g.name);
  o.emplace("icon", nullable(g.icon));
  o.emplace("splash", nullptr);
  o.emplace("discovery_splash", nullptr);
  o.emplace("owner_id", decimal(g.owner_id));
  o.emplace("afk_channel_id", nullable_id(g.afk_channel_id));
  o.emplace("afk_timeout", g.afk_timeout);
  o.emplace("widget_enabled", false);
  o.emplace("widget_channel_id", nullptr);
  o.emplace("verification_level", g.verification_level);
  o.emplace("default_message_notifications", g.default_message_notifications);
  o.emplace("explicit_content_filter", g.explicit_content_filter);
  json::array role_array;
  role_array.reserve(roles.size());
  for (const role& r : roles) role_array.emplace_back(to_json(r));
  o.emplace("roles", std::move(role_array));
  o.emplace("emojis", json::array());
  o.emplace("features", json::array());
  o.emplace("mfa_level", 0);
  o.emplace("application_id", nullable_id(g.application_id));
  o.emplace("system_channel_id", nullable_id(g.system_channel_id));
  o.emplace("system_channel_flags", g.system_channel_flags);
  o.emplace("rules_channel_id", nullable_id(g.rules_channel_id));
  o.emplace("max_presences", nullptr);
  o.emplace("max_members", 500000);
  o.emplace("vanity_url_code", nullptr);
  o.emplace("description", nullable(g.description));
  o.emplace("banner", nullptr);
  o.emplace("premium_tier", 0);
  o.emplace("premium_subscription_count", 0);
  o.emplace("preferred_locale", g.preferred_locale);
  o.emplace("public_updates_channel_id", nullable_id(g.public_updates_channel_id));
  o.emplace("max_video_channel_users", 25);
  o.emplace("max_stage_video_channel_users", 50);
  o.emplace("nsfw_level", 0);
  o.emplace("nsfw", false);
  o.emplace("stickers", json::array());
  o.emplace("premium_progress_bar_enabled", false);
  o.emplace("safety_alerts_channel_id", nullptr);
  o.emplace("incidents_data", nullptr);
  o.emplace("region", "deprecated");
  o.emplace("hub_type", nullptr);
  o.emplace("latest_onboarding_question_id", nullptr);
  put_counts(o, counts);
  return o;
}

json::object to_partial_json(const guild& g, bool owner, permissions caller_permissions, const guild_counts* counts) {
  json::object o;
  o.reserve(9);
  o.emplace("id", decimal(g.id));
  o.emplace("name", g.name);
  o.emplace("icon", nullable(g.icon));
  o.emplace("banner", nullptr);
  o.emplace("owner", owner);
  o.emplace("permissions", decimal(caller_permissions));
  o.emplace("features", json::array());
  put_counts(o, counts);
  return o;
}

json::object to_unavailable_json(snowflake guild_id) {
  return json::object{{"id", decimal(guild_id)}, {"unavailable", true}};
}

json::object to_guild_create_json(const guild& g, guild_create_extras extras) {
  json::object o = to_json(g, extras.roles);
  o.reserve(o.size() + 12);
  o.emplace("joined_at", timestamp(extras.joined_ms));
  o.emplace("large", extras.large);
  o.emplace("unavailable", false);
  o.emplace("member_count", extras.member_count);

  json::array members;
  members.reserve(extras.members.size());
  for (const member& m : extras.members)
    members.emplace_back(to_json(m, extras.users ? extras.users(m.user_id) : nullptr));
  o.emplace("members", std::move(members));

  json::array channels;
  channels.reserve(extras.channels.size());
  for (const channel& c : extras.channels) channels.emplace_back(to_json(c));
  o.emplace("channels", std::move(channels));

  o.emplace("threads", std::move(extras.threads));
  o.emplace("voice_states", std::move(extras.voice_states));
  o.emplace("presences", std::move(extras.presences));
  o.emplace("stage_instances", json::array());
  o.emplace("guild_scheduled_events", json::array());
  o.emplace("soundboard_sounds", json::array());
  return o;
}

std::optional<std::int64_t> invite_expires_ms(const invite& inv) {
  if (inv.max_age <= 0) return std::nullopt;
  return inv.created_ms + std::int64_t{inv.max_age} * 1000;
}

json::object to_json(const invite& inv, const guild* g, const channel* c, const user* inviter,
                     const guild_counts* counts) {
  json::object o;
  o.reserve(16);
  o.emplace("type", 0);
  o.emplace("code", inv.code);
  if (g) o.emplace("guild", partial_guild_for_invite(*g));
  if (c) {
    json::object partial;
    partial.reserve(3);
    partial.emplace("id", decimal(c->id));
    partial.emplace("name", nullable(c->name));
    partial.emplace("type", static_cast<int>(c->type));
    o.emplace("channel", std::move(partial));
  } else {
    o.emplace("channel", nullptr);
  }
  if (inviter) o.emplace("inviter", to_public_json(*inviter));
  o.emplace("expires_at", nullable_timestamp(invite_expires_ms(inv)));
  if (counts) {
    o.emplace("approximate_member_count", counts->approximate_member_count);
    o.emplace("approximate_presence_count", counts->approximate_presence_count);
  }
  return o;
}

json::object to_metadata_json(const invite& inv, const guild* g, const channel* c, const user* inviter) {
  json::object o = to_json(inv, g, c, inviter);
  o.emplace("uses", inv.uses);
  o.emplace("max_uses", inv.max_uses);
  o.emplace("max_age", inv.max_age);
  o.emplace("temporary", inv.temporary);
  o.emplace("created_at", timestamp(inv.created_ms));
  return o;
}

json::object to_invite_create_event_json(const invite& inv, const user* inviter) {
  json::object o;
  o.reserve(11);
  o.emplace("channel_id", decimal(inv.channel_id));
  o.emplace("code", inv.code);
  o.emplace("created_at", timestamp(inv.created_ms));
  o.emplace("guild_id", decimal(inv.guild_id));
  if (inviter) o.emplace("inviter", to_public_json(*inviter));
  o.emplace("max_age", inv.max_age);
  o.emplace("max_uses", inv.max_uses);
  o.emplace("temporary", inv.temporary);
  o.emplace("uses", 0);
  o.emplace("expires_at", nullable_timestamp(invite_expires_ms(inv)));
  return o;
}

json::object to_json(const ban& b, const user& u) {
  json::object o;
  o.reserve(2);
  o.emplace("reason", nullable(b.reason));
  o.emplace("user", to_public_json(u));
  return o;
}

json::object to_json(const audit_log_entry& e) {
  json::object o;
  o.reserve(7);
  o.emplace("id", decimal(e.id));
  o.emplace("action_type", e.action_type);
  o.emplace("target_id", nullable_id(e.target_id));
  o.emplace("user_id", nullable_id(e.user_id));
  if (auto changes = parse_stored(e.changes_json); changes && changes->is_array() && !changes->get_array().empty())
    o.emplace("changes", std::move(*changes));
  if (auto options = parse_stored(e.options_json); options && options->is_object() && !options->get_object().empty())
    o.emplace("options", std::move(*options));
  if (e.reason) o.emplace("reason", *e.reason);
  return o;
}

json::object to_audit_log_json(std::span<const audit_log_entry> entries, std::span<const user> users) {
  json::array entry_array;
  entry_array.reserve(entries.size());
  for (const auto& e : entries) entry_array.emplace_back(to_json(e));
  json::array user_array;
  user_array.reserve(users.size());
  for (const auto& u : users) user_array.emplace_back(to_public_json(u));

  json::object o;
  o.reserve(8);
  o.emplace("audit_log_entries", std::move(entry_array));
  o.emplace("users", std::move(user_array));
  o.emplace("integrations", json::array());
  o.emplace("webhooks", json::array());
  o.emplace("guild_scheduled_events", json::array());
  o.emplace("threads", json::array());
  o.emplace("application_commands", json::array());
  o.emplace("auto_moderation_rules", json::array());
  return o;
}

} // namespace parley::model
