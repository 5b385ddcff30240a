#include "server/site/site_handler.hpp"

#include <boost/beast/http/field.hpp>

#include "server/metrics/text_format.hpp"

namespace parley::server::site {

namespace bhttp = boost::beast::http;

site_handler::site_handler(std::function<std::string()> render_metrics, std::function<bool()> healthy)
    : render_metrics_(std::move(render_metrics)), healthy_(std::move(healthy)) {}

boost::asio::awaitable<http::response> site_handler::handle(http::request& req, const http::peer_info&) {
  http::response res{bhttp::status::ok, req.version()};
  res.set(bhttp::field::server, "parley");
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
  if (path == "/healthz" && read) {
    const bool ok = healthy_();
    res.result(ok ? bhttp::status::ok : bhttp::status::service_unavailable);
    res.set(bhttp::field::content_type, "application/json");
    res.body() = ok ? R"({"status":"ok"})" : R"({"status":"unavailable"})";
  } else if (path == "/metrics" && read) {
    res.set(bhttp::field::content_type, metrics::text_content_type);
    res.body() = render_metrics_();
  } else {
    res.result(read ? bhttp::status::not_found : bhttp::status::method_not_allowed);
    res.set(bhttp::field::content_type, "application/json");
    res.body() = read ? R"({"message":"404: Not Found","code":0})" : R"({"message":"405: Method Not Allowed","code":0})";
  }
  co_return res;
}

} // namespace parley::server::site
