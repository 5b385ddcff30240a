// The event bus between service/ (which publishes what happened) and the gateway (which turns an
// audience into sessions). In-process by default; NATS in a cluster. Events carry their audience so
// the bus can route by subject without looking inside the payload.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "model/snowflake.hpp"

namespace parley::bus {

using model::snowflake;

// Who may receive an event. The gateway applies intents and permissions on top.
//
// The contract between service/ (publisher) and the gateway (receiver):
// - `name` and `data` are the dispatch exactly as a client receives it (`t` and `d`).
// - user: only that user's sessions. USER_UPDATE; GUILD_CREATE to a user who just joined a guild
//   (full guild object as in READY's GUILD_CREATE, with `joined_at`, `members`, `channels`, ...);
//   GUILD_DELETE {id} to a user who left, was kicked or banned, or whose guild was deleted.
// - guild: every session whose user is a member of guild `id` (GUILD_UPDATE, GUILD_ROLE_*,
//   GUILD_MEMBER_ADD/UPDATE/REMOVE, GUILD_BAN_*, INVITE_*, PRESENCE_UPDATE, VOICE_STATE_UPDATE...).
// - channel: members of `guild_id` who may VIEW_CHANNEL channel `id` (CHANNEL_CREATE/UPDATE/DELETE,
//   CHANNEL_PINS_UPDATE, MESSAGE_*, TYPING_START, ...); for DMs (guild_id 0) the recipients.
// The gateway keeps each guild's members, roles, channels and overwrites in memory to decide
// the guild and channel audiences, and updates that state from the same events it dispatches:
// GUILD_CREATE (user) adds the user to the guild; GUILD_DELETE (user) removes them;
// GUILD_MEMBER_ADD/UPDATE/REMOVE, GUILD_ROLE_CREATE/UPDATE/DELETE, CHANNEL_CREATE/UPDATE/DELETE
// and GUILD_UPDATE/GUILD_DELETE (guild) update it. So every change that affects who may see what
// must be published, in the order the store committed it (publish after the commit).
//
// Narrowing (all optional):
// - users: for a channel audience of a private channel (guild_id 0), the recipients: each of
//   their sessions receives the event (DMs belong to shard 0, gateway.md §6.1).
// - any_permission: for guild and channel audiences, only members holding at least one of these
//   permission bits (guild-level for guild audiences, in the channel for channel audiences; the
//   owner and ADMINISTRATOR hold all). INVITE_CREATE/DELETE: MANAGE_CHANNELS; GUILD_BAN_*:
//   BAN_MEMBERS | VIEW_AUDIT_LOG; GUILD_AUDIT_LOG_ENTRY_CREATE: VIEW_AUDIT_LOG.
struct audience {
  enum class kind { user, guild, channel } scope = kind::user;
  snowflake id = 0;        // user, guild or channel id
  snowflake guild_id = 0;  // for channel audiences inside a guild (0 for DMs)
  std::vector<snowflake> users;
  std::uint64_t any_permission = 0;
};

// MESSAGE_CONTENT (gateway.md §5.2): guild MESSAGE_CREATE/UPDATE carry `redacted`, the same `d`
// with content "", embeds/attachments/components [] and no poll. A bot session without the
// MESSAGE_CONTENT intent receives `redacted` unless its user is in `content_readers` (the
// author and the mentioned users). Sessions of people always receive `data`.
struct event {
  std::string name;         // dispatch name, e.g. "USER_UPDATE"
  boost::json::value data;  // the dispatch `d`
  audience to;
  std::optional<boost::json::value> redacted;
  std::vector<snowflake> content_readers;
};

using event_ptr = std::shared_ptr<const event>;

class bus {
 public:
  virtual ~bus() = default;
  // Thread-safe; may be called from store threads. Delivery is asynchronous and ordered per publisher.
  virtual void publish(event_ptr e) = 0;
  // Subscribers are added at startup, before the first publish. The callback runs on the
  // publisher's thread and must only hand the event over (post it), never block.
  virtual void subscribe(std::function<void(const event_ptr&)> on_event) = 0;
};

} // namespace parley::bus
