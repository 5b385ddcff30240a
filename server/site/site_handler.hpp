// Everything on the HTTP port outside /api: /healthz, /metrics (Prometheus text format), and
// later the browser client's static files. JSON 404 for anything else.
#pragma once

#include <functional>
#include <string>

#include "server/http/handler.hpp"

namespace parley::server::site {

class site_handler final : public http::request_handler {
 public:
  // `render_metrics` produces the /metrics body; `healthy` answers /healthz.
  site_handler(std::function<std::string()> render_metrics, std::function<bool()> healthy);

  boost::asio::awaitable<http::response> handle(http::request& req, const http::peer_info& peer) override;

 private:
  std::function<std::string()> render_metrics_;
  std::function<bool()> healthy_;
};

} // namespace parley::server::site
