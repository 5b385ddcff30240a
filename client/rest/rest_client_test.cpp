// Tests of the REST client's request path against a scripted in-process HTTP server on loopback:
// retries (5xx, dropped connections; only idempotent methods after bytes were sent), 429 waits,
// waits planned from the headers, keep-alive reuse, and Discord's error JSON in failures.
#include "client/rest/rest_client.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace parley::client::rest {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using response = http::response<http::string_body>;

response reply(unsigned status, std::string body = "{}") {
  response r{static_cast<http::status>(status), 11};
  r.set(http::field::content_type, "application/json");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

// Answers each request with the handler's response; std::nullopt closes the connection unanswered.
class fake_server {
 public:
  using handler = std::function<std::optional<response>(const http::request<http::string_body>&)>;

  fake_server(asio::io_context& io, handler h) : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
                                                 handler_(std::move(h)) {
    asio::co_spawn(io, accept_loop(), asio::detached);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
  void stop() { acceptor_.close(); }

  std::vector<std::string> seen;  // "METHOD target"
  int connections = 0;

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
      if (ec) co_return;
      ++connections;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [ec, n] = co_await http::async_read(socket, buffer, req, use_tuple);
      if (ec) co_return;
      seen.push_back(std::string(req.method_string()) + " " + std::string(req.target()));
      auto res = handler_(req);
      if (!res) co_return;  // drop: the socket closes here
      res->keep_alive(req.keep_alive());
      auto [wec, w] = co_await http::async_write(socket, *res, use_tuple);
      if (wec || !res->keep_alive()) co_return;
    }
  }

  tcp::acceptor acceptor_;
  handler handler_;
};

class RestClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<rest_client> make_client(const std::string& url) {
    rest_client_options o;
    o.base_url = url;
    o.authorization = bot_authorization("token");
    o.retry.base_delay = milliseconds{5};
    o.retry.max_delay = milliseconds{20};
    o.request_timeout = milliseconds{5000};
    auto c = rest_client::create(io.get_executor(), o);
    EXPECT_TRUE(c);
    return std::move(*c);
  }

  // Runs `body` to completion on the test's io_context.
  void run(std::function<asio::awaitable<void>()> body) {
    bool done = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      co_await body();
      done = true;
      io.stop();  // the fake server would keep run_for() busy
    }, asio::detached);
    io.run_for(std::chrono::seconds{20});
    ASSERT_TRUE(done) << "the scenario did not finish";
  }

  asio::io_context io;
};

TEST_F(RestClientTest, RetriesGetAfterServerErrorsWithBackoff) {
  int calls = 0;
  fake_server server(io, [&](const auto&) { return ++calls < 3 ? reply(502, "bad gateway") : reply(200, R"({"id":"1","username":"me"})"); });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    auto me = co_await client->get_current_user();
    EXPECT_TRUE(me);
    if (me) {
      EXPECT_EQ(me->username, "me");
    }
  });
  EXPECT_EQ(server.seen.size(), 3u);
  EXPECT_EQ(client->statistics().retries, 2u);
}

TEST_F(RestClientTest, GivesUpAfterMaxAttempts) {
  fake_server server(io, [&](const auto&) { return reply(503, R"({"code":130000,"message":"API resource overloaded"})"); });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    auto r = co_await client->get_channel(5);
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().status, 503u);
      EXPECT_EQ(r.error().code, 130000);
    }
  });
  EXPECT_EQ(server.seen.size(), 4u) << "retry_policy::max_attempts";
}

TEST_F(RestClientTest, PostIsNotRetriedAfterServerErrorOrLostConnection) {
  int calls = 0;
  fake_server server(io, [&](const auto& req) -> std::optional<response> {
    ++calls;
    if (req.target().ends_with("/typing")) return std::nullopt;  // read it, then hang up
    return reply(500, R"({"code":0,"message":"500: Internal Server Error"})");
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    message_create m;
    m.content = "once";
    auto sent = co_await client->create_message(1, m);
    EXPECT_FALSE(sent);
    if (!sent) {
      EXPECT_EQ(sent.error().status, 500u);
    }
    auto typing = co_await client->trigger_typing(1);
    EXPECT_FALSE(typing);
    if (!typing) {
      EXPECT_EQ(typing.error().status, 0u) << "a connection error, no status";
    }
  });
  EXPECT_EQ(calls, 2) << "each POST reached the server once";
  EXPECT_EQ(client->statistics().retries, 0u);
}

