// Route keys for the client's rate limiter (rest.md §4.1 "Buckets are per route ... further split
// by the top-level resource").
#include "client/rest/route_key.hpp"

#include <algorithm>
#include <array>

namespace parley::client::rest {

namespace {

bool is_id(std::string_view segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Segments whose next segment is a free-form value rather than part of the route's shape.
bool names_a_value(std::string_view segment) {
  static constexpr std::array<std::string_view, 3> named{"reactions", "invites", "templates"};
  return std::find(named.begin(), named.end(), segment) != named.end();
}

} // namespace

route_key route_key_of(std::string_view method, std::string_view path) {
  if (const auto q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  route_key key;
  key.route.reserve(method.size() + path.size() + 1);
  key.route.append(method).push_back(' ');

  std::size_t index = 0;
  std::string_view top;       // first segment: "channels", "guilds", "webhooks", ...
  bool value_next = false;    // the previous segment announced a free-form value
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    const auto segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);

    key.route.push_back('/');
    const bool major_slot = index == 1 && (top == "channels" || top == "guilds" || top == "webhooks");
    const bool webhook_token = index == 2 && top == "webhooks" && !key.major.empty();
    if (major_slot && is_id(segment)) {
      key.major.assign(segment);
      key.route.append("{id}");
    } else if (webhook_token) {
      // Discord limits webhook executions per webhook id + token.
      key.major.append("/").append(segment);
      key.route.append("{token}");
    } else if (is_id(segment)) {
      key.route.append("{id}");
    } else if (value_next && segment != "@me") {
      key.route.append("{value}");
    } else {
      key.route.append(segment);
    }
    value_next = names_a_value(segment);  // "/invites/{code}", ".../reactions/{emoji}"
    if (index == 0) top = segment;
    ++index;
  }
  return key;
}

} // namespace parley::client::rest
