// Ban use cases (rest.md §7.3 bans): ban (removing the membership), unban, list and read, with
// BAN_MEMBERS and the hierarchy when the target is a member. GUILD_BAN_ADD/REMOVE to the guild
// (the gateway filters by intent and permission), GUILD_MEMBER_REMOVE to the guild and
// GUILD_DELETE to the banned user when they were a member.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"
#include "store/guild_store.hpp"

namespace parley::service {

class bans {
 public:
  // Called after a ban that asked for the user's recent messages to be deleted; the message use
  // cases set it (seconds is 1–604800). Runs on the calling store thread.
  using delete_messages_hook =
      std::function<void(model::snowflake guild_id, model::snowflake user_id, std::int64_t seconds)>;

  explicit bans(context& ctx) : ctx_(ctx) {}
  void on_delete_messages(delete_messages_hook hook) { delete_messages_ = std::move(hook); }

  // PUT: {delete_message_seconds? (0–604800), delete_message_days? (0–7)}; the seconds are kept in
  // the audit entry's options and handed to the hook.
  model::api_result<void> ban(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                              const boost::json::object& body);
  model::api_result<void> unban(const actor& who, model::snowflake guild_id, model::snowflake user_id);
  // Ascending by user id; page.limit 1–1000.
  model::api_result<std::vector<store::ban_record>> list(const model::user& caller, model::snowflake guild_id,
                                                         const store::id_page& page);
  model::api_result<store::ban_record> get(const model::user& caller, model::snowflake guild_id,
                                           model::snowflake user_id);

 private:
  context& ctx_;
  delete_messages_hook delete_messages_;
};

} // namespace parley::service
