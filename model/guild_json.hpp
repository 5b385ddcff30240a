// Discord's JSON shapes for the community domain: role (rest.md §6.4), channel (§6.5), member
// (§6.3, gateway.md §11.4), guild and partial guild (§6.2), GUILD_CREATE (gateway.md §11.3),
// invite (§6.8, gateway.md §11.7), ban, and audit log entries and responses (action numbers in
// audit_log_action.hpp). Ids and permission sets are strings; timestamps are ISO 8601 with
// microseconds and +00:00 (timestamp.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/guild.hpp"
#include "model/permission_bits.hpp"
#include "model/user.hpp"

namespace parley::model {

// Finds a user to embed; nullptr when unknown. Called synchronously during serialization only.
using user_lookup = std::function<const user*(snowflake)>;

// with_counts=true extras (guilds, partial guilds, invites).
struct guild_counts {
  std::int64_t approximate_member_count = 0;
  std::int64_t approximate_presence_count = 0;
};

// {id, name, color, colors{primary_color, secondary_color, tertiary_color}, hoist, icon,
// unicode_emoji, position, permissions (string), managed, mentionable, flags, tags?}; tags carries
// bot_id for a bot's managed role and is absent otherwise (rest.md §6.4: absent = false).
boost::json::object to_json(const role& r);

// {id, type, allow, deny} with allow/deny as decimal strings.
boost::json::object to_json(const permission_overwrite& ow);

// Only the fields that apply to the channel's type. Guild channels: guild_id, name, position,
// permission_overwrites, parent_id, nsfw; text-like: topic, rate_limit_per_user, last_message_id,
// last_pin_timestamp (forum/media: the forum defaults instead of last_pin_timestamp); voice and
// stage: bitrate, user_limit, rtc_region, video_quality_mode, rate_limit_per_user,
// last_message_id; DMs and group DMs: recipients as user objects from `users`, leaving out
// viewer_id (Discord lists the other participants only) — a recipient the lookup does not know is
// written as a minimal user {id, username "", ...} so clients that index recipients still work.
// Threads are written with their base fields only (thread_metadata comes with thread support).
boost::json::object to_json(const channel& c, const user_lookup& users = {}, snowflake viewer_id = 0);

// The guild member object; `u` is embedded as "user" when non-null (MESSAGE_CREATE's member has
// none). communication_disabled_until is written as stored, even when already past (Discord does
// the same until the timeout is cleared). Events add guild_id themselves.
boost::json::object to_json(const member& m, const user* u);

// The full guild object of rest.md §6.2 with `roles` embedded (pass every role, @everyone
// included); counts adds approximate_member_count / approximate_presence_count.
boost::json::object to_json(const guild& g, std::span<const role> roles, const guild_counts* counts = nullptr);

// GET /users/@me/guilds: {id, name, icon, banner, owner, permissions, features, approximate_*?}.
// caller_permissions: the caller's base permissions (no overwrites).
boost::json::object to_partial_json(const guild& g, bool owner, permissions caller_permissions,
                                    const guild_counts* counts = nullptr);

// {id, unavailable: true} (GUILD_CREATE/GUILD_DELETE during an outage, READY's guild list).
boost::json::object to_unavailable_json(snowflake guild_id);

// The pieces GUILD_CREATE adds on top of the guild object (gateway.md §11.3). The arrays the
// model has no type for yet (voice states without guild_id, presences, active threads) are passed
// already shaped and moved into the result.
struct guild_create_extras {
  std::span<const role> roles;
  std::span<const channel> channels;
  std::span<const member> members;         // the subset to send (gateway.md §7)
  user_lookup users;                        // embeds each member's user
  std::int64_t joined_ms = 0;               // when the receiving user joined
  std::int64_t member_count = 0;
  bool large = false;
  boost::json::array voice_states;
  boost::json::array presences;
  boost::json::array threads;
};
boost::json::object to_guild_create_json(const guild& g, guild_create_extras extras);

// The invite object (rest.md §6.8): type 0, code, guild (partial) when g is given, channel
// (partial {id, name, type}) when c is given, inviter when given, expires_at (created + max_age,
// null when max_age is 0), approximate counts when given.
boost::json::object to_json(const invite& inv, const guild* g, const channel* c, const user* inviter,
                            const guild_counts* counts = nullptr);
// The same plus metadata: uses, max_uses, max_age, temporary, created_at (listing and creation).
boost::json::object to_metadata_json(const invite& inv, const guild* g, const channel* c, const user* inviter);
// INVITE_CREATE's d (gateway.md §11.7): channel_id, code, created_at, guild_id, inviter?, max_age,
// max_uses, temporary, uses, expires_at.
boost::json::object to_invite_create_event_json(const invite& inv, const user* inviter);
// The invite's expiry in Unix ms; nullopt when it never expires.
std::optional<std::int64_t> invite_expires_ms(const invite& inv);

// {reason, user}.
boost::json::object to_json(const ban& b, const user& u);

// {id, action_type, target_id, user_id, changes?, options?, reason?}: changes and options are
// parsed from the stored JSON text and left out when empty or unreadable. GUILD_AUDIT_LOG_ENTRY_CREATE
// adds guild_id.
boost::json::object to_json(const audit_log_entry& e);
// GET /guilds/{id}/audit-logs: {audit_log_entries, users, integrations, webhooks,
// guild_scheduled_events, threads, application_commands, auto_moderation_rules}; `users` are the
// users the entries reference (actors and user targets), each written once by the caller's choice.
boost::json::object to_audit_log_json(std::span<const audit_log_entry> entries, std::span<const user> users);

} // namespace parley::model
