#include "server/rest/rest_api.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

namespace parley::server::rest {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using model::api_error;
using model::json_code;

struct rest_api::outcome {
  unsigned status = 200;
  std::optional<std::string> json;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct rest_api::instruments {};

namespace {

constexpr std::string_view cors_allow_headers =
    "Authorization, Content-Type, X-Audit-Log-Reason, X-Super-Properties, X-Discord-Locale, X-Debug-Options";
constexpr std::string_view cors_expose_headers =
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-RateLimit-Reset-After, X-RateLimit-Bucket, "
    "X-RateLimit-Scope, X-RateLimit-Global, Retry-After";

rest_api::outcome error_outcome(const api_error& e) {
  return {static_cast<unsigned>(e.status()), boost::json::serialize(e.to_json()), {}};
}

bool is_json_media_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  auto media = content_type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16) return false;
  for (std::size_t i = 0; i < 16; ++i)
    if (std::tolower(static_cast<unsigned char>(media[i])) != "application/json"[i]) return false;
  return true;
}

void set_common_headers(http::response& res) {
  res.set(bhttp::field::server, "parley");
  res.set(bhttp::field::access_control_allow_origin, "*");
  res.set(bhttp::field::access_control_expose_headers, cors_expose_headers);
}

} // namespace

rest_api::rest_api(asio::thread_pool& store_pool, service::accounts& accounts, http::request_handler& other)
    : pool_(store_pool), accounts_(accounts), other_(other) {}

rest_api::~rest_api() = default;

void rest_api::set_metrics(metrics::registry&) {}

void rest_api::add(bhttp::verb method, std::string_view pattern, auth_mode auth, api_handler handler) {
  std::string label(bhttp::to_string(method));
  label += ' ';
  label += pattern;
  routes_.add(method, pattern, route{pattern, std::move(label), auth, std::move(handler)});
}

rest_api::outcome rest_api::run_on_store(const route& r, api_call& call) {
  if (r.auth != auth_mode::none) {
    const auto header = call.request[bhttp::field::authorization];
    if (header.empty()) return error_outcome(api_error::unauthorized());
    auto user = accounts_.authenticate(header);
    if (!user) return error_outcome(user.error());
    if (r.auth == auth_mode::user_only && user->bot)
      return error_outcome(api_error(403, json_code::bots_cannot_use, "Bots cannot use this endpoint"));
    if (r.auth == auth_mode::bot_only && !user->bot)
      return error_outcome(api_error(403, json_code::only_bots, "Only bots can use this endpoint"));
    call.caller = std::move(*user);
  }
  auto reply = r.run(call);
  if (!reply) return error_outcome(reply.error());
  return {reply->status, std::move(reply->json), {}};
}

http::response rest_api::finish(const http::request& req, outcome&& out) {
  http::response res{static_cast<bhttp::status>(out.status), req.version()};
  set_common_headers(res);
  for (auto& [name, value] : out.headers) res.set(name, value);
  if (out.json) {
    res.set(bhttp::field::content_type, "application/json");
    res.body() = std::move(*out.json);
  }
  return res;
}

asio::awaitable<http::response> rest_api::handle(http::request& req, const http::peer_info& peer) {
  const auto parsed = boost::urls::parse_origin_form(req.target());
  if (!parsed) co_return finish(req, error_outcome(api_error(400, json_code::general, "400: Bad Request")));
  std::string_view path = parsed->encoded_path();
  if (path != "/api" && !path.starts_with("/api/")) co_return co_await other_.handle(req, peer);

  if (req.method() == bhttp::verb::options) {  // CORS preflight
    http::response res{bhttp::status::no_content, req.version()};
    set_common_headers(res);
    res.set(bhttp::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    res.set(bhttp::field::access_control_allow_headers, cors_allow_headers);
    res.set(bhttp::field::access_control_max_age, "86400");
    co_return res;
  }

  path.remove_prefix(4);  // "/api"
  if (path.starts_with("/v")) {
    const auto end = path.find('/', 1);
    const auto version = path.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    if (version != "9" && version != "10")
      co_return finish(req, error_outcome(api_error(400, json_code::invalid_api_version, "Invalid API version")));
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
  }

  const auto match = routes_.find(req.method(), path);
  if (!match.route) {
    if (match.path_exists)
      co_return finish(req, error_outcome(api_error(405, json_code::general, "405: Method Not Allowed")));
    co_return finish(req, error_outcome(api_error(404, json_code::general, "404: Not Found")));
  }

  api_call call{req, match.params, parsed->params(), nullptr, std::nullopt, peer};
  if (!req.body().empty()) {
    if (!is_json_media_type(req[bhttp::field::content_type]))
      co_return finish(req, error_outcome(api_error(400, json_code::invalid_form_body, "Invalid Form Body")));
    boost::system::error_code ec;
    call.body = boost::json::parse(req.body(), ec);
    if (ec)
      co_return finish(req, error_outcome(api_error(400, json_code::invalid_json, "The request body contains invalid JSON.")));
    if (!call.body.is_object())
      co_return finish(req, error_outcome(api_error(400, json_code::invalid_form_body, "Invalid Form Body")));
  }

  const route& r = *match.route;
  outcome out;
  try {
    out = co_await asio::co_spawn(pool_, [this, &r, &call]() -> asio::awaitable<outcome> {
      co_return run_on_store(r, call);
    }, asio::use_awaitable);
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", r.label, e.what());
    out = error_outcome(api_error());
  }
  co_return finish(req, std::move(out));
}

} // namespace parley::server::rest
