// The storage interface of the community use cases (rest.md §7.3–§7.6): guilds, channels and
// their permission overwrites, roles, members, bans, invites and the audit log, plus the reads the
// gateway needs at login. Same conventions as account_store (store/store.hpp): synchronous,
// result<T>, store_errc::conflict / not_found / io, durable on success.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "model/guild.hpp"
#include "model/snowflake.hpp"
#include "model/user.hpp"
#include "proto/base/result.hpp"

namespace parley::store {

using model::snowflake;

// A window of a list ordered by snowflake: ids strictly between `after` and `before`
// (0 = unbounded). With `before` set the page is the `limit` ids nearest below `before`, otherwise
// the `limit` ids nearest above `after`; either way in the list's own order (below).
struct id_page {
  snowflake after = 0;
  snowflake before = 0;
  std::size_t limit = 100;
};

// GET /guilds/{id}/audit-logs: newest first. Only `after` set (no `before`): the `limit` entries
// nearest above `after`, still newest first (Discord's order; clients page with the first id).
struct audit_log_query {
  std::optional<snowflake> user_id;  // who did it
  std::optional<int> action_type;
  snowflake before = 0;
  snowflake after = 0;
  std::size_t limit = 50;
};

// The user of a member or ban, with public fields only: email and password_hash are left empty.
struct member_record {
  model::member member;
  model::user user;
};

struct ban_record {
  model::ban ban;
  model::user user;
};

struct guild_with_counts {
  model::guild guild;
  std::int64_t member_count = 0;
};

// One entry of GET /users/@me/guilds: what computing the caller's base permissions needs.
struct user_guild {
  model::guild guild;
  std::int64_t member_count = 0;
  std::vector<model::role> roles;  // every role, @everyone included
  model::member self;
};

// A guild as the gateway holds it (GUILD_CREATE). Members: the user's own member first.
struct guild_snapshot {
  model::guild guild;
  std::vector<model::role> roles;        // by position, then id
  std::vector<model::channel> channels;  // by position, then id; with their overwrites
  std::vector<member_record> members;
  std::int64_t member_count = 0;
};

// PATCH /guilds/{id}/channels, one element.
struct channel_position {
  snowflake id = 0;
  std::optional<int> position;
  bool change_parent = false;
  std::optional<snowflake> parent_id;  // with change_parent: the new category, nullopt = none
  bool lock_permissions = false;       // replace the overwrites with the (new) parent's
};

// GET/POST /guilds/{id}/prune: members who joined before joined_before_ms, sent no message in the
// guild with an id at or above active_since_id, and have no role outside include_roles (empty:
// no role at all). exempt_user_id (the owner) is never pruned.
struct prune_query {
  std::int64_t joined_before_ms = 0;
  snowflake active_since_id = 0;
  std::vector<snowflake> include_roles;
  snowflake exempt_user_id = 0;
};

// Builds the audit entry of a prune from the number of members it removes (called inside the
// transaction, at most once).
using prune_audit = std::function<model::audit_log_entry(std::size_t removed)>;

enum class join_outcome {
  joined,
  already_member,      // nothing changed
  banned,              // nothing changed
  unknown_or_expired,  // no such invite, expired, or used up; nothing changed
};

struct invite_acceptance {
  join_outcome outcome = join_outcome::unknown_or_expired;
  // The invite after the acceptance (uses incremented when joined); empty code when unknown.
  model::invite invite;
  // This use exhausted max_uses, so the invite was deleted with it (emit INVITE_DELETE).
  bool invite_deleted = false;
};

// Mutations the audit log covers take `audit`: when not null the entry is written in the same
// transaction as the change, and not at all when the change fails. Its guild_id must be the
// changed guild's (the entry goes away with the guild). Ids of audit entries are unique
// (store_errc::conflict otherwise, and the change is rolled back).
class guild_store {
 public:
  virtual ~guild_store() = default;

