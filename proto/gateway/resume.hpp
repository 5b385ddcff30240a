// Resume (op 6): reattach to an existing session and replay what was missed (gateway.md §3.6).
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace parley::proto::gateway {

struct resume {
  std::string token; // without a leading "Bot "
  std::string session_id;
  std::uint64_t seq = 0; // last sequence number the client received
};

// Parses op 6's `d`: `token` and `session_id` strings, `seq` a non-negative integer. `seq: null`
// (a client that never received a dispatch) is read as 0, which the replay logic treats like any
// other seq. Anything malformed → close_code::unknown_opcode (4001).
result<resume> parse_resume(const boost::json::value& d);

} // namespace parley::proto::gateway
