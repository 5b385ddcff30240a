// Reading the fields of a dispatch's `d` (gateway.md §11): snowflakes arrive as strings (JSON), as
// strings converted from ETF big integers by the core, or — from some servers — as JSON integers
// (gateway.md §3.3); a missing or malformed field reads as 0 / empty, never as an error, because a
// typed event keeps the raw object for anything the caller needs to check strictly.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::client::detail {

// A snowflake from a string of decimal digits or a non-negative integer; 0 otherwise.
std::uint64_t to_snowflake(const boost::json::value* v) noexcept;
inline std::uint64_t snowflake_field(const boost::json::object& o, std::string_view key) noexcept {
  return to_snowflake(o.if_contains(key));
}
// `o[outer][key]` as a snowflake (e.g. message.author.id).
std::uint64_t nested_snowflake(const boost::json::object& o, std::string_view outer, std::string_view key) noexcept;
std::string string_field(const boost::json::object& o, std::string_view key);
std::int64_t int_field(const boost::json::object& o, std::string_view key, std::int64_t fallback = 0) noexcept;
bool bool_field(const boost::json::object& o, std::string_view key, bool fallback = false) noexcept;

} // namespace parley::client::detail
