// Guild use cases (rest.md §7.2–§7.3): create, read, modify (with ownership transfer), delete,
// the caller's guild list, and leaving. Events as in bus/bus.hpp: GUILD_CREATE to the creator,
// GUILD_UPDATE to the guild, GUILD_DELETE {id} to the guild audience when the guild is deleted
// (published after the store removed it; the gateway still knows the members from its own state),
// and GUILD_MEMBER_REMOVE + GUILD_DELETE (user) on leave.
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

struct guild_view {
  model::guild guild;
  std::vector<model::role> roles;
  std::int64_t member_count = 0;
};

struct partial_guild_view {
  model::guild guild;
  bool owner = false;
  model::permissions perms = 0;  // base permissions (rest.md §6.2: no overwrites)
  std::int64_t member_count = 0;
};

class guilds {
 public:
  explicit guilds(context& ctx) : ctx_(ctx) {}

  // {name (2–100), icon? (null only), verification_level?, default_message_notifications?,
  // explicit_content_filter?, afk_timeout?, system_channel_flags?}: the guild with @everyone, a
  // text channel "general" (the system channel) and a voice channel "General"; the caller owns it.
  model::api_result<guild_view> create(const model::user& caller, const boost::json::object& body);
  // Any member.
  model::api_result<guild_view> get(const model::user& caller, model::snowflake guild_id);
  // MANAGE_GUILD; owner_id only by the owner (to another member). GUILD_UPDATE; audit GUILD_UPDATE.
  model::api_result<guild_view> modify(const actor& who, model::snowflake guild_id, const boost::json::object& body);
  // The owner only.
  model::api_result<void> remove(const model::user& caller, model::snowflake guild_id);
  model::api_result<std::vector<partial_guild_view>> list_mine(const model::user& caller, const store::id_page& page);
  // Not the owner (400).
  model::api_result<void> leave(const model::user& caller, model::snowflake guild_id);

 private:
  context& ctx_;
};

} // namespace parley::service
