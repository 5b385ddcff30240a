// Snowflake ids (rest.md §2.2): 42 bits of milliseconds since the Discord epoch, 5 bits worker,
// 5 bits process, 12 bits increment. Generation takes the time as an argument; no clock inside.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace parley::model {

using snowflake = std::uint64_t;

inline constexpr std::uint64_t discord_epoch_ms = 1420070400000ULL;

constexpr std::uint64_t snowflake_time_ms(snowflake id) { return (id >> 22) + discord_epoch_ms; }
// The smallest id created at unix_ms: for before/after pagination by time.
constexpr snowflake snowflake_at(std::uint64_t unix_ms) {
  return unix_ms <= discord_epoch_ms ? 0 : (unix_ms - discord_epoch_ms) << 22;
}

std::string to_string(snowflake id);
// Accepts decimal strings and JSON integers (discord.py sends ids as numbers); rejects
// negatives, fractions, leading '+', empty strings and values above 2^64-1.
std::optional<snowflake> parse_snowflake(std::string_view text);
std::optional<snowflake> snowflake_from_json(const boost::json::value& v);

// Thread-safe, lock-free generator. Ids are strictly increasing per generator even when the
// clock stands still or steps back (the increment then borrows from the next millisecond).
class snowflake_generator {
 public:
  explicit snowflake_generator(unsigned worker_id = 0, unsigned process_id = 0);
  snowflake next(std::uint64_t unix_ms);

 private:
  std::uint64_t node_bits_;
  std::atomic<std::uint64_t> last_{0}; // (ms since epoch << 12) | increment of the last id
};

} // namespace parley::model
