// Client-side REST rate limiting (rest.md §4.1-§4.3); see the header for the model.
#include "client/rest/rate_limiter.hpp"

#include <algorithm>

namespace parley::client::rest {

namespace {

constexpr char separator = '\x1f';  // cannot occur in a route, bucket id or id

std::chrono::milliseconds longest(std::chrono::milliseconds a, std::chrono::milliseconds b) { return a < b ? b : a; }

} // namespace

rate_limiter::rate_limiter(limiter_config config) : config_(config) {
  if (config_.global_limit == 0) config_.global_limit = 1;
}

std::string rate_limiter::bucket_key(const route_key& key) const {
  std::string out;
  if (const auto it = route_buckets_.find(key.route); it != route_buckets_.end()) {
    if (it->second.empty()) return out;  // no limit headers on this route: global limit only
    out.reserve(it->second.size() + key.major.size() + 3);
    out.append("b:").append(it->second);
  } else {
    // Not yet learned: the route itself stands for its bucket until the first response.
    out.reserve(key.route.size() + key.major.size() + 3);
    out.append("r:").append(key.route);
  }
  out.push_back(separator);
  out.append(key.major);
  return out;
}

std::string rate_limiter::bucket_of(const route_key& key) const {
  const auto it = route_buckets_.find(key.route);
  return it == route_buckets_.end() ? std::string{} : it->second;
}

limiter_decision rate_limiter::acquire(const route_key& key, limiter_time now) {
  limiter_decision d;
  if (now < global_blocked_until_) {
    d.retry_at = global_blocked_until_;
    d.global = true;
    return d;
  }
  if (now >= global_window_start_ + config_.global_window) {
    global_window_start_ = now;
    global_count_ = 0;
  }
  if (global_count_ >= config_.global_limit) {
    d.retry_at = global_window_start_ + config_.global_window;
    d.global = true;
    return d;
  }

  auto name = bucket_key(key);
  if (!name.empty()) {
    if (buckets_.size() >= config_.max_buckets) prune(now);
    auto& b = buckets_[name];
    if (now < b.blocked_until) {
      d.retry_at = b.blocked_until;
      return d;
    }
    if (!b.known) {
      if (b.in_flight > 0) {
        d.retry_at = now + config_.discovery_wait;
        d.wait_for_response = true;
        return d;
      }
    } else {
      if (now >= b.reset_at && b.remaining < b.limit) {
        // The window ended: assume a full bucket until a response says otherwise, and do not
        // refill again before the next window could end.
        b.remaining = b.limit;
        b.reset_at = now + b.window;
      }
      if (b.remaining == 0) {
        d.retry_at = b.reset_at;
        return d;
      }
      --b.remaining;
    }
    ++b.in_flight;
  }
  ++global_count_;
  d.allowed = true;
  d.ticket.bucket = std::move(name);
  return d;
}

void rate_limiter::release(const limiter_ticket& ticket) {
  if (ticket.bucket.empty()) return;
  if (const auto it = buckets_.find(ticket.bucket); it != buckets_.end() && it->second.in_flight > 0)
    --it->second.in_flight;
}

void rate_limiter::on_abandoned(const limiter_ticket& ticket) { release(ticket); }

void rate_limiter::on_response(const limiter_ticket& ticket, const route_key& key, const response_limits& limits,
                               limiter_time now) {
  release(ticket);
  const bool limited = limits.status == 429;
  const auto retry = limits.retry_after ? *limits.retry_after
                     : limits.reset_after ? *limits.reset_after
                                          : std::chrono::milliseconds{1000};
  const bool global_429 = limited && limits.global;
  if (global_429) global_blocked_until_ = std::max(global_blocked_until_, now + retry);

  if (!limits.bucket.empty()) {
    route_buckets_[key.route] = limits.bucket;
  } else if (!limited && !limits.has_bucket_headers()) {
    route_buckets_[key.route] = std::string{};
  }

  const auto name = bucket_key(key);
  // The placeholder bucket used while the route was unknown has done its job.
  if (!ticket.bucket.empty() && ticket.bucket != name) {
    if (const auto it = buckets_.find(ticket.bucket); it != buckets_.end() && it->second.in_flight == 0)
      buckets_.erase(it);
  }
  if (name.empty()) return;

  auto& b = buckets_[name];
  if (limits.limit && limits.remaining && limits.reset_after) {
    const auto reset_at = now + *limits.reset_after;
    const std::uint32_t limit = std::max<std::uint32_t>(1, *limits.limit);
    // Responses of one window may arrive out of order; only a first response or a new window
    // may raise what we think is left.
    // A 429 is the server's word on the window and overrides what we planned.
    const bool fresh = limited || !b.known || now >= b.reset_at;
    std::uint32_t remaining = std::min(*limits.remaining, limit);
    // Requests still in flight were granted against this count but may not be in it yet.
    remaining = remaining > b.in_flight ? remaining - b.in_flight : 0;
    b.remaining = fresh ? remaining : std::min(b.remaining, remaining);
    b.limit = limit;
    b.reset_at = fresh ? reset_at : std::max(b.reset_at, reset_at);
    b.window = longest(b.window, *limits.reset_after);
    b.known = true;
  } else if (!limited) {
    // A bucket id without counts: nothing to plan with, but the route is no longer unknown.
    b.known = true;
    b.remaining = std::max(b.remaining, b.limit);
  }
  if (limited && !global_429) {
    b.known = true;
    b.remaining = 0;
    b.reset_at = now + retry;
    b.blocked_until = std::max(b.blocked_until, now + retry);
  }
}

void rate_limiter::prune(limiter_time now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const auto& b = it->second;
    if (b.in_flight == 0 && now >= b.reset_at && now >= b.blocked_until) it = buckets_.erase(it);
    else ++it;
  }
}

} // namespace parley::client::rest
