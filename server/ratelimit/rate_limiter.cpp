// Fixed-window REST rate limiting per route, resource and caller, with a global limit per caller
// (rest.md §4.1-§4.3). Bucket storage and its memory bound are in detail/bucket_table.
#include "server/ratelimit/rate_limiter.hpp"

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "server/ratelimit/bucket_id.hpp"
#include "server/ratelimit/detail/bucket_table.hpp"
#include "server/ratelimit/error.hpp"
#include "server/ratelimit/route_template.hpp"

namespace parley::server::ratelimit {
namespace {

using detail::bucket_key;
using detail::bucket_table;
using duration = std::chrono::steady_clock::duration;
using time_point = std::chrono::steady_clock::time_point;

struct route_entry {
  std::uint64_t bucket = 0;
  std::uint32_t limit = 0;
  duration window{};
  std::uint8_t window_class = 0;
  bool shared = false;
  bool global_exempt = false;
  bool has_resource = false;
};

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct alignas(64) shard {
  shard(std::uint32_t capacity, std::size_t window_classes) : table{capacity, window_classes} {}
  std::mutex mutex;
  bucket_table table;
};

// A bucket as check() sees it before deciding: absent and expired buckets look full.
struct bucket_view {
  std::uint32_t index;
  std::uint32_t remaining;
  time_point reset_at;
  bool fresh;
};

bucket_view peek(const bucket_table& table, const bucket_key& key, std::uint32_t limit, duration window,
                 time_point now) noexcept {
  const auto index = table.find(key);
  if (index == bucket_table::npos || table.reset_at(index) <= now) {
    return {index, limit, now + window, true};
  }
  return {index, table.remaining(index), table.reset_at(index), false};
}

void count_existing(bucket_table& table, const bucket_view& view, std::uint32_t limit) noexcept {
  if (view.index == bucket_table::npos) {
    return;
  }
  if (view.fresh) {
    table.renew(view.index, limit - 1, view.reset_at);
  } else {
    table.consume(view.index);
  }
}

void count_new(bucket_table& table, const bucket_view& view, const bucket_key& key, std::uint8_t window_class,
               std::uint32_t limit, time_point now) {
  if (view.index == bucket_table::npos) {
    table.insert(key, window_class, limit - 1, view.reset_at, now);
  }
}

bool valid(const route_limit& limit) noexcept { return limit.limit >= 1 && limit.window.count() > 0; }

} // namespace

struct rate_limiter::impl {
  boost::unordered_flat_map<std::string, route_entry, string_hash, std::equal_to<>> routes;
  route_limit default_route;
  std::uint8_t default_class = 0;
  std::uint32_t global_limit = 0;
  duration global_window{};
  std::uint8_t global_class = 0;
  std::vector<std::unique_ptr<shard>> shards;
  std::size_t shard_mask = 0;

  route_entry resolve(std::string_view route) const noexcept {
    if (const auto it = routes.find(route); it != routes.end()) {
      return it->second;
    }
    return route_entry{bucket_id_of(route).value,
                       default_route.limit,
                       default_route.window,
                       default_class,
                       default_route.sharing == bucket_sharing::shared,
                       default_route.global_exempt,
                       has_top_level_resource(route)};
  }

  std::size_t shard_of(const caller_identity& caller) const noexcept {
    const auto h = detail::mix(caller.high() ^ detail::mix(caller.low() ^ static_cast<std::uint64_t>(caller.type())));
    return static_cast<std::size_t>(h) & shard_mask;
  }

