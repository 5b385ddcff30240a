// Ban use cases (rest.md §7.3 bans): ban (removing the membership and, on request, the user's recent
// messages), bulk ban, unban, list and read, with BAN_MEMBERS and the hierarchy when the target is
// a member. GUILD_BAN_ADD/REMOVE to the members with BAN_MEMBERS or VIEW_AUDIT_LOG,
// GUILD_MEMBER_REMOVE to the guild and GUILD_DELETE to the banned user when they were a member,
// MESSAGE_DELETE_BULK per channel for the deleted messages, GUILD_AUDIT_LOG_ENTRY_CREATE per ban.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"
#include "store/guild_store.hpp"

namespace parley::service {

inline constexpr std::int64_t max_delete_message_seconds = 604800;
inline constexpr std::size_t max_bulk_ban_users = 200;

struct bulk_ban_outcome {
  std::vector<model::snowflake> banned;  // in request order
  std::vector<model::snowflake> failed;  // unknown users, already banned, owner, self, outranking members
};

class bans {
 public:
  explicit bans(context& ctx) : ctx_(ctx) {}

  // PUT: {delete_message_seconds? (0–604800), delete_message_days? (0–7)}. After the ban
  // committed, the user's messages of that window in the guild are deleted.
  model::api_result<void> ban(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                              const boost::json::object& body);
  // POST /guilds/{id}/bulk-ban: {user_ids (1–200), delete_message_seconds?}; BAN_MEMBERS and
  // MANAGE_GUILD. 500 500000 when nobody could be banned.
  model::api_result<bulk_ban_outcome> bulk_ban(const actor& who, model::snowflake guild_id,
                                               const boost::json::object& body);
  model::api_result<void> unban(const actor& who, model::snowflake guild_id, model::snowflake user_id);
  // Ascending by user id; page.limit 1–1000.
  model::api_result<std::vector<store::ban_record>> list(const model::user& caller, model::snowflake guild_id,
                                                         const store::id_page& page);
  model::api_result<store::ban_record> get(const model::user& caller, model::snowflake guild_id,
                                           model::snowflake user_id);

 private:
  // One ban after the permission checks common to both routes; publishes its events.
  model::api_result<void> ban_one(const actor& who, const guild_access& g, model::snowflake user_id,
                                  std::int64_t delete_seconds, bool fail_if_banned);
  void delete_recent_messages(const guild_access& g, model::snowflake user_id, std::int64_t seconds);
  context& ctx_;
};

} // namespace parley::service
