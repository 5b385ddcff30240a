#include "server/rest/rest_api.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "proto/multipart/content_type.hpp"
#include "server/ratelimit/rate_limit_headers.hpp"
#include "server/ratelimit/rate_limiter.hpp"
#include "server/ratelimit/route_template.hpp"
#include "server/rest/rate_limit_key.hpp"
#include "server/rest/request_metrics.hpp"

namespace parley::server::rest {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using model::api_error;
using model::json_code;

struct rest_api::outcome {
  unsigned status = 200;
  std::optional<std::string> json;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<ratelimit::header_list> limits;  // X-RateLimit-*; on a 429 also Retry-After, Via
};

struct rest_api::instruments {
  struct route_slot {
    route_slot(const http_families& f, std::string route_label, std::string_view method)
        : label(std::move(route_label)), calls(*f.requests, f.duration->with({label}), label, method) {}
    std::string label;  // owned: route_table moves its entries while routes are added
    route_instruments calls;
  };

  explicit instruments(const http_families& f)
      : families(f), site(f, "site"), unmatched(f, "unmatched"), preflight(f, "preflight"), limited(*f.rate_limited) {}

  void add_route(bhttp::verb method, std::string_view pattern) {
    std::string label(bhttp::to_string(method));
    label += ' ';
    label += pattern;
    routes.push_back(std::make_unique<route_slot>(families, std::move(label), bhttp::to_string(method)));
  }

  http_families families;
  std::vector<std::unique_ptr<route_slot>> routes;  // by route::index
  // Fixed labels, never the raw path: a label per distinct path would grow without bound.
  fixed_route_instruments site;       // every path outside /api (/healthz, /metrics, static files)
  fixed_route_instruments unmatched;  // /api paths that name no route, bad versions, bad targets
  fixed_route_instruments preflight;  // CORS OPTIONS
  rate_limited_instruments limited;
};

namespace {

constexpr std::string_view cors_allow_headers =
    "Authorization, Content-Type, X-Audit-Log-Reason, X-Super-Properties, X-Discord-Locale, X-Debug-Options";
constexpr std::string_view cors_expose_headers =
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-RateLimit-Reset-After, X-RateLimit-Bucket, "
    "X-RateLimit-Scope, X-RateLimit-Global, Retry-After";

rest_api::outcome error_outcome(const api_error& e) {
  rest_api::outcome out;
  out.status = static_cast<unsigned>(e.status());
  out.json = boost::json::serialize(e.to_json());
  return out;
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

// The routes that take files (rest.md §5), whatever their parameters are named.
bool is_upload_route(bhttp::verb method, std::string_view pattern) {
  std::string shape;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    shape += pattern[i];
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      if (i == std::string_view::npos) return false;
      shape += '}';
    }
  }
  return (method == bhttp::verb::post && shape == "/channels/{}/messages") ||
         (method == bhttp::verb::patch && shape == "/channels/{}/messages/{}");
}

// The route path of an /api target without its /api or /api/v9|v10 prefix; none outside /api or
// for another version.
std::optional<std::string_view> api_route_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path != "/api" && !path.starts_with("/api/")) return std::nullopt;
  path.remove_prefix(4);
  if (path.starts_with("/v")) {
    const auto end = path.find('/', 1);
    const auto version = path.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    if (version != "9" && version != "10") return std::nullopt;
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
  }
  return path;
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

void rest_api::set_metrics(metrics::registry& registry) {
  auto families = http_families::create(registry);
  if (!families) throw std::runtime_error("REST metrics: " + families.error().message());
  metrics_ = std::make_unique<instruments>(*families);
  for (const auto& [method, pattern] : added_) metrics_->add_route(method, pattern);
}

void rest_api::add(bhttp::verb method, std::string_view pattern, auth_mode auth, api_handler handler) {
  std::string label(bhttp::to_string(method));
  label += ' ';
  label += pattern;
  const bool top_level = ratelimit::has_top_level_resource(label);
  const std::size_t index = added_.size();
  added_.emplace_back(method, pattern);
  if (metrics_) metrics_->add_route(method, pattern);
  routes_.add(method, pattern,
              route{pattern, std::move(label), auth, std::move(handler), index, top_level,
                    is_upload_route(method, pattern)});
}

