// The REST front's Prometheus instruments (DESIGN.md "Operations", /metrics): request counts by
// route template, method and status, request latency by route, and 429s by scope. Children are
// looked up once and cached, so recording a request does no formatting, hashing or map insertion.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/base/result.hpp"
#include "server/metrics/registry.hpp"
#include "server/ratelimit/decision.hpp"

namespace parley::server::rest {

// Statuses with a cached counter slot: every status Parley sends today plus the common ones a
// future route may. Others are still counted, through the family's (slower) lookup.
inline constexpr std::array<std::uint16_t, 24> cached_statuses = {
    200, 201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 405,
    408, 409, 411, 413, 415, 429, 431, 500, 501, 502, 503, 504};

// The slot of `status` in cached_statuses, or none.
std::optional<std::size_t> status_slot(unsigned status) noexcept;

// The families, registered in one registry (which owns them and outlives every user).
struct http_families {
  metrics::counter_family* requests = nullptr;     // parley_http_requests_total{route,method,status}
  metrics::histogram_family* duration = nullptr;   // parley_http_request_duration_seconds{route}
  metrics::counter_family* rate_limited = nullptr; // parley_rate_limited_total{scope}

  // Fails (metrics::errc) when the names are already registered.
  static result<http_families> create(metrics::registry& registry);
};

// One (route, method) pair. The duration histogram may be shared with other methods of a label.
// Safe to record from any thread; not copyable or movable (holds atomics).
class route_instruments {
 public:
  // `route` and `method` are views that must outlive this object (route table labels, literals).
  route_instruments(metrics::counter_family& requests, metrics::histogram& duration, std::string_view route,
                    std::string_view method) noexcept;
  route_instruments(const route_instruments&) = delete;
  route_instruments& operator=(const route_instruments&) = delete;

  // May allocate the first time a status is seen for this pair (creating its child).
  void record(unsigned status, std::chrono::nanoseconds elapsed);

  metrics::counter& requests(unsigned status);

 private:
  metrics::counter& create(unsigned status);

  metrics::counter_family& requests_;
  metrics::histogram& duration_;
  std::string_view route_;
  std::string_view method_;
  // Filled on first use; racing threads store the same child (the family de-duplicates).
  std::array<std::atomic<metrics::counter*>, cached_statuses.size()> slots_{};
};

// A fixed route label (non-API paths, unmatched API paths) whose method varies per request:
// one route_instruments per common method, and "OTHER" for the rest, so a client cannot grow the
// label set with made-up methods.
class fixed_route_instruments {
 public:
  fixed_route_instruments(const http_families& families, std::string_view route);

  // `method` as sent (Beast's verb string).
  route_instruments& for_method(std::string_view method) noexcept;

 private:
  static constexpr std::array<std::string_view, 8> methods_ = {"GET",    "HEAD",  "POST",    "PUT",
                                                               "PATCH",  "DELETE", "OPTIONS", "OTHER"};
  std::array<std::optional<route_instruments>, methods_.size()> by_method_;
};

// parley_rate_limited_total, one child per scope, created at registration (a zero is worth seeing).
class rate_limited_instruments {
 public:
  explicit rate_limited_instruments(metrics::counter_family& family);
  void record(ratelimit::limit_scope scope) noexcept;

 private:
  std::array<metrics::counter*, 3> by_scope_{};
};

} // namespace parley::server::rest
