// Request Guild Members (op 8): ask for GUILD_MEMBERS_CHUNK dispatches (gateway.md §7).
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::proto::gateway {

inline constexpr std::size_t max_requested_user_ids = 100;
inline constexpr std::size_t max_nonce_size = 32;

struct request_guild_members {
  std::uint64_t guild_id = 0;
  // Exactly one of the two forms is set: a username-prefix query (with its limit, 0 = no limit),
  // or a list of user ids.
  std::optional<std::string> query;
  std::uint64_t limit = 0;
  std::optional<std::vector<std::uint64_t>> user_ids;
  bool presences = false;
  std::optional<std::string> nonce;
};

// Parses op 8's `d`. `guild_id`: one snowflake (string or integer; an array is malformed).
// `user_ids`: one snowflake or an array of at most 100; when present it wins over `query`.
// Otherwise `query` (string) and `limit` (non-negative integer) are both required. `presences`
// absent/null → false. A `nonce` that is not a string of at most 32 bytes is dropped (the chunks
// then carry none), as Discord does. Anything else malformed → close_code::unknown_opcode (4001).
result<request_guild_members> parse_request_guild_members(const boost::json::value& d);

} // namespace parley::proto::gateway
