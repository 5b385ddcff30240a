// Everything on the HTTP port outside /api, /attachments and /gateway: /healthz, /metrics
// (Prometheus text format) and the browser client (web/): its files with ETags and gzip, and
// index.html for the client's own routes (deep links). JSON 404 for anything else.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "server/http/handler.hpp"
#include "server/site/static_site.hpp"

namespace parley::server::site {

struct site_options {
  // Serve the browser client from this directory (development) instead of the embedded copy.
  std::filesystem::path web_root;
};

class site_handler final : public http::request_handler {
 public:
  // `render_metrics` produces the /metrics body; `healthy` answers /healthz.
  site_handler(std::function<std::string()> render_metrics, std::function<bool()> healthy, site_options options = {});

  boost::asio::awaitable<http::response> handle(http::request& req, const http::peer_info& peer) override;

 private:
  // Fills `res` from the browser client for a GET/HEAD, or returns false when it has no such page.
  bool serve_web(const http::request& req, http::response& res) const;

  std::function<std::string()> render_metrics_;
  std::function<bool()> healthy_;
  static_site web_;
};

} // namespace parley::server::site
