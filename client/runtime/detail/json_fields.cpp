// Field readers for dispatch payloads (gateway.md §11); see json_fields.hpp.
#include "client/runtime/detail/json_fields.hpp"

#include <charconv>

namespace parley::client::detail {

std::uint64_t to_snowflake(const boost::json::value* v) noexcept {
  if (!v) return 0;
  if (const auto* s = v->if_string()) {
    std::uint64_t out = 0;
    const auto* end = s->data() + s->size();
    auto [ptr, ec] = std::from_chars(s->data(), end, out);
    return ec == std::errc{} && ptr == end ? out : 0;
  }
  if (const auto* u = v->if_uint64()) return *u;
  if (const auto* i = v->if_int64()) return *i > 0 ? static_cast<std::uint64_t>(*i) : 0;
  return 0;
}

std::uint64_t nested_snowflake(const boost::json::object& o, std::string_view outer, std::string_view key) noexcept {
  const auto* inner = o.if_contains(outer);
  if (!inner || !inner->is_object()) return 0;
  return snowflake_field(inner->get_object(), key);
}

std::string string_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  return std::string(v->get_string());
}

std::int64_t int_field(const boost::json::object& o, std::string_view key, std::int64_t fallback) noexcept {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (const auto* i = v->if_int64()) return *i;
  if (const auto* u = v->if_uint64()) return static_cast<std::int64_t>(*u);
  if (const auto* d = v->if_double()) return static_cast<std::int64_t>(*d);
  return fallback;
}

bool bool_field(const boost::json::object& o, std::string_view key, bool fallback) noexcept {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

} // namespace parley::client::detail
