// Route key checks for the rate limiter (rest.md §4.1).
#include "server/ratelimit/route_template.hpp"

#include <array>

namespace parley::server::ratelimit {

bool is_valid_route(std::string_view route) noexcept {
  const auto space = route.find(' ');
  if (space == 0 || space == std::string_view::npos) {
    return false;
  }
  for (const char c : route.substr(0, space)) {
    if (c < 'A' || c > 'Z') {
      return false;
    }
  }
  const auto path = route.substr(space + 1);
  return !path.empty() && path.front() == '/' && path.find(' ') == std::string_view::npos;
}

bool has_top_level_resource(std::string_view route) noexcept {
  const auto space = route.find(' ');
  if (space == std::string_view::npos) {
    return false;
  }
  auto path = route.substr(space + 1);
  static constexpr std::array<std::string_view, 3> resources{"/channels/{", "/guilds/{", "/webhooks/{"};
  for (const auto prefix : resources) {
    if (path.starts_with(prefix)) {
      // The whole second segment must be the parameter: "/guilds/{guild_id}/..." but not
      // "/guilds/{x}y".
      const auto rest = path.substr(prefix.size());
      const auto close = rest.find('}');
      const auto slash = rest.find('/');
      return close != std::string_view::npos && close < slash &&
             (close + 1 == rest.size() || rest[close + 1] == '/');
    }
  }
  return false;
}

} // namespace parley::server::ratelimit
