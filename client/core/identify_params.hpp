// What the application supplies for Identify (op 2, gateway.md §3.3). The core adds nothing
// Parley-specific, so any Discord-compatible server accepts it.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace parley::client {

struct identify_params {
  std::string token; // without the "Bot " prefix; also used by resume()
  std::uint64_t intents = 0;
  std::string os = "linux";
  std::string browser = "parley";
  std::string device = "parley";
  // [shard_id, num_shards]; sent only when set.
  std::optional<std::uint32_t> shard_id;
  std::uint32_t shard_count = 1;
  // 50-250; sent only when set.
  std::optional<int> large_threshold;
  // The initial presence object (§8); sent only when set.
  std::optional<boost::json::value> presence;
};

} // namespace parley::client
