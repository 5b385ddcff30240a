// What one REST response says about rate limits (rest.md §4.1, §4.2): the X-RateLimit-* headers,
// Retry-After, and on a 429 the JSON body's retry_after and global. Values are read leniently: a
// header that does not parse is treated as absent, never as an error, because the limiter must
// keep working against servers that send odd values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::client::rest {

enum class limit_scope : std::uint8_t { none, user, global, shared };

// The raw header values as received ("" when absent). Views into the caller's response; they
// only need to live for the call to read_rate_limits().
struct rate_limit_header_values {
  std::string_view limit;        // X-RateLimit-Limit
  std::string_view remaining;    // X-RateLimit-Remaining
  std::string_view reset;        // X-RateLimit-Reset (Unix seconds, float)
  std::string_view reset_after;  // X-RateLimit-Reset-After (seconds, float)
  std::string_view bucket;       // X-RateLimit-Bucket
  std::string_view global;       // X-RateLimit-Global
  std::string_view scope;        // X-RateLimit-Scope
  std::string_view retry_after;  // Retry-After (seconds)
};

struct response_limits {
  unsigned status = 0;
  std::optional<std::uint32_t> limit;
  std::optional<std::uint32_t> remaining;
  std::optional<std::chrono::milliseconds> reset_after;  // from Reset-After, else Reset - wall clock
  std::string bucket;
  bool global = false;                                   // header or body says the global limit
  limit_scope scope = limit_scope::none;
  std::optional<std::chrono::milliseconds> retry_after;  // 429 only: body retry_after, else header

  bool has_bucket_headers() const { return limit.has_value() || remaining.has_value() || !bucket.empty(); }
};

// `body` is the response body (only read for a 429); `wall_now` is the caller's current Unix time,
// used only when X-RateLimit-Reset-After is missing and X-RateLimit-Reset is present.
response_limits read_rate_limits(unsigned status, const rate_limit_header_values& headers, std::string_view body,
                                 std::chrono::system_clock::duration wall_now);

// A non-negative decimal number of seconds ("1", "0.250", "64.57") as milliseconds, rounded up so
// that waiting that long is never too early. None for anything else, including huge values.
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text);

} // namespace parley::client::rest
