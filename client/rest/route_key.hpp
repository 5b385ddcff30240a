// The rate-limit identity of a REST request (rest.md §4.1): the route (method + path template with
// ids replaced) and its top-level resource, the "major parameter" (channel_id, guild_id, or
// webhook_id + token) that splits one route's bucket per resource.
#pragma once

#include <string>
#include <string_view>

namespace parley::client::rest {

struct route_key {
  std::string route;  // "POST /channels/{id}/messages": what the server names with one bucket id
  std::string major;  // "1234", "webhook_id/token", or "" for routes without a top-level resource

  friend bool operator==(const route_key&, const route_key&) = default;
};

// `path` is the request target relative to the API base ("/channels/1/messages?limit=5"); the
// query is ignored. Numeric segments, invite codes, reaction emojis and webhook tokens become
// placeholders so that every request of one route shares one key per top-level resource.
route_key route_key_of(std::string_view method, std::string_view path);

} // namespace parley::client::rest
