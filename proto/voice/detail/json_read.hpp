// Readers for fields of voice gateway payloads: optional keys, integers in range, snowflakes as
// strings or integers. Internal to proto_voice.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::proto::voice::detail {

// The value of `key`, or nullptr when absent or null (optional fields treat both alike).
inline const boost::json::value* field(const boost::json::object& o, std::string_view key) noexcept {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

// A JSON integer within [min, max]. Doubles are refused: every integer field of these payloads
// is sent as a JSON integer by the libraries (voice.md §3.4).
inline std::optional<std::int64_t> as_int(const boost::json::value* v, std::int64_t min, std::int64_t max) noexcept {
  if (v == nullptr) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    return std::nullopt;
  }
  if (n < min || n > max) return std::nullopt;
  return n;
}

// A snowflake: a decimal string of 1-20 digits or a non-negative integer, fitting 64 bits.
inline std::optional<std::uint64_t> as_snowflake(const boost::json::value* v) noexcept {
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64()) {
    if (v->get_int64() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v->get_int64());
  }
  if (!v->is_string()) return std::nullopt;
  const boost::json::string& s = v->get_string();
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

// A string value, or nullopt when `v` is missing or not a string.
inline std::optional<std::string_view> as_string(const boost::json::value* v) noexcept {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string().data(), v->get_string().size());
}

} // namespace parley::proto::voice::detail
