// The X-RateLimit-Bucket value (rest.md §4.1): an opaque id of a route template alone, so every
// channel of "POST /channels/{channel_id}/messages" reports the same bucket. Stable across
// restarts and cluster nodes (64-bit FNV-1a of the route key), never containing resource ids.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace parley::server::ratelimit {

struct bucket_id {
  std::uint64_t value = 0; // never 0 for a route; 0 marks the limiter's global bucket

  friend constexpr bool operator==(bucket_id, bucket_id) noexcept = default;
};

constexpr bucket_id bucket_id_of(std::string_view route) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : route) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return bucket_id{hash == 0 ? 1 : hash};
}

// 16 lower-case hex digits.
constexpr std::array<char, 16> to_hex(bucket_id id) noexcept {
  constexpr std::string_view digits = "0123456789abcdef";
  std::array<char, 16> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[out.size() - 1 - i] = digits[(id.value >> (4 * i)) & 0xf];
  }
  return out;
}

} // namespace parley::server::ratelimit
