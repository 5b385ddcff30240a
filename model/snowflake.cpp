#include "model/snowflake.hpp"

#include <charconv>

namespace parley::model {

std::string to_string(snowflake id) { return std::to_string(id); }

std::optional<snowflake> parse_snowflake(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  snowflake v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<snowflake> snowflake_from_json(const boost::json::value& v) {
  if (v.is_string()) return parse_snowflake(std::string_view(v.get_string()));
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return static_cast<snowflake>(v.get_int64());
  return std::nullopt;
}

snowflake_generator::snowflake_generator(unsigned worker_id, unsigned process_id)
    : node_bits_((std::uint64_t{worker_id & 0x1F} << 17) | (std::uint64_t{process_id & 0x1F} << 12)) {}

snowflake snowflake_generator::next(std::uint64_t unix_ms) {
  const std::uint64_t ms = unix_ms > discord_epoch_ms ? unix_ms - discord_epoch_ms : 0;
  std::uint64_t prev = last_.load(std::memory_order_relaxed);
  for (;;) {
    std::uint64_t candidate = ms << 12;
    if (candidate <= prev) candidate = prev + 1; // same ms or clock stepped back: keep increasing
    if (last_.compare_exchange_weak(prev, candidate, std::memory_order_relaxed)) {
      const std::uint64_t time_part = candidate >> 12;
      const std::uint64_t increment = candidate & 0xFFF;
      return (time_part << 22) | node_bits_ | increment;
    }
  }
}

} // namespace parley::model