  std::size_t shard_of(std::uint64_t route, std::uint64_t resource) const noexcept {
    return static_cast<std::size_t>(detail::mix(route ^ detail::mix(resource + 0x632be59bd9b4e019ULL))) & shard_mask;
  }
};

result<rate_limiter> rate_limiter::create(const limiter_config& config) {
  auto state = std::make_unique<impl>();
  std::vector<std::chrono::milliseconds> windows;
  const auto window_class = [&](std::chrono::milliseconds window) {
    for (std::size_t i = 0; i < windows.size(); ++i) {
      if (windows[i] == window) {
        return i;
      }
    }
    windows.push_back(window);
    return windows.size() - 1;
  };

  if (!valid(config.default_route)) {
    return config.default_route.limit == 0 ? errc::invalid_limit : errc::invalid_window;
  }
  if (config.global_limit == 0) {
    return errc::invalid_limit;
  }
  if (config.global_window.count() <= 0) {
    return errc::invalid_window;
  }
  state->default_route = config.default_route;
  state->default_class = static_cast<std::uint8_t>(window_class(config.default_route.window));
  state->global_limit = config.global_limit;
  state->global_window = config.global_window;
  state->global_class = static_cast<std::uint8_t>(window_class(config.global_window));

  for (const auto& entry : config.routes) {
    if (!is_valid_route(entry.route)) {
      return errc::invalid_route;
    }
    if (!valid(entry.limit)) {
      return entry.limit.limit == 0 ? errc::invalid_limit : errc::invalid_window;
    }
    const auto cls = window_class(entry.limit.window);
    if (cls > 0xff) {
      return errc::too_many_windows;
    }
    const route_entry resolved{bucket_id_of(entry.route).value,
                               entry.limit.limit,
                               entry.limit.window,
                               static_cast<std::uint8_t>(cls),
                               entry.limit.sharing == bucket_sharing::shared,
                               entry.limit.global_exempt,
                               has_top_level_resource(entry.route)};
    if (!state->routes.emplace(entry.route, resolved).second) {
      return errc::duplicate_route;
    }
  }

  const auto shards = config.shard_count;
  if (shards == 0 || (shards & (shards - 1)) != 0 || shards > config.max_buckets) {
    return errc::invalid_shards;
  }
  const auto per_shard = std::min<std::size_t>(config.max_buckets / shards, 0xffff'fff0);
  state->shard_mask = shards - 1;
  state->shards.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) {
    state->shards.push_back(std::make_unique<shard>(static_cast<std::uint32_t>(per_shard), windows.size()));
  }
  return rate_limiter{std::move(state)};
}

rate_limiter::rate_limiter(std::unique_ptr<impl> state) noexcept : impl_{std::move(state)} {}
rate_limiter::rate_limiter(rate_limiter&&) noexcept = default;
rate_limiter& rate_limiter::operator=(rate_limiter&&) noexcept = default;
rate_limiter::~rate_limiter() = default;

decision rate_limiter::check(const request_key& key, time_point now) {
  const auto& s = *impl_;
  const route_entry route = s.resolve(key.route);
  const bool use_global = !route.global_exempt;
  const bucket_key route_key{route.bucket, route.has_resource ? key.resource_id : 0,
                             route.shared ? caller_identity{} : key.caller};
  const bucket_key global_key{0, 0, key.caller};

  const auto caller_shard = s.shard_of(key.caller);
  const auto route_shard = route.shared ? s.shard_of(route.bucket, route_key.resource) : caller_shard;
  auto& route_table = s.shards[route_shard]->table;
  auto& global_table = s.shards[caller_shard]->table;

  // Two shards are locked in index order, so concurrent checks cannot deadlock.
  std::unique_lock<std::mutex> first;
  std::unique_lock<std::mutex> second;
  if (use_global && caller_shard != route_shard) {
    first = std::unique_lock{s.shards[std::min(caller_shard, route_shard)]->mutex};
    second = std::unique_lock{s.shards[std::max(caller_shard, route_shard)]->mutex};
  } else {
    first = std::unique_lock{s.shards[route_shard]->mutex};
  }

  decision out;
  out.limit = route.limit;
  out.bucket = bucket_id{route.bucket};
  const auto route_view = peek(route_table, route_key, route.limit, route.window, now);
  out.reset_after = route_view.reset_at - now;

  bucket_view global_view{};
  if (use_global) {
    global_view = peek(global_table, global_key, s.global_limit, s.global_window, now);
    if (global_view.remaining == 0) {
      out.allowed = false;
      out.scope = limit_scope::global;
      out.remaining = route_view.remaining;
      out.retry_after = global_view.reset_at - now;
      return out;
    }
  }
  if (route_view.remaining == 0) {
    out.allowed = false;
    out.scope = route.shared ? limit_scope::shared : limit_scope::user;
    out.remaining = 0;
    out.retry_after = out.reset_after;
    return out;
  }

  // Insertion may evict and invalidates indices, so update existing buckets before adding new ones.
  if (use_global) {
    count_existing(global_table, global_view, s.global_limit);
  }
  count_existing(route_table, route_view, route.limit);
  if (use_global) {
    count_new(global_table, global_view, global_key, s.global_class, s.global_limit, now);
  }
  count_new(route_table, route_view, route_key, route.window_class, route.limit, now);

  out.remaining = route_view.remaining - 1;
  return out;
}

limiter_stats rate_limiter::stats() const {
  limiter_stats out;
  for (const auto& sh : impl_->shards) {
    const std::lock_guard lock{sh->mutex};
    out.tracked_buckets += sh->table.size();
    out.evicted_live += sh->table.evicted_live();
  }
  return out;
}

} // namespace parley::server::ratelimit
