// Maps a request target of the site (everything outside /api, /attachments, /gateway) to a file
// of the browser client, to the client's index.html (its own routes: deep links), or to nothing.
#pragma once

#include <string>
#include <string_view>

namespace parley::server::site {

enum class web_route_kind {
  none,  // not the browser client's: the caller answers 404
  file,  // a static file; `path` is "/js/app.js", safe to append to a directory
  app,   // a route the client handles itself (/, /login, /channels/..., /invite/...): index.html
};

struct web_route {
  web_route_kind kind = web_route_kind::none;
  std::string path;
};

// `target` is the raw request target (path plus optional query). Untrusted: only a conservative
// character set is accepted for files, so the result never escapes the web root ("..", "//",
// backslashes, NUL and percent escapes all give `none`).
web_route resolve_web_path(std::string_view target);

} // namespace parley::server::site
