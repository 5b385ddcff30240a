// parleyd's REST rate limits (rest.md §4, README "Configuration"): Discord's habits per route, the
// global limit per caller, and the operator's --rate-limit-route overrides.
#pragma once

#include <optional>
#include <string_view>

#include "apps/parleyd/config.hpp"
#include "server/ratelimit/limiter_config.hpp"
#include "server/ratelimit/rate_limiter.hpp"

namespace parley::apps {

// "POST /auth/register=5/60s": route key, '=', requests, '/', window with a unit (ms, s, m, h).
// None when malformed.
std::optional<server::ratelimit::route_limit_entry> parse_route_limit(std::string_view text);

// The built-in table with cfg's global limit and overrides applied (an override replaces the
// built-in entry for its route; of two overrides for one route the later wins).
// Throws std::invalid_argument on a malformed override.
server::ratelimit::limiter_config rest_limits(const config& cfg);

// The limiter for cfg, or none when rate limiting is off. Throws std::runtime_error when the
// table is refused (a bad route key, a zero limit).
std::optional<server::ratelimit::rate_limiter> make_rest_limiter(const config& cfg);

} // namespace parley::apps
