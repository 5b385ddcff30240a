// The REST API front: Discord's conventions for every route (rest.md §1–§4, clients.md §4):
// /api, /api/v9 and /api/v10 prefixes, JSON 404/405, Content-Type checks and the 50109/50035
// errors for bodies, authentication in its three header forms, per-route and global rate limits
// with every X-RateLimit-* header, CORS, and the exact `application/json` content type.
// Handlers run on the store pool (they block on the store); the rest runs on the io thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "server/http/handler.hpp"
#include "server/rest/api_call.hpp"
#include "server/rest/multipart_request.hpp"
#include "server/rest/route_table.hpp"
#include "service/accounts.hpp"

namespace parley::server::ratelimit { class rate_limiter; }
namespace parley::server::metrics { class registry; }

namespace parley::server::rest {

class rest_api final : public http::request_handler {
 public:
  struct outcome;  // a finished call: status, JSON body, extra headers

  // `other` serves every path outside /api (health, metrics, the browser client).
  rest_api(boost::asio::thread_pool& store_pool, service::accounts& accounts, http::request_handler& other);
  ~rest_api() override;

  // Optional; set before serving (after adding the routes). Both are shared by every io thread and
  // must outlive this object. Without a limiter no request is limited and no X-RateLimit-* header
  // is sent. set_metrics registers this front's families; it throws std::runtime_error when they
  // are already registered (a startup error).
  void set_rate_limiter(ratelimit::rate_limiter* limiter) { limiter_ = limiter; }
  void set_metrics(metrics::registry& registry);
  // Multipart uploads (rest.md §5) are accepted on the message create and edit routes
  // (POST /channels/{id}/messages, PATCH /channels/{id}/messages/{id}); set before serving.
  void set_upload_limits(const upload_limits& limits) { upload_limits_ = limits; }

  // The body limit of one request, for http::server_options::body_limit_for: upload_limits'
  // body_limit() for a multipart body on an upload route, else `base`. Reads only the head.
  std::size_t body_limit_for(const http::request& head, std::size_t base) const;

  // The pattern is a string literal relative to the version prefix ("/users/{user_id}").
  void add(boost::beast::http::verb method, std::string_view pattern, auth_mode auth, api_handler handler);

  boost::asio::awaitable<http::response> handle(http::request& req, const http::peer_info& peer) override;

 private:
  struct route {
    std::string_view pattern;
    std::string label;  // "GET /users/{user_id}": the rate-limit route and the metrics label
    auth_mode auth;
    api_handler run;
    std::size_t index;        // position in add() order: the route's slot in instruments
    bool top_level_resource;  // params[0] splits the rate-limit bucket (/channels/{id}/...)
    bool uploads;             // takes multipart/form-data bodies with files
  };
  struct instruments;

  // Authenticates, rate-limits and runs the handler, on a store thread. Fills `out`, keeping the
  // rate-limit headers it already holds.
  void run_on_store(const route& r, api_call& call, outcome& out);
  // Counts the request against the limiter (when set). True: let it through; `out` then carries
  // the bucket's headers. False: `out` is the 429.
  bool admit(const route& r, const api_call& call, outcome& out);
  http::response finish(const http::request& req, outcome&& out);

  boost::asio::thread_pool& pool_;
  service::accounts& accounts_;
  http::request_handler& other_;
  route_table<route> routes_;
  ratelimit::rate_limiter* limiter_ = nullptr;
  // Every route in add() order (patterns are literals): set_metrics creates their instruments.
  std::vector<std::pair<boost::beast::http::verb, std::string_view>> added_;
  std::unique_ptr<instruments> metrics_;
  upload_limits upload_limits_;
};

} // namespace parley::server::rest
