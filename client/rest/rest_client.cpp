// The REST client's request path: rate limiter, connection pool, retries (rest.md §3, §4).
#include "client/rest/rest_client.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::client::rest {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool keep_colon) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c) || (keep_colon && c == ':')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

} // namespace

std::string encode_path_segment(std::string_view text) { return percent_encode(text, true); }

result<std::unique_ptr<rest_client>> rest_client::create(asio::any_io_executor executor,
                                                         rest_client_options options) {
  auto url = parse_base_url(options.base_url);
  if (!url) return url.error();
  std::optional<asio::ssl::context> tls;
  if (url->tls) {
    tls.emplace(asio::ssl::context::tls_client);
    error_code ec;
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1,
                     ec);
    if (!ec) tls->set_default_verify_paths(ec);
    if (!ec && !options.ca_file.empty()) tls->load_verify_file(options.ca_file, ec);
    if (ec) return make_error_code(errc::tls_setup);
  }
  return std::unique_ptr<rest_client>(
      new rest_client(std::move(executor), std::move(options), std::move(*url), std::move(tls)));
}

rest_client::rest_client(asio::any_io_executor executor, rest_client_options options, base_url url,
                         std::optional<asio::ssl::context> tls)
    : executor_(std::move(executor)), options_(std::move(options)), url_(std::move(url)), tls_(std::move(tls)),
      limiter_(options_.limits), random_(std::random_device{}()) {
  pool_ = std::make_unique<connection_pool>(executor_, url_, tls_ ? &*tls_ : nullptr, options_.max_connections);
}

rest_client::~rest_client() = default;

double rest_client::jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

asio::awaitable<void> rest_client::sleep_until(limiter_time when, bool wake_on_response) {
  const auto start = limiter_clock::now();
  asio::steady_timer timer(executor_, when);
  if (wake_on_response) response_waiters_.push_back(&timer);
  co_await timer.async_wait(use_tuple);
  if (wake_on_response) std::erase(response_waiters_, &timer);
  stats_.waited += std::chrono::duration_cast<std::chrono::milliseconds>(limiter_clock::now() - start);
}

void rest_client::wake_response_waiters() {
  // Waiters erase themselves when they resume, which happens later on the executor.
  for (auto* timer : response_waiters_) timer->cancel();
  response_waiters_.clear();
}

rest_client::call<json::value> rest_client::request(http::verb method, std::string path, json::value json_body) {
  return send(method, std::move(path), "application/json", json::serialize(json_body), std::string{});
}

rest_client::call<json::value> rest_client::request(http::verb method, std::string path,
                                                    std::optional<json::value> json_body, request_options options) {
  if (!json_body) return send(method, std::move(path), {}, {}, std::move(options.audit_log_reason));
  return send(method, std::move(path), "application/json", json::serialize(*json_body),
              std::move(options.audit_log_reason));
}

rest_client::call<json::value> rest_client::send(http::verb method, std::string path, std::string content_type,
                                                 std::string body, std::string audit_log_reason) {
  const auto method_name = http::to_string(method);
  const auto key = route_key_of(method_name, path);

  http::request<http::string_body> req{method, url_.api_prefix + path, 11};
  req.set(http::field::host, url_.host_header);
  req.set(http::field::user_agent, options_.user_agent);
  if (!options_.authorization.empty()) req.set(http::field::authorization, options_.authorization);
  if (!audit_log_reason.empty()) req.set("X-Audit-Log-Reason", percent_encode(audit_log_reason, false));
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.keep_alive(true);
  req.body() = std::move(body);
  if (!req.body().empty() || method == http::verb::post || method == http::verb::put || method == http::verb::patch)
    req.prepare_payload();

  int attempts = 0;
  int limited_in_a_row = 0;
  for (;;) {
    limiter_ticket ticket;
    for (;;) {
      auto decision = limiter_.acquire(key, limiter_clock::now());
      if (decision.allowed) {
        ticket = std::move(decision.ticket);
        break;
      }
      ++stats_.limiter_waits;
      co_await sleep_until(decision.retry_at, decision.wait_for_response);
    }

    ++attempts;
    ++stats_.requests_sent;
    auto outcome = co_await pool_->exchange(req, options_.request_timeout, options_.max_response_body);
    if (outcome.ec) {
      limiter_.on_abandoned(ticket);
      wake_response_waiters();
      const auto kind = outcome.sent ? failure_kind::connection_lost : failure_kind::not_sent;
      if (const auto delay = retry_delay(options_.retry, method_name, kind, attempts, jitter())) {
        ++stats_.retries;
        co_await sleep_until(limiter_clock::now() + *delay, false);
        continue;
      }
      co_return rest_error::from_code(outcome.ec);
    }

    auto& res = outcome.response;
    const unsigned status = res.result_int();
    rate_limit_header_values headers;
    headers.limit = res["X-RateLimit-Limit"];
    headers.remaining = res["X-RateLimit-Remaining"];
    headers.reset = res["X-RateLimit-Reset"];
    headers.reset_after = res["X-RateLimit-Reset-After"];
    headers.bucket = res["X-RateLimit-Bucket"];
    headers.global = res["X-RateLimit-Global"];
    headers.scope = res["X-RateLimit-Scope"];
    headers.retry_after = res[http::field::retry_after];
    const auto limits = read_rate_limits(status, headers, res.body(), std::chrono::system_clock::now().time_since_epoch());
    limiter_.on_response(ticket, key, limits, limiter_clock::now());
    wake_response_waiters();

    if (status == 429) {
      ++stats_.rate_limited;
      --attempts;  // the limiter schedules the next try; it is not a failure
      if (++limited_in_a_row > options_.retry.max_rate_limited) {
        auto error = rest_error::from_response(status, res.body());
        error.ec = make_error_code(errc::rate_limited);
        co_return error;
      }
      continue;
    }
    if (status >= 500) {
      if (const auto delay = retry_delay(options_.retry, method_name, failure_kind::server_error, attempts, jitter())) {
        ++stats_.retries;
        co_await sleep_until(limiter_clock::now() + *delay, false);
        continue;
      }
    }
    if (status >= 400) co_return rest_error::from_response(status, res.body());
    if (res.body().empty()) co_return json::value(nullptr);
    error_code ec;
    auto parsed = json::parse(res.body(), ec);
    if (ec) co_return rest_error::from_code(make_error_code(errc::invalid_response));
    co_return parsed;
  }
}

} // namespace parley::client::rest