  // ---- guilds
  // Inserts the guild, its roles (the @everyone role has the guild's id), its channels with
  // their overwrites (categories may come after their children), and `owner` as its first member
  // (owner.guild_id and guild.owner_id must match the guild), all or nothing.
  // store_errc::conflict when any id is taken; store_errc::not_found when the owner's user does
  // not exist.
  virtual result<void> create_guild(const model::guild& g, const std::vector<model::role>& roles,
                                    const std::vector<model::channel>& channels,
                                    const model::member& owner) = 0;
  virtual result<std::optional<guild_with_counts>> guild_by_id(snowflake guild_id) = 0;
  // Replaces every column but id, owner_id, application_id and created_ms; not_found.
  virtual result<void> update_guild(const model::guild& g, const model::audit_log_entry* audit) = 0;
  // not_found when the guild or the new owner's membership does not exist.
  virtual result<void> transfer_guild_ownership(snowflake guild_id, snowflake new_owner_id,
                                                const model::audit_log_entry* audit) = 0;
  // Removes the guild with its roles, channels, overwrites, members, invites, bans and audit log.
  virtual result<void> delete_guild(snowflake guild_id) = 0;
  // The guilds `user_id` is a member of, ascending by guild id.
  virtual result<std::vector<user_guild>> guilds_of_user(snowflake user_id, const id_page& page) = 0;

  // ---- channels (guild channels; ids are global)
  // conflict on a taken id; not_found when the guild does not exist.
  virtual result<void> create_channel(const model::channel& c, const model::audit_log_entry* audit) = 0;
  virtual result<std::optional<model::channel>> channel_by_id(snowflake channel_id) = 0;
  virtual result<std::vector<model::channel>> channels_of_guild(snowflake guild_id) = 0;
  // Replaces type, position, name, topic, nsfw, bitrate, user_limit, rate_limit_per_user,
  // parent_id, rtc_region, video_quality_mode, flags and the overwrites (not last_message_id or
  // last_pin_ms, which messages own); not_found.
  virtual result<void> update_channel(const model::channel& c, const model::audit_log_entry* audit) = 0;
  // Also: children of a deleted category lose their parent; the guild's afk/system/rules/
  // public-updates channel ids pointing at it become null; its invites are deleted. not_found.
  virtual result<void> delete_channel(snowflake channel_id, const model::audit_log_entry* audit) = 0;
  // All or nothing; not_found when a channel (or new parent) is not in the guild.
  virtual result<void> update_channel_positions(snowflake guild_id, const std::vector<channel_position>& changes,
                                                const model::audit_log_entry* audit) = 0;
  // Inserts or replaces the overwrite for ow.id; not_found when the channel does not exist.
  virtual result<void> put_overwrite(snowflake channel_id, const model::permission_overwrite& ow,
                                     const model::audit_log_entry* audit) = 0;
  // not_found when the channel has no overwrite for target_id.
  virtual result<void> delete_overwrite(snowflake channel_id, snowflake target_id,
                                        const model::audit_log_entry* audit) = 0;

  // ---- roles
  // conflict on a taken id; not_found when the guild does not exist.
  virtual result<void> create_role(const model::role& r, const model::audit_log_entry* audit) = 0;
  // The role only if it belongs to guild_id.
  virtual result<std::optional<model::role>> role_by_id(snowflake guild_id, snowflake role_id) = 0;
  virtual result<std::vector<model::role>> roles_of_guild(snowflake guild_id) = 0;
  // Matched on id and guild_id; replaces every other column; not_found.
  virtual result<void> update_role(const model::role& r, const model::audit_log_entry* audit) = 0;
  // Also removes the role from every member and every overwrite targeting it; not_found.
  virtual result<void> delete_role(snowflake guild_id, snowflake role_id, const model::audit_log_entry* audit) = 0;
  // (role id, position) pairs; all or nothing; not_found when a role is not in the guild.
  virtual result<void> update_role_positions(snowflake guild_id,
                                             const std::vector<std::pair<snowflake, int>>& positions,
                                             const model::audit_log_entry* audit) = 0;

