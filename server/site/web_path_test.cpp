// resolve_web_path: client routes, files, and targets that must never reach the file system.
#include "server/site/web_path.hpp"

#include <gtest/gtest.h>

namespace parley::server::site {
namespace {

TEST(web_path, client_routes_get_index_html) {
  for (const char* t : {"/", "/login", "/register", "/channels/@me", "/channels/@me/123", "/channels/1/2",
                        "/channels/1/2?jump=3", "/invite/AbC123", "/app"}) {
    const auto r = resolve_web_path(t);
    EXPECT_EQ(r.kind, web_route_kind::app) << t;
    EXPECT_EQ(r.path, "/index.html") << t;
  }
  EXPECT_EQ(resolve_web_path("/invite/").kind, web_route_kind::none);
}

TEST(web_path, files) {
  const auto r = resolve_web_path("/js/views/chat_view.js?v=1");
  EXPECT_EQ(r.kind, web_route_kind::file);
  EXPECT_EQ(r.path, "/js/views/chat_view.js");
  EXPECT_EQ(resolve_web_path("/app.css").path, "/app.css");
}

TEST(web_path, rejects_escapes_and_odd_names) {
  for (const char* t : {"", "x", "/..", "/../etc/passwd", "/js/../../x", "/js//a.js", "/.git/config", "/js/",
                        "/a%2e%2e/b", "/a\\b", "/a b", "/js/./a.js", "//etc/passwd"}) {
    EXPECT_EQ(resolve_web_path(t).kind, web_route_kind::none) << t;
  }
  EXPECT_EQ(resolve_web_path(std::string_view("/a\0b", 4)).kind, web_route_kind::none);
  EXPECT_EQ(resolve_web_path("/" + std::string(300, 'a')).kind, web_route_kind::none);
}

} // namespace
} // namespace parley::server::site