TEST_F(RestClientTest, IdempotentCallsAreRetriedAfterLostConnections) {
  int calls = 0;
  fake_server server(io, [&](const auto&) -> std::optional<response> {
    if (++calls == 1) return std::nullopt;
    return reply(204, "");
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    auto r = co_await client->delete_message(1, 2);
    EXPECT_TRUE(r) << (r ? "" : r.error().describe());
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(server.connections, 2);
}

TEST_F(RestClientTest, ConnectFailuresAreRetriedEvenForPost) {
  fake_server gone(io, [](const auto&) { return reply(200); });
  const auto url = gone.url();
  gone.stop();  // nothing listens on the port any more
  auto client = make_client(url);
  run([&]() -> asio::awaitable<void> {
    auto r = co_await client->create_guild("g");
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().ec, asio::error::connection_refused);
    }
  });
  EXPECT_EQ(client->statistics().requests_sent, 4u) << "nothing was sent, so trying again is safe";
}

TEST_F(RestClientTest, Waits429RetryAfterThenSucceeds) {
  int calls = 0;
  fake_server server(io, [&](const auto&) {
    if (++calls == 1) {
      auto r = reply(429, R"({"message":"You are being rate limited.","retry_after":0.3,"global":false})");
      r.set("X-RateLimit-Limit", "5");
      r.set("X-RateLimit-Remaining", "0");
      r.set("X-RateLimit-Reset-After", "0.300");
      r.set("X-RateLimit-Bucket", "b1");
      r.set("X-RateLimit-Scope", "user");
      r.set("Retry-After", "1");
      r.set("Via", "1.1 fake");
      return r;
    }
    return reply(200, R"({"id":"3","name":"c","type":0})");
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    auto r = co_await client->get_channel(3);
    EXPECT_TRUE(r);
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds{300}) << "waited the body's retry_after";
    EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds{900}) << "not the header's whole second";
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(client->statistics().rate_limited, 1u);
}

TEST_F(RestClientTest, Global429HoldsEveryRoute) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, milliseconds>> arrivals;  // target, time since start
  fake_server server(io, [&](const auto& req) {
    arrivals.emplace_back(std::string(req.target()),
                          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start));
    if (arrivals.size() == 1) {
      auto r = reply(429, R"({"message":"You are being rate limited.","retry_after":0.3,"global":true})");
      r.set("X-RateLimit-Global", "true");
      r.set("X-RateLimit-Scope", "global");
      return r;
    }
    return reply(200, R"({"id":"1","username":"u","name":"g"})");
  });
  auto client = make_client(server.url());
  int done = 0;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    EXPECT_TRUE(co_await client->get_user(1));
    if (++done == 2) io.stop();
  }, asio::detached);
  // Another route, asked while the global block is on: it must not be sent before the block ends.
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer later(io, milliseconds{100});
    co_await later.async_wait(asio::use_awaitable);
    EXPECT_TRUE(co_await client->get_guild(2));
    if (++done == 2) io.stop();
  }, asio::detached);
  io.run_for(std::chrono::seconds{10});
  ASSERT_EQ(done, 2);
  ASSERT_EQ(arrivals.size(), 3u);
  for (std::size_t i = 1; i < arrivals.size(); ++i)
    EXPECT_GE(arrivals[i].second, milliseconds{300}) << arrivals[i].first << " was sent during the global block";
  EXPECT_EQ(client->statistics().rate_limited, 1u);
}

TEST_F(RestClientTest, PlansWaitsFromHeadersWithoutHitting429) {
  int remaining = 2;
  fake_server server(io, [&](const auto&) {
    auto r = reply(200, R"({"id":"1","username":"u"})");
    r.set("X-RateLimit-Limit", "2");
    r.set("X-RateLimit-Remaining", std::to_string(std::max(0, --remaining)));
    r.set("X-RateLimit-Reset-After", "0.250");
    r.set("X-RateLimit-Bucket", "me");
    return r;
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(co_await client->get_current_user());
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds{240}) << "the third waited for the reset";
  });
  EXPECT_EQ(client->statistics().rate_limited, 0u);
  EXPECT_GE(client->statistics().limiter_waits, 1u);
  EXPECT_EQ(server.connections, 1) << "one kept-alive connection";
  EXPECT_EQ(client->pool().connections_opened(), 1u);
}

