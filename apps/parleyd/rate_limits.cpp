// parleyd's REST rate limit table and the parsing of --rate-limit-route overrides.
#include "apps/parleyd/rate_limits.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>

#include "server/ratelimit/route_template.hpp"

namespace parley::apps {

namespace rl = server::ratelimit;
using std::chrono::milliseconds;

namespace {

// Per caller, and per channel where the route has one (Discord's habits). Entries for routes the
// server does not serve yet are harmless: a key only matters once a route with that label exists.
rl::limiter_config builtin_limits() {
  rl::limiter_config c;
  // Unlisted routes: generous, the global limit is the real bound.
  c.default_route = rl::route_limit{20, milliseconds{1000}};
  const auto per = [](std::uint32_t limit, std::int64_t window_ms) {
    return rl::route_limit{limit, milliseconds{window_ms}};
  };
  c.routes = {
      // Accounts, keyed by client address (no caller yet); each attempt costs an argon2id hash.
      {"POST /auth/register", per(5, 60'000)},
      {"POST /auth/login", per(10, 60'000)},
      // Messages: Discord's 5 per 5 s per channel for sends and edits.
      {"POST /channels/{channel_id}/messages", per(5, 5'000)},
      {"PATCH /channels/{channel_id}/messages/{message_id}", per(5, 5'000)},
      {"DELETE /channels/{channel_id}/messages/{message_id}", per(5, 1'000)},
      {"POST /channels/{channel_id}/messages/bulk-delete", per(1, 1'000)},
      {"PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", per(1, 250)},
      {"POST /channels/{channel_id}/typing", per(5, 5'000)},
  };
  // Interaction responses are exempt from the global limit (rest.md §4.3).
  rl::route_limit callback = per(20, 1'000);
  callback.global_exempt = true;
  c.routes.push_back({"POST /interactions/{interaction_id}/{interaction_token}/callback", callback});
  return c;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

} // namespace

std::optional<rl::route_limit_entry> parse_route_limit(std::string_view text) {
  const auto eq = text.rfind('=');
  const auto slash = text.rfind('/');
  if (eq == std::string_view::npos || slash == std::string_view::npos || slash < eq) return std::nullopt;
  const auto route = text.substr(0, eq);
  const auto count = parse_count(text.substr(eq + 1, slash - eq - 1));
  auto window = text.substr(slash + 1);

  std::uint64_t unit_ms = 0;
  if (window.ends_with("ms")) unit_ms = 1, window.remove_suffix(2);
  else if (window.ends_with('s')) unit_ms = 1'000, window.remove_suffix(1);
  else if (window.ends_with('m')) unit_ms = 60'000, window.remove_suffix(1);
  else if (window.ends_with('h')) unit_ms = 3'600'000, window.remove_suffix(1);
  const auto amount = parse_count(window);
  if (!rl::is_valid_route(route) || !count || *count == 0 || *count > 1'000'000'000 || unit_ms == 0 || !amount ||
      *amount == 0 || *amount > 7 * 24 * 3'600'000 / unit_ms)
    return std::nullopt;
  rl::route_limit_entry entry;
  entry.route = std::string(route);
  entry.limit.limit = static_cast<std::uint32_t>(*count);
  entry.limit.window = milliseconds{static_cast<std::int64_t>(*amount * unit_ms)};
  return entry;
}

rl::limiter_config rest_limits(const config& cfg) {
  auto c = builtin_limits();
  c.global_limit = cfg.rate_limit_global;
  for (const auto& text : cfg.rate_limit_routes) {
    auto entry = parse_route_limit(text);
    if (!entry) throw std::invalid_argument("--rate-limit-route: want METHOD /path=COUNT/WINDOW, got '" + text + "'");
    const auto same = std::find_if(c.routes.begin(), c.routes.end(), [&](const auto& e) { return e.route == entry->route; });
    if (same != c.routes.end()) {
      entry->limit.global_exempt = same->limit.global_exempt;
      same->limit = entry->limit;
    } else {
      c.routes.push_back(std::move(*entry));
    }
  }
  return c;
}

std::optional<rl::rate_limiter> make_rest_limiter(const config& cfg) {
  if (!cfg.rate_limit) return std::nullopt;
  auto limiter = rl::rate_limiter::create(rest_limits(cfg));
  if (!limiter) throw std::runtime_error("rate limits: " + limiter.error().message());
  return std::move(*limiter);
}

} // namespace parley::apps
