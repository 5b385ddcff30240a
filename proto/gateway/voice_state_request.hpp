// Update Voice State (op 4): join, move or leave a voice channel (gateway.md §9).
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>

namespace parley::proto::gateway {

struct voice_state_request {
  std::uint64_t guild_id = 0;
  std::optional<std::uint64_t> channel_id; // nullopt = disconnect
  bool self_mute = false;
  bool self_deaf = false;
};

// Parses op 4's `d`: `guild_id` a snowflake (string or integer); `channel_id` a snowflake, null
// or absent (both mean disconnect); `self_mute`/`self_deaf` booleans, absent or null → false.
// Anything malformed → close_code::unknown_opcode (4001).
result<voice_state_request> parse_voice_state_request(const boost::json::value& d);

} // namespace parley::proto::gateway