TEST_F(RestClientTest, ErrorsCarryDiscordJsonAndAreNotRetried) {
  fake_server server(io, [&](const auto&) {
    return reply(403, R"({"message":"Missing Permissions","code":50013})");
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    auto r = co_await client->add_reaction(1, 2, "👍");
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().ec, make_error_code(errc::http_status));
      EXPECT_EQ(r.error().status, 403u);
      EXPECT_EQ(r.error().code, 50013);
      EXPECT_EQ(r.error().message, "Missing Permissions");
    }
  });
  ASSERT_EQ(server.seen.size(), 1u);
  EXPECT_EQ(server.seen[0], "PUT /api/v10/channels/1/messages/2/reactions/%F0%9F%91%8D/@me");
}

TEST_F(RestClientTest, ConcurrentCallsShareTheLimiterAndThePool) {
  fake_server server(io, [&](const auto& req) {
    auto r = reply(200, R"({"id":"9","channel_id":"1","content":"x"})");
    r.set("X-RateLimit-Limit", "100");
    r.set("X-RateLimit-Remaining", "99");
    r.set("X-RateLimit-Reset-After", "1");
    r.set("X-RateLimit-Bucket", "msgs");
    (void)req;
    return r;
  });
  auto client = make_client(server.url());
  int finished = 0;
  for (int i = 0; i < 10; ++i)
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      if (co_await client->get_message(1, 9)) ++finished;
      if (finished == 10) io.stop();
    }, asio::detached);
  io.run_for(std::chrono::seconds{10});
  EXPECT_EQ(finished, 10);
  EXPECT_LE(client->pool().connections_opened(), 4u) << "max_connections";
}

TEST_F(RestClientTest, MultipartUploadAndAuditLogReason) {
  std::string content_type, body, reason, auth;
  fake_server server(io, [&](const auto& req) {
    if (req.method() == http::verb::post) {
      content_type = std::string(req[http::field::content_type]);
      body = req.body();
    } else {
      reason = std::string(req["X-Audit-Log-Reason"]);
    }
    auth = std::string(req[http::field::authorization]);
    return reply(200, R"({"id":"9","channel_id":"1","attachments":[{"id":"4","filename":"f.txt","size":3}]})");
  });
  auto client = make_client(server.url());
  run([&]() -> asio::awaitable<void> {
    message_create m;
    m.content = "file";
    m.files.push_back({"f.txt", "abc", "text/plain", ""});
    auto r = co_await client->create_message(1, std::move(m));
    EXPECT_TRUE(r);
    if (r) {
      EXPECT_EQ(r->attachments.at(0).filename, "f.txt");
    }
    request_options o;
    o.audit_log_reason = "spam & more";
    co_await client->delete_channel(1, o);
  });
  EXPECT_TRUE(content_type.starts_with("multipart/form-data; boundary=----parley-sdk-")) << content_type;
  EXPECT_NE(body.find("name=\"files[0]\"; filename=\"f.txt\""), std::string::npos);
  EXPECT_EQ(reason, "spam%20%26%20more");
  EXPECT_EQ(auth, "Bot token");
}

TEST(RestClientCreate, RejectsBadUrlsAndCaFiles) {
  asio::io_context io;
  rest_client_options o;
  o.base_url = "ftp://x";
  auto bad = rest_client::create(io.get_executor(), o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), make_error_code(errc::invalid_base_url));
  o.base_url = "https://127.0.0.1:1";
  o.ca_file = "/nonexistent/ca.pem";
  auto no_ca = rest_client::create(io.get_executor(), o);
  ASSERT_FALSE(no_ca);
  EXPECT_EQ(no_ca.error(), make_error_code(errc::tls_setup));
}

} // namespace
} // namespace parley::client::rest
