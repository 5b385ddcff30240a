// Request target → browser client file or client route; see web_path.hpp.
#include "server/site/web_path.hpp"

#include <array>

namespace parley::server::site {

namespace {

bool safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '/';
}

// Client routes (web/js/router.js): the page for these is index.html, whatever follows.
bool is_app_route(std::string_view path) {
  static constexpr std::array<std::string_view, 5> exact{"/", "/login", "/register", "/channels", "/app"};
  for (auto e : exact)
    if (path == e) return true;
  static constexpr std::array<std::string_view, 2> prefixes{"/channels/", "/invite/"};
  for (auto p : prefixes)
    if (path.starts_with(p) && path.size() > p.size()) return true;
  return false;
}

} // namespace

web_route resolve_web_path(std::string_view target) {
  const auto path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path.front() != '/') return {};
  if (is_app_route(path)) return {web_route_kind::app, "/index.html"};
  if (path.size() > 256 || path.find("..") != std::string_view::npos) return {};
  for (char c : path)
    if (!safe_char(c)) return {};
  // Every segment must be a plain name: no empty segments, no "." or "..", no hidden files.
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return {};
    start = end + 1;
  }
  if (path.back() == '/') return {};
  return {web_route_kind::file, std::string(path)};
}

} // namespace parley::server::site
