// Identify (op 2): the payload that starts a new session (gateway.md §3.3).
#pragma once

#include "proto/base/result.hpp"
#include "proto/gateway/presence.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace parley::proto::gateway {

struct shard_info {
  std::uint32_t id = 0;
  std::uint32_t count = 1;
  friend bool operator==(const shard_info&, const shard_info&) = default;
};

struct connection_properties {
  std::string os;
  std::string browser;
  std::string device;
};

struct identify {
  std::string token; // without a leading "Bot "
  connection_properties properties;
  bool compress = false;    // legacy payload compression; the server ignores it (§1.6)
  int large_threshold = 50; // clamped to 50-250
  std::optional<shard_info> shard;
  std::optional<gateway::presence> presence;
  std::uint64_t intents = 0;
};

// Parses op 2's `d` for API version `api_version`. Errors (close_code values), checked in this
// order: any field of the wrong type (token not a string, properties not an object, a property,
// `compress`, `large_threshold` or `presence` malformed) → unknown_opcode (4001); `intents`
// missing on v8+, not an integer, negative or with an unassigned bit → invalid_intents (4013);
// `shard` not [id, count] integers with 0 ≤ id < count → invalid_shard (4010).
// Not checked here (the server does it, after the token): the token itself (4004), privileged
// intents (4014), sharding_required (4011), the identify rate limits (op 9).
// Properties: `os`, `browser`, `device`, or the legacy `$os`, `$browser`, `$device` (the plain key
// wins when both appear); missing ones stay empty. A token is not checked for emptiness: an empty
// token fails the server's token check with 4004 like any other wrong token.
result<identify> parse_identify(const boost::json::value& d, int api_version);

// Removes a leading "Bot " from a token (clients are told to send it without; some do not).
std::string_view strip_bot_prefix(std::string_view token) noexcept;

} // namespace parley::proto::gateway