  // ---- members
  // PUT /guilds/{id}/members/{user} (OAuth join): joined, already_member or banned.
  // not_found when the guild or the user does not exist or a role is not the guild's.
  virtual result<join_outcome> add_member(const model::member& m) = 0;
  // POST /oauth2/authorize: the bot's managed role (when given) and its membership (m.roles
  // naming that role) with the audit entry, all or nothing. already_member and banned change
  // nothing (no role is created). not_found when the guild or the user does not exist.
  virtual result<join_outcome> add_bot_member(const model::member& m, const std::optional<model::role>& managed_role,
                                              const model::audit_log_entry* audit) = 0;
  // PUT/DELETE /guilds/{id}/members/{user}/roles/{role}: gives or takes one role. Returns false
  // when nothing changed (then no audit entry is written). not_found when the member does not
  // exist or the role is not the guild's.
  virtual result<bool> set_member_role(snowflake guild_id, snowflake user_id, snowflake role_id, bool present,
                                       const model::audit_log_entry* audit) = 0;
  virtual result<std::size_t> count_prunable_members(snowflake guild_id, const prune_query& q) = 0;
  // Removes every prunable member and writes audit(removed) when audit is set, atomically.
  // Returns the removed members (with their users), ascending by user id.
  virtual result<std::vector<member_record>> prune_members(snowflake guild_id, const prune_query& q,
                                                           const prune_audit& audit) = 0;
  virtual result<std::optional<member_record>> member(snowflake guild_id, snowflake user_id) = 0;
  // Ascending by user id, user ids above `after`.
  virtual result<std::vector<member_record>> members(snowflake guild_id, snowflake after, std::size_t limit) = 0;
  // Whether users a and b are members of at least one common guild (bots may DM only those).
  virtual result<bool> share_a_guild(snowflake a, snowflake b) = 0;
  // Members whose username or nick starts with `prefix` (ASCII case-insensitive), by user id.
  virtual result<std::vector<member_record>> search_members(snowflake guild_id, std::string_view prefix,
                                                            std::size_t limit) = 0;
  // Replaces nick, roles, deaf, mute, flags, pending and communication_disabled_until_ms.
  // not_found when the member does not exist or a role is not the guild's. @everyone (the
  // guild's id) in m.roles is ignored.
  virtual result<void> update_member(const model::member& m, const model::audit_log_entry* audit) = 0;
  // Kick (with audit) or leave (without); not_found.
  virtual result<void> remove_member(snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) = 0;

  // ---- bans
  // Inserts or replaces the ban and removes the membership, atomically. Returns the removed
  // member, if the user was one. not_found when the guild or the user does not exist.
  virtual result<std::optional<model::member>> ban_member(const model::ban& b, const model::audit_log_entry* audit) = 0;
  virtual result<std::optional<ban_record>> ban(snowflake guild_id, snowflake user_id) = 0;
  // Ascending by user id.
  virtual result<std::vector<ban_record>> bans(snowflake guild_id, const id_page& page) = 0;
  // not_found when the user is not banned.
  virtual result<void> remove_ban(snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) = 0;

  // ---- invites. An invite is live at now_ms when not expired (max_age 0 never expires) and
  // not used up (max_uses 0 = unlimited); the reads below return live invites only.
  // With reuse_equivalent (the request's unique=false) a live invite of the same channel and
  // inviter with the same max_age, max_uses and temporary is returned instead of inserting
  // (and no audit entry is written). inv.created_ms is "now". conflict on a taken code;
  // not_found when the channel is not in inv.guild_id.
  virtual result<model::invite> create_invite(const model::invite& inv, bool reuse_equivalent,
                                              const model::audit_log_entry* audit) = 0;
  virtual result<std::optional<model::invite>> invite_by_code(std::string_view code, std::int64_t now_ms) = 0;
  virtual result<std::vector<model::invite>> invites_of_channel(snowflake channel_id, std::int64_t now_ms) = 0;
  virtual result<std::vector<model::invite>> invites_of_guild(snowflake guild_id, std::int64_t now_ms) = 0;
  // Returns the deleted invite (live or not); not_found.
  virtual result<model::invite> delete_invite(std::string_view code, const model::audit_log_entry* audit) = 0;
  // POST /invites/{code}, atomically: an unknown, expired or used-up invite, a ban, or an
  // existing membership change nothing; otherwise `joining` (its guild_id replaced by the
  // invite's) becomes a member and the invite's uses go up by one, deleting it when that reaches
  // max_uses. not_found when the joining user does not exist.
  virtual result<invite_acceptance> accept_invite(std::string_view code, const model::member& joining,
                                                  std::int64_t now_ms) = 0;

  // ---- audit log
  // For changes the store does not hold (e.g. moving a member between voice channels).
  virtual result<void> append_audit_entry(const model::audit_log_entry& entry) = 0;
  virtual result<std::vector<model::audit_log_entry>> audit_entries(snowflake guild_id,
                                                                    const audit_log_query& query) = 0;

  // ---- gateway
  // Every guild `user_id` is in (ascending by id), each with at most max(member_limit, 1)
  // members: the user's own member first, then the lowest user ids.
  virtual result<std::vector<guild_snapshot>> guilds_for_gateway(snowflake user_id, std::size_t member_limit) = 0;
  // The same for one guild (GUILD_CREATE after joining); nullopt when user_id is not a member.
  virtual result<std::optional<guild_snapshot>> guild_for_gateway(snowflake guild_id, snowflake user_id,
                                                                  std::size_t member_limit) = 0;
};

} // namespace parley::store
