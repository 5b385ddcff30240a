#include "server/rest/request_params.hpp"

#include <charconv>
#include <string>

#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "model/text.hpp"

namespace parley::server::rest {

service::actor actor_of(const api_call& call) {
  service::actor who{call.me(), std::nullopt};
  const auto header = call.request["X-Audit-Log-Reason"];
  if (header.empty()) return who;
  std::string reason;
  if (auto encoded = boost::urls::make_pct_string_view(header)) {
    const auto decoded = **encoded;  // decode_view; '+' stays '+' (Discord's clients send %20)
    reason.assign(decoded.begin(), decoded.end());
  } else {
    reason.assign(header.data(), header.size());  // not valid percent-encoding: taken as it is
  }
  model::truncate_code_points(reason, max_audit_reason_length);
  if (!reason.empty()) who.reason = std::move(reason);
  return who;
}

std::optional<std::string> query_reader::string(std::string_view key) {
  // Decoded values; a repeated key counts by its first occurrence.
  const auto it = call_.query.find(key);
  if (it == call_.query.end()) return std::nullopt;
  const auto p = *it;
  return p.has_value ? p.value : std::string();
}

std::optional<model::snowflake> query_reader::snowflake(std::string_view key) {
  const auto s = string(key);
  if (!s) return std::nullopt;
  if (auto id = model::parse_snowflake(*s)) return id;
  error_.field(key, "NUMBER_TYPE_COERCE", "Value \"" + *s + "\" is not snowflake.");
  return std::nullopt;
}

std::optional<std::int64_t> query_reader::optional_integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const auto s = string(key);
  if (!s) return std::nullopt;
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
  if (s->empty() || ec != std::errc{} || ptr != s->data() + s->size()) {
    error_.field(key, "NUMBER_TYPE_COERCE", "Value \"" + *s + "\" is not int.");
    return std::nullopt;
  }
  if (n < min || n > max) {
    error_.field(key, "NUMBER_TYPE_MAX",
                 "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

std::int64_t query_reader::integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  return optional_integer(key, min, max).value_or(fallback);
}

bool query_reader::boolean(std::string_view key, bool fallback) {
  const auto s = string(key);
  if (!s) return fallback;
  if (*s == "true" || *s == "True" || *s == "1") return true;
  if (*s == "false" || *s == "False" || *s == "0") return false;
  error_.field(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  return fallback;
}

} // namespace parley::server::rest
