// What one network thread knows about the guilds its sessions are in: enough to decide guild and
// channel audiences without a store call per event (DESIGN.md "Guild state"). Filled at Identify
// from the store, then kept current from the same events the gateway dispatches (bus/bus.hpp).
// Single-threaded: owned by one home.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "model/guild.hpp"
#include "model/permission_bits.hpp"
#include "service/gateway_sessions.hpp"

namespace parley::server::gateway {

class guild_cache {
 public:
  // A session's guild at Identify (or a GUILD_CREATE to a joining user): keeps the guild's roles
  // and channels and that user's own membership.
  void add(const service::session_guild& g);
  // Updates from a dispatch before it is delivered (creations and changes must be known to decide
  // who sees them) or after (removals: those who saw the thing see it go).
  void apply_before(std::string_view event, const boost::json::value& d);
  void apply_after(std::string_view event, const boost::json::value& d);
  // A GUILD_CREATE `d` for a user who just joined.
  void add_from_guild_create(const boost::json::value& d, model::snowflake user_id);
  void forget_member(model::snowflake guild_id, model::snowflake user_id);

  // VIEW_CHANNEL for `user_id` in the channel, by Discord's permission arithmetic.
  bool can_view(model::snowflake guild_id, model::snowflake channel_id, model::snowflake user_id,
                std::int64_t now_ms) const;
  // The member's permissions in the guild (timeouts applied) or in one of its channels (rest.md
  // §8); the owner and administrators hold every bit. 0 when the guild, channel or member is not
  // known here, so an audience narrowed by permission never reaches a stranger.
  model::permissions guild_permissions(model::snowflake guild_id, model::snowflake user_id,
                                       std::int64_t now_ms) const;
  model::permissions channel_permissions(model::snowflake guild_id, model::snowflake channel_id,
                                         model::snowflake user_id, std::int64_t now_ms) const;

 private:
  struct entry {
    model::guild guild;
    std::vector<model::role> roles;
    std::unordered_map<model::snowflake, model::channel> channels;
    std::unordered_map<model::snowflake, model::member> members;  // users with sessions here
  };
  std::unordered_map<model::snowflake, entry> guilds_;
};

} // namespace parley::server::gateway
