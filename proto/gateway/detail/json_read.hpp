// Readers for the fields of inbound gateway payloads: optional keys, nullable values, and
// snowflakes given as strings or integers (gateway.md §3.3 "[lib] discord.py sends snowflakes
// ... as JSON integers"). Internal to proto_gateway.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::proto::gateway::detail {

// The value of `key`, or nullptr when the key is absent or its value is null: every optional
// field of an inbound payload treats the two alike.
inline const boost::json::value* field(const boost::json::object& o, std::string_view key) noexcept {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

// A JSON integer (signed or unsigned storage) that fits int64.
inline std::optional<std::int64_t> as_int64(const boost::json::value& v) noexcept {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

// A snowflake: a decimal string of 1-20 digits or a non-negative integer, fitting 64 bits.
inline std::optional<std::uint64_t> as_snowflake(const boost::json::value& v) noexcept {
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64()) {
    if (v.get_int64() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v.get_int64());
  }
  if (!v.is_string()) return std::nullopt;
  const boost::json::string& s = v.get_string();
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

// Copies a string value into `out`; false when `v` is not a string.
inline bool read_string(const boost::json::value& v, std::string& out) {
  if (!v.is_string()) return false;
  out.assign(v.get_string().data(), v.get_string().size());
  return true;
}

} // namespace parley::proto::gateway::detail
