// The site handler: health, metrics and the browser client; see site_handler.hpp.
#include "server/site/site_handler.hpp"

#include <boost/beast/http/field.hpp>

#include "server/metrics/text_format.hpp"
#include "server/site/web_path.hpp"

namespace parley::server::site {

namespace bhttp = boost::beast::http;

namespace {

// The client only talks to its own origin (REST, gateway, attachments); inline scripts are never
// needed. Inline styles are: the virtualized list positions rows with style attributes.
constexpr std::string_view index_policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

} // namespace

site_handler::site_handler(std::function<std::string()> render_metrics, std::function<bool()> healthy,
                           site_options options)
    : render_metrics_(std::move(render_metrics)), healthy_(std::move(healthy)), web_(std::move(options.web_root)) {}

bool site_handler::serve_web(const http::request& req, http::response& res) const {
  const auto route = resolve_web_path(req.target());
  if (route.kind == web_route_kind::none) return false;
  const auto asset = web_.find(route.path);
  if (!asset) return false;

  const bool gzip = !asset->gzip_body.empty() && accepts_gzip(req[bhttp::field::accept_encoding]);
  const auto& etag = gzip ? asset->gzip_etag : asset->etag;
  res.set(bhttp::field::content_type, asset->content_type);
  res.set(bhttp::field::etag, etag);
  // Module URLs carry no content hash (no build step), so every file is revalidated; the ETag
  // makes that a 304 without a body.
  res.set(bhttp::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (!asset->gzip_body.empty()) res.set(bhttp::field::vary, "Accept-Encoding");
  if (asset->content_type.starts_with("text/html")) {
    res.set("Content-Security-Policy", index_policy);
    res.set("Referrer-Policy", "no-referrer");
  }
  if (etag_matches(req[bhttp::field::if_none_match], etag)) {
    res.result(bhttp::status::not_modified);
    return true;
  }
  if (gzip) res.set(bhttp::field::content_encoding, "gzip");
  const auto& body = gzip ? asset->gzip_body : asset->body;
  if (req.method() == bhttp::verb::head) {
    res.content_length(body.size());
  } else {
    res.body() = body;
  }
  return true;
}

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
  } else if (read && serve_web(req, res)) {
    // filled in by serve_web
  } else {
    res.result(read ? bhttp::status::not_found : bhttp::status::method_not_allowed);
    res.set(bhttp::field::content_type, "application/json");
    res.body() = read ? R"({"message":"404: Not Found","code":0})" : R"({"message":"405: Method Not Allowed","code":0})";
  }
  co_return res;
}

} // namespace parley::server::site
