// Reading the rate limit headers and the 429 body (rest.md §4.1, §4.2).
#include "client/rest/rate_limit_headers.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace parley::client::rest {

namespace {

// A week: no server asks a client to wait longer; anything above is garbage.
constexpr double max_seconds = 7 * 24 * 3600.0;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::fixed);
  if (ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> parse_count(std::string_view text) {
  text = trim(text);
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<std::chrono::milliseconds> to_millis(double seconds) {
  if (!(seconds >= 0) || seconds > max_seconds) return std::nullopt;
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::ceil(seconds * 1000.0 - 1e-6))};
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

} // namespace

std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text) {
  const auto v = parse_double(text);
  if (!v) return std::nullopt;
  return to_millis(*v);
}

response_limits read_rate_limits(unsigned status, const rate_limit_header_values& h, std::string_view body,
                                 std::chrono::system_clock::duration wall_now) {
  response_limits out;
  out.status = status;
  out.limit = parse_count(h.limit);
  out.remaining = parse_count(h.remaining);
  out.reset_after = parse_seconds(h.reset_after);
  if (!out.reset_after) {
    if (const auto reset = parse_double(h.reset)) {
      const double now_s = std::chrono::duration<double>(wall_now).count();
      out.reset_after = to_millis(std::max(0.0, *reset - now_s));
    }
  }
  out.bucket.assign(trim(h.bucket));
  out.global = equals_ignoring_case(trim(h.global), "true");
  const auto scope = trim(h.scope);
  if (equals_ignoring_case(scope, "user")) out.scope = limit_scope::user;
  else if (equals_ignoring_case(scope, "global")) out.scope = limit_scope::global;
  else if (equals_ignoring_case(scope, "shared")) out.scope = limit_scope::shared;
  if (out.scope == limit_scope::global) out.global = true;

  if (status != 429) return out;
  out.retry_after = parse_seconds(h.retry_after);
  // The body's retry_after has millisecond precision where the header is whole seconds.
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const auto& obj = parsed.get_object();
    if (const auto* v = obj.if_contains("retry_after")) {
      std::optional<std::chrono::milliseconds> ms;
      if (v->is_double()) ms = to_millis(v->get_double());
      else if (v->is_int64()) ms = to_millis(static_cast<double>(v->get_int64()));
      else if (v->is_uint64()) ms = to_millis(static_cast<double>(v->get_uint64()));
      if (ms) out.retry_after = ms;
    }
    if (const auto* g = obj.if_contains("global"); g && g->is_bool() && g->get_bool()) out.global = true;
  }
  return out;
}

} // namespace parley::client::rest
