// What the HTTP layer knows about a request when it asks the rate limiter (rest.md §4.1): the
// route, the top-level resource it addresses, and the caller.
#pragma once

#include <cstdint>
#include <string_view>

#include "server/ratelimit/caller_identity.hpp"

namespace parley::server::ratelimit {

struct request_key {
  // Method and path template from the router's fixed table, without the /api/vN prefix:
  // "POST /channels/{channel_id}/messages". Never the raw request path: every distinct string is a
  // distinct bucket. Only read during check().
  std::string_view route;
  // Value of the template's top-level parameter ({channel_id}, {guild_id}, {webhook_id}); ignored
  // when the template has none (see route_template.hpp).
  std::uint64_t resource_id = 0;
  caller_identity caller;
};

} // namespace parley::server::ratelimit
