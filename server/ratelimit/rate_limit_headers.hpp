// Renders a rate limit decision as HTTP (rest.md §4.1-§4.2, clients.md §4.3): the X-RateLimit-*
// headers for every rate-limited response, and for a 429 also Retry-After, Via, Content-Type and
// the JSON body that discord.py, discord.js and D++ each need. Pure functions: wall time is passed in.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/ratelimit/decision.hpp"

namespace parley::server::ratelimit {

struct header_field {
  std::string_view name;
  std::string_view value;
};

// Up to ten header fields held by value, with no allocation. Views returned by operator[] and the
// iterator point into this object: they live as long as it does and do not follow copies.
class header_list {
 public:
  static constexpr std::size_t capacity = 10;

  std::size_t size() const noexcept { return size_; }
  header_field operator[](std::size_t i) const noexcept {
    return {names_[i], std::string_view{storage_.data() + offsets_[i], lengths_[i]}};
  }
  // The value of the first field named `name` (compared case-insensitively), or empty.
  std::string_view find(std::string_view name) const noexcept;

  class iterator {
   public:
    using value_type = header_field;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const header_list* list, std::size_t i) noexcept : list_{list}, i_{i} {}
    header_field operator*() const noexcept { return (*list_)[i_]; }
    iterator& operator++() noexcept { ++i_; return *this; }
    iterator operator++(int) noexcept { auto copy = *this; ++i_; return copy; }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.i_ == b.i_; }

   private:
    const header_list* list_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const noexcept { return {this, 0}; }
  iterator end() const noexcept { return {this, size_}; }

  // `name` must outlive the list (the callers pass literals); `value` is copied.
  void add(std::string_view name, std::string_view value) noexcept;

 private:
  static constexpr std::size_t storage_size = capacity * 24;

  std::array<std::string_view, capacity> names_{};
  std::array<std::uint16_t, capacity> offsets_{};
  std::array<std::uint8_t, capacity> lengths_{};
  std::array<char, storage_size> storage_{};
  std::size_t size_ = 0;
  std::size_t used_ = 0;
};

// X-RateLimit-Limit, -Remaining (integers: D++ parses them so), -Reset (Unix seconds, 3 decimals),
// -Reset-After (seconds, 3 decimals), -Bucket. When the request was refused, also Retry-After
// (whole seconds, rounded up), X-RateLimit-Scope, X-RateLimit-Global: true for the global limit,
// Via (without it discord.py takes the 429 for a CDN ban) and Content-Type: application/json
// (exactly; discord.py compares it). Times are rounded up to the millisecond so a client that
// waits the advertised time never arrives early.
header_list rate_limit_headers(const decision& d, std::chrono::system_clock::time_point wall_now) noexcept;

// The 429 body: {"message":"You are being rate limited.","retry_after":1.234,"global":false}.
std::string too_many_requests_body(const decision& d);

// "S.mmm": `d` in seconds rounded up to the millisecond, negative values as "0.000". Writes at most
// 24 characters and returns the count.
std::size_t format_seconds(std::chrono::nanoseconds d, char* out) noexcept;

} // namespace parley::server::ratelimit
