// Facts the rate limiter reads from a route key "METHOD /path/{param}" (rest.md §4.1): whether it is
// well formed, and whether its bucket is split by a top-level resource.
#pragma once

#include <string_view>

namespace parley::server::ratelimit {

// "METHOD /path": an upper-case method, one space, then a path starting with '/'.
bool is_valid_route(std::string_view route) noexcept;

// True when the path starts with /channels/{...}, /guilds/{...} or /webhooks/{...}: Discord's
// top-level resources, whose ids split a route's bucket.
bool has_top_level_resource(std::string_view route) noexcept;

} // namespace parley::server::ratelimit
