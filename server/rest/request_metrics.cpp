// The REST front's Prometheus instruments: registration and the cached recording path.
#include "server/rest/request_metrics.hpp"

#include <charconv>

namespace parley::server::rest {

namespace {

// status → slot + 1 (0: no slot) for 100..599, built at compile time so the lookup is one load.
constexpr std::array<std::uint8_t, 500> slot_table = [] {
  std::array<std::uint8_t, 500> table{};
  for (std::size_t i = 0; i < cached_statuses.size(); ++i)
    table[cached_statuses[i] - 100] = static_cast<std::uint8_t>(i + 1);
  return table;
}();

} // namespace

std::optional<std::size_t> status_slot(unsigned status) noexcept {
  if (status < 100 || status >= 600) return std::nullopt;
  const auto slot = slot_table[status - 100];
  if (slot == 0) return std::nullopt;
  return slot - 1u;
}

result<http_families> http_families::create(metrics::registry& registry) {
  http_families f;
  auto requests = registry.add_counter("parley_http_requests_total",
                                       "HTTP requests answered, by route template (\"METHOD /path\"), method and status.",
                                       {"route", "method", "status"});
  if (!requests) return requests.error();
  auto duration = registry.add_histogram("parley_http_request_duration_seconds",
                                         "Time from a request's arrival to its response, by route template.", {"route"});
  if (!duration) return duration.error();
  auto limited = registry.add_counter("parley_rate_limited_total",
                                      "REST requests refused with 429, by the limit that refused them.", {"scope"});
  if (!limited) return limited.error();
  f.requests = *requests;
  f.duration = *duration;
  f.rate_limited = *limited;
  return f;
}

route_instruments::route_instruments(metrics::counter_family& requests, metrics::histogram& duration,
                                     std::string_view route, std::string_view method) noexcept
    : requests_(requests), duration_(duration), route_(route), method_(method) {}

void route_instruments::record(unsigned status, std::chrono::nanoseconds elapsed) {
  requests(status).inc();
  duration_.observe(elapsed);
}

metrics::counter& route_instruments::requests(unsigned status) {
  const auto slot = status_slot(status);
  if (!slot) return create(status);
  auto& cached = slots_[*slot];
  if (auto* c = cached.load(std::memory_order_acquire)) return *c;
  auto& c = create(status);
  cached.store(&c, std::memory_order_release);
  return c;
}

metrics::counter& route_instruments::create(unsigned status) {
  char text[12];
  const auto end = std::to_chars(text, text + sizeof text, status).ptr;
  return requests_.with({route_, method_, std::string_view(text, static_cast<std::size_t>(end - text))});
}

fixed_route_instruments::fixed_route_instruments(const http_families& families, std::string_view route) {
  auto& duration = families.duration->with({route});
  for (std::size_t i = 0; i < methods_.size(); ++i) by_method_[i].emplace(*families.requests, duration, route, methods_[i]);
}

route_instruments& fixed_route_instruments::for_method(std::string_view method) noexcept {
  for (std::size_t i = 0; i + 1 < methods_.size(); ++i)
    if (methods_[i] == method) return *by_method_[i];
  return *by_method_.back();
}

rate_limited_instruments::rate_limited_instruments(metrics::counter_family& family) {
  by_scope_[static_cast<std::size_t>(ratelimit::limit_scope::user)] = &family.with({"user"});
  by_scope_[static_cast<std::size_t>(ratelimit::limit_scope::global)] = &family.with({"global"});
  by_scope_[static_cast<std::size_t>(ratelimit::limit_scope::shared)] = &family.with({"shared"});
}

void rate_limited_instruments::record(ratelimit::limit_scope scope) noexcept {
  const auto i = static_cast<std::size_t>(scope);
  if (i < by_scope_.size()) by_scope_[i]->inc();
}

} // namespace parley::server::rest
