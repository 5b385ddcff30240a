// The `d` of the requests a bot sends on its gateway session: Presence Update (op 3, gateway.md
// §8), Update Voice State (op 4, §9) and Request Guild Members (op 8, §7). Snowflakes go out as
// strings, as Discord sends them.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::client {

inline constexpr std::int64_t op_presence_update = 3;
inline constexpr std::int64_t op_voice_state_update = 4;
inline constexpr std::int64_t op_request_guild_members = 8;

struct presence_params {
  std::string status = "online";     // online, dnd, idle, invisible, offline
  boost::json::array activities{};     // activity objects; bots may set name, state, type, url
  bool afk = false;
  std::optional<std::int64_t> since{}; // Unix ms since idle
};

struct guild_members_request {
  std::uint64_t guild_id = 0;
  // Either a username prefix (with limit; "" and 0 = everyone, needs GUILD_MEMBERS) ...
  std::string query{};
  int limit = 0;
  // ... or up to 100 user ids (then query and limit are not sent).
  std::vector<std::uint64_t> user_ids{};
  bool presences = false;
  std::string nonce{}; // echoed in every GUILD_MEMBERS_CHUNK; at most 32 bytes
};

boost::json::value presence_payload(const presence_params& p);
boost::json::value guild_members_payload(const guild_members_request& r);
// channel_id empty = leave voice in that guild.
boost::json::value voice_state_payload(std::uint64_t guild_id, std::optional<std::uint64_t> channel_id,
                                       bool self_mute, bool self_deaf);

} // namespace parley::client
