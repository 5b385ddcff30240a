// Presence (gateway.md §8, §11.6): what each user's sessions say about them, aggregated into one
// status per user, and PRESENCE_UPDATE published to every guild the user is in whenever that
// changes. The user goes offline when their last session ends. In memory: presence is not kept
// across restarts (nor on Discord).
//
// The aggregate is the most present status among the user's sessions (online, dnd, idle, then
// invisible, shown as offline), with the activities of the session that set it most recently.
// Sessions are kept ordered by that rule, so a change costs O(log n) in the user's sessions: a
// large bot identifies thousands of shards as one user.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>

#include "bus/bus.hpp"
#include "model/snowflake.hpp"

namespace parley::service {

struct presence_state {
  std::string status = "online";       // online, idle, dnd, invisible
  boost::json::array activities;
};

class presences {
 public:
  explicit presences(bus::bus& bus) : bus_(bus) {}

  // Thread-safe. `session` identifies one gateway session of the user; `guild_ids` are the
  // user's guilds (as the calling gateway thread knows them) to tell.
  void set(model::snowflake user_id, const std::string& session, presence_state state,
           const std::vector<model::snowflake>& guild_ids);
  void end(model::snowflake user_id, const std::string& session, const std::vector<model::snowflake>& guild_ids);
  // The status others see: "offline" for unknown or invisible users.
  std::string visible_status(model::snowflake user_id) const;
  // The presence objects (gateway.md §11.6, without guild_id) of those users who are not offline,
  // for GUILD_CREATE and GUILD_MEMBERS_CHUNK.
  boost::json::array visible(std::span<const model::snowflake> user_ids) const;

 private:
  // Most present first, then most recently set first.
  using rank_key = std::pair<int, std::uint64_t>;  // (rank, ~update stamp)
  struct session_presence {
    presence_state state;
    rank_key key;
  };
  struct user_presence {
    std::unordered_map<std::string, session_presence> sessions;
    std::map<rank_key, const presence_state*> ranked;  // into `sessions` (its nodes do not move)
    std::uint64_t updates = 0;
    std::string published = "offline";  // the status last told to the guilds
    std::string published_activities = "[]";
  };
  static presence_state effective(const user_presence& p);
  // Whether `now` differs from what the guilds were last told; if so, it becomes that.
  static bool record_published(user_presence& p, const presence_state& now);
  void publish(model::snowflake user_id, const presence_state& state, const std::vector<model::snowflake>& guild_ids);

  bus::bus& bus_;
  mutable std::mutex mutex_;
  std::unordered_map<model::snowflake, user_presence> users_;
};

} // namespace parley::service
