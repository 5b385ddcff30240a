// Header and body rendering for rate limit decisions (rest.md §4.1-§4.2, clients.md §4.3).
#include "server/ratelimit/rate_limit_headers.hpp"

#include <cassert>
#include <charconv>
#include <cstring>

namespace parley::server::ratelimit {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr std::string_view via_value = "1.1 parley";

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::size_t format_millis(std::int64_t ms, char* out) noexcept {
  if (ms < 0) {
    ms = 0;
  }
  char* end = std::to_chars(out, out + 20, ms / 1000).ptr;
  const auto frac = static_cast<int>(ms % 1000);
  *end++ = '.';
  *end++ = static_cast<char>('0' + frac / 100);
  *end++ = static_cast<char>('0' + frac / 10 % 10);
  *end++ = static_cast<char>('0' + frac % 10);
  return static_cast<std::size_t>(end - out);
}

std::string_view scope_name(limit_scope scope) noexcept {
  switch (scope) {
    case limit_scope::user: return "user";
    case limit_scope::global: return "global";
    case limit_scope::shared: return "shared";
  }
  return "user";
}

} // namespace

std::string_view header_list::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < size_; ++i) {
    if (iequals(names_[i], name)) {
      return (*this)[i].value;
    }
  }
  return {};
}

void header_list::add(std::string_view name, std::string_view value) noexcept {
  assert(size_ < capacity && used_ + value.size() <= storage_size && value.size() <= 0xff);
  if (size_ == capacity || used_ + value.size() > storage_size || value.size() > 0xff) {
    return;
  }
  names_[size_] = name;
  offsets_[size_] = static_cast<std::uint16_t>(used_);
  lengths_[size_] = static_cast<std::uint8_t>(value.size());
  std::memcpy(storage_.data() + used_, value.data(), value.size());
  used_ += value.size();
  ++size_;
}

std::size_t format_seconds(nanoseconds d, char* out) noexcept {
  return format_millis(std::chrono::ceil<milliseconds>(d).count(), out);
}

header_list rate_limit_headers(const decision& d, std::chrono::system_clock::time_point wall_now) noexcept {
  header_list headers;
  char buffer[24];
  const auto put_integer = [&](std::string_view name, std::uint64_t value) {
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    headers.add(name, std::string_view{buffer, static_cast<std::size_t>(end - buffer)});
  };

  put_integer("X-RateLimit-Limit", d.limit);
  put_integer("X-RateLimit-Remaining", d.remaining);
  const auto reset = std::chrono::ceil<milliseconds>(
      std::chrono::duration_cast<nanoseconds>(wall_now.time_since_epoch()) + d.reset_after);
  headers.add("X-RateLimit-Reset", {buffer, format_millis(reset.count(), buffer)});
  headers.add("X-RateLimit-Reset-After", {buffer, format_seconds(d.reset_after, buffer)});
  const auto hex = to_hex(d.bucket);
  headers.add("X-RateLimit-Bucket", {hex.data(), hex.size()});
  if (d.allowed) {
    return headers;
  }

  // Retry-After is delay-seconds (RFC 9110 §10.2.3): an integer, so round up.
  const auto retry_seconds = std::chrono::ceil<std::chrono::seconds>(d.retry_after).count();
  put_integer("Retry-After", static_cast<std::uint64_t>(retry_seconds < 1 ? 1 : retry_seconds));
  headers.add("X-RateLimit-Scope", scope_name(d.scope));
  if (d.global()) {
    headers.add("X-RateLimit-Global", "true");
  }
  headers.add("Via", via_value);
  headers.add("Content-Type", "application/json");
  return headers;
}

std::string too_many_requests_body(const decision& d) {
  constexpr std::string_view head = R"({"message":"You are being rate limited.","retry_after":)";
  char seconds[24];
  const auto length = format_seconds(d.retry_after, seconds);
  const std::string_view tail = d.global() ? R"(,"global":true})" : R"(,"global":false})";
  std::string body;
  body.reserve(head.size() + length + tail.size());
  body.append(head).append(seconds, length).append(tail);
  return body;
}

} // namespace parley::server::ratelimit