std::size_t rest_api::body_limit_for(const http::request& head, std::size_t base) const {
  if (!proto::multipart::is_form_data(head[bhttp::field::content_type])) return base;
  const auto path = api_route_path(head.target());
  if (!path) return base;
  const auto match = routes_.find(head.method(), *path);
  if (!match.route || !match.route->uploads) return base;
  return std::max(base, upload_limits_.body_limit());
}

bool rest_api::admit(const route& r, const api_call& call, outcome& out) {
  if (!limiter_) return true;
  ratelimit::request_key key{r.label, 0,
                             call.caller ? ratelimit::caller_identity::user(call.caller->id) : caller_of(call.peer.address)};
  if (r.top_level_resource && call.params.count > 0) key.resource_id = resource_id_of(call.params[0]);
  const auto d = limiter_->check(key, std::chrono::steady_clock::now());
  out.limits.emplace(ratelimit::rate_limit_headers(d, std::chrono::system_clock::now()));
  if (d.allowed) return true;
  out.status = 429;
  out.json = ratelimit::too_many_requests_body(d);
  if (metrics_) metrics_->limited.record(d.scope);
  return false;
}

void rest_api::run_on_store(const route& r, api_call& call, outcome& out) {
  const auto fail = [&out](const api_error& e) {
    out.status = static_cast<unsigned>(e.status());
    out.json = boost::json::serialize(e.to_json());
  };
  if (r.auth != auth_mode::none) {
    const auto header = call.request[bhttp::field::authorization];
    if (header.empty()) return fail(api_error::unauthorized());
    auto user = accounts_.authenticate(header);
    if (!user) return fail(user.error());
    call.caller = std::move(*user);
    // Counted once the caller is known (rest.md §4.3: per user); bad tokens are not counted.
    if (!admit(r, call, out)) return;
    if (r.auth == auth_mode::user_only && call.caller->bot)
      return fail(api_error(403, json_code::bots_cannot_use, "Bots cannot use this endpoint"));
    if (r.auth == auth_mode::bot_only && !call.caller->bot)
      return fail(api_error(403, json_code::only_bots, "Only bots can use this endpoint"));
  }
  auto reply = r.run(call);
  if (!reply) return fail(reply.error());
  out.status = reply->status;
  out.json = std::move(reply->json);
  if (reply->retry_after) {
    ratelimit::decision d;
    d.allowed = false;
    d.scope = ratelimit::limit_scope::user;
    d.limit = 1;
    d.remaining = 0;
    d.reset_after = d.retry_after = *reply->retry_after;
    d.bucket = ratelimit::bucket_id_of(r.label);
    out.limits.emplace(ratelimit::rate_limit_headers(d, std::chrono::system_clock::now()));
  }
}

http::response rest_api::finish(const http::request& req, outcome&& out) {
  http::response res{static_cast<bhttp::status>(out.status), req.version()};
  set_common_headers(res);
  for (auto& [name, value] : out.headers) res.set(name, value);
  if (out.limits)
    for (const auto field : *out.limits) res.set(field.name, field.value);
  if (out.json) {
    res.set(bhttp::field::content_type, "application/json");
    res.body() = std::move(*out.json);
  }
  return res;
}

