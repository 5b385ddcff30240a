// Presence Update (op 3) and the `presence` of Identify, including discord.py's legacy forms
// (gateway.md §8, §3.3).
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::proto::gateway {

enum class status { online, idle, dnd, invisible, offline };

// The fields a bot may set on an activity (§8); anything else it sends is ignored.
struct activity {
  std::string name;
  int type = 0; // 0 playing ... 5 competing
  std::optional<std::string> state;
  std::optional<std::string> url;
};

struct presence {
  std::optional<std::int64_t> since; // Unix ms; a float is truncated
  std::vector<activity> activities;
  gateway::status status = status::online;
  bool afk = false;
};

// Parses op 3's `d` (also Identify's `presence`). Accepted: `status` null or absent → online;
// `activities` absent/null with a legacy `game` (object → [game], null → []); `since` integer,
// float or null; `afk` absent/null → false; an activity's `type` absent → 0. Malformed values
// (wrong types, unknown status, activity type outside 0-5) → close_code::unknown_opcode (4001).
result<presence> parse_presence(const boost::json::value& d);

} // namespace parley::proto::gateway
