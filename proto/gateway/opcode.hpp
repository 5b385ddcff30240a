// Gateway opcodes (gateway.md §2).
#pragma once

#include <cstdint>

namespace parley::proto::gateway {

enum class opcode : std::int64_t {
  dispatch = 0,
  heartbeat = 1,
  identify = 2,
  presence_update = 3,
  voice_state_update = 4,
  resume = 6,
  reconnect = 7,
  request_guild_members = 8,
  invalid_session = 9,
  hello = 10,
  heartbeat_ack = 11,
  request_soundboard_sounds = 31,
  request_channel_info = 43,
};

} // namespace parley::proto::gateway