asio::awaitable<http::response> rest_api::handle(http::request& req, const http::peer_info& peer) {
  const auto started = std::chrono::steady_clock::now();
  // What this request is counted under in /metrics; chosen as soon as it is known.
  route_instruments* counted = nullptr;
  const auto count_as = [&](fixed_route_instruments instruments::*label) {
    if (metrics_) counted = &((*metrics_).*label).for_method(req.method_string());
  };
  const auto done = [&](http::response res) {
    if (counted) counted->record(res.result_int(), std::chrono::steady_clock::now() - started);
    return res;
  };

  const auto parsed = boost::urls::parse_origin_form(req.target());
  if (!parsed) {
    count_as(&instruments::unmatched);
    co_return done(finish(req, error_outcome(api_error(400, json_code::general, "400: Bad Request"))));
  }
  std::string_view path = parsed->encoded_path();
  if (path != "/api" && !path.starts_with("/api/")) {
    count_as(&instruments::site);
    co_return done(co_await other_.handle(req, peer));
  }

  if (req.method() == bhttp::verb::options) {  // CORS preflight
    count_as(&instruments::preflight);
    http::response res{bhttp::status::no_content, req.version()};
    set_common_headers(res);
    res.set(bhttp::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    res.set(bhttp::field::access_control_allow_headers, cors_allow_headers);
    res.set(bhttp::field::access_control_max_age, "86400");
    co_return done(std::move(res));
  }

  count_as(&instruments::unmatched);  // until a route matches
  path.remove_prefix(4);  // "/api"
  if (path.starts_with("/v")) {
    const auto end = path.find('/', 1);
    const auto version = path.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    if (version != "9" && version != "10")
      co_return done(finish(req, error_outcome(api_error(400, json_code::invalid_api_version, "Invalid API version"))));
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
  }

  const auto match = routes_.find(req.method(), path);
  if (!match.route) {
    if (match.path_exists)
      co_return done(finish(req, error_outcome(api_error(405, json_code::general, "405: Method Not Allowed"))));
    co_return done(finish(req, error_outcome(api_error(404, json_code::general, "404: Not Found"))));
  }
  const route& r = *match.route;
  if (metrics_ && r.index < metrics_->routes.size()) counted = &metrics_->routes[r.index]->calls;

  api_call call{req, match.params, parsed->params(), nullptr, std::nullopt, peer, {}};
  outcome out;
  // Public routes are limited per address here, before the body is parsed or a store thread is
  // taken; authenticated ones on the store thread once the token names the user.
  if (r.auth == auth_mode::none) {
    bool admitted = false;
    try {
      admitted = admit(r, call, out);
    } catch (const std::exception& e) {
      spdlog::error("{}: rate limiter: {}", r.label, e.what());
      co_return done(finish(req, error_outcome(api_error())));
    }
    if (!admitted) co_return done(finish(req, std::move(out)));
  }

  if (!req.body().empty()) {
    const auto fail = [&](const api_error& e) {
      out.status = static_cast<unsigned>(e.status());
      out.json = boost::json::serialize(e.to_json());
      return done(finish(req, std::move(out)));
    };
    const auto content_type = req[bhttp::field::content_type];
    if (r.uploads && proto::multipart::is_form_data(content_type)) {
      auto form = read_multipart(content_type, req.body(), upload_limits_);
      if (!form) co_return fail(form.error());
      call.body = std::move(form->body);
      call.uploads = std::move(form->uploads);
      // The body's bytes were copied into the uploads; free them before the handler runs.
      std::string().swap(req.body());
    } else if (!is_json_media_type(content_type)) {
      co_return fail(api_error(400, json_code::invalid_form_body, "Invalid Form Body"));
    } else {
      boost::system::error_code ec;
      call.body = boost::json::parse(req.body(), ec);
      if (ec) co_return fail(api_error(400, json_code::invalid_json, "The request body contains invalid JSON."));
      // Objects, and arrays for the bulk routes (channel and role positions); a handler that wants
      // an object reads call.object(), which is empty for anything else.
      if (!call.body.is_object() && !call.body.is_array())
        co_return fail(api_error(400, json_code::invalid_form_body, "Invalid Form Body"));
    }
  }

  try {
    // Named, not a temporary inside the co_await: g++ 12 destroys such temporaries twice.
    auto work = [this, &r, &call, &out]() -> asio::awaitable<void> {
      run_on_store(r, call, out);
      co_return;
    };
    co_await asio::co_spawn(pool_, std::move(work), asio::use_awaitable);
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", r.label, e.what());
    out = error_outcome(api_error());
  }
  co_return done(finish(req, std::move(out)));
}

} // namespace parley::server::rest
