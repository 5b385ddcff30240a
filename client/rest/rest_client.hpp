// The SDK's REST client (rest.md §1-§5): async calls on Boost.Asio C++20 coroutines against any
// Discord-compatible base URL (http:// or https://), with client-side rate limiting from the
// X-RateLimit-* headers (rate_limiter), waits and retries on 429, retries with backoff on 5xx and
// connection errors for idempotent methods (retry_policy), keep-alive connections (connection_pool),
// multipart uploads, and Discord's error JSON in every failure (rest_error).
//
// Threading: a rest_client lives on one executor and every call must be made from it (a single
// threaded io_context, or a strand); calls from several coroutines at once are fine and are
// scheduled by the rate limiter. The client must outlive the calls in progress.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "client/rest/base_url.hpp"
#include "client/rest/connection_pool.hpp"
#include "client/rest/multipart_body.hpp"
#include "client/rest/objects.hpp"
#include "client/rest/rate_limiter.hpp"
#include "client/rest/rest_error.hpp"
#include "client/rest/retry_policy.hpp"

namespace parley::client::rest {

struct rest_client_options {
  std::string base_url = "https://discord.com";  // the API prefix defaults to /api/v10
  std::string authorization;  // the Authorization header: "Bot <token>", "Bearer <token>" or a user token
  std::string ca_file;        // PEM trust anchors added to the system store ("" for none)
  std::string user_agent = "DiscordBot (https://github.com/parley, 0.1) parley-sdk";
  limiter_config limits;
  retry_policy retry;
  std::chrono::milliseconds request_timeout{30'000};
  std::size_t max_connections = 4;
  std::size_t max_response_body = 32 << 20;
};

// Authorization header value for a bot token.
inline std::string bot_authorization(std::string_view token) { return "Bot " + std::string(token); }

// The call parameter types below have constructors (they are not aggregates) on purpose: g++ 12
// corrupts aggregate temporaries built inside a co_await expression (`co_await f(S{...})`), while
// constructor calls are safe. So `co_await c.create_message(id, "text")` and
// `co_await c.get_messages(id, history_query::older_than(m, 10))` are fine; fill in a named
// variable for anything richer.
struct request_options {
  request_options() = default;
  explicit request_options(std::string reason) : audit_log_reason(std::move(reason)) {}
  std::string audit_log_reason;  // X-Audit-Log-Reason, "" for none
};

// Counters for monitoring and tests; they only grow.
struct rest_statistics {
  std::uint64_t requests_sent = 0;          // HTTP requests written (retries included)
  std::uint64_t rate_limited = 0;           // 429 answers received
  std::uint64_t limiter_waits = 0;          // times a call waited for the rate limiter
  std::uint64_t retries = 0;                // retries after 5xx or connection errors
  std::chrono::milliseconds waited{0};      // total time spent waiting before sends and retries
};

struct message_create {
  message_create() = default;
  message_create(std::string text) : content(std::move(text)) {}  // NOLINT: implicit on purpose
  message_create(const char* text) : content(text) {}              // NOLINT

  std::string content;
  snowflake reply_to = 0;            // message_reference to this message in the same channel
  boost::json::array embeds{};       // embed objects as raw JSON
  boost::json::object extra{};       // any other field (tts, nonce, allowed_mentions, components, ...)
  std::vector<file_upload> files{};  // sent as multipart with payload_json when non-empty
};

struct message_edit {
  message_edit() = default;
  message_edit(std::string text) : content(std::move(text)) {}  // NOLINT: implicit on purpose
  message_edit(const char* text) : content(std::string(text)) {}  // NOLINT

  std::optional<std::string> content{};
  std::optional<boost::json::array> embeds{};
  boost::json::object extra{};       // flags, allowed_mentions, attachments, ...
};

struct history_query {
  history_query() = default;
  static history_query latest(int limit) { return history_query(0, 0, 0, limit); }
  static history_query older_than(snowflake id, int limit) { return history_query(id, 0, 0, limit); }
  static history_query newer_than(snowflake id, int limit) { return history_query(0, id, 0, limit); }
  static history_query around_id(snowflake id, int limit) { return history_query(0, 0, id, limit); }
  history_query(snowflake before_id, snowflake after_id, snowflake around_of, int max)
      : before(before_id), after(after_id), around(around_of), limit(max) {}

  snowflake before = 0;  // at most one of before, after, around (rest.md §7.5)
  snowflake after = 0;
  snowflake around = 0;
  int limit = 50;        // 1-100
};

struct invite_create {
  invite_create() = default;
  explicit invite_create(int age, int uses = 0, bool is_temporary = false, bool is_unique = false)
      : max_age(age), max_uses(uses), temporary(is_temporary), unique(is_unique) {}

  int max_age = 86'400;
  int max_uses = 0;
  bool temporary = false;
  bool unique = false;
};

class rest_client {
 public:
  // Fails with errc::invalid_base_url or errc::tls_setup.
  static result<std::unique_ptr<rest_client>> create(boost::asio::any_io_executor executor,
                                                     rest_client_options options);
  ~rest_client();
  rest_client(const rest_client&) = delete;
  rest_client& operator=(const rest_client&) = delete;

  template <class T>
  using call = boost::asio::awaitable<rest_result<T>>;

  // Every call takes its arguments by value. Class-type defaults come from overloads, never from
  // default arguments: g++ 12 corrupts default-argument temporaries of a co_await expression
  // (they are relocated into the coroutine frame without their move constructor).

  // --- any route -------------------------------------------------------------------------
  // `path` is relative to the API prefix and already percent-encoded ("/channels/1/messages?limit=5").
  // Answers the parsed JSON body, or null for an empty one (204).
  call<boost::json::value> request(boost::beast::http::verb method, std::string path) {
    return send(method, std::move(path), std::string{}, std::string{}, std::string{});
  }
  call<boost::json::value> request(boost::beast::http::verb method, std::string path, boost::json::value json_body);
  call<boost::json::value> request(boost::beast::http::verb method, std::string path,
                                   std::optional<boost::json::value> json_body, request_options options);
  call<boost::json::value> request_raw(boost::beast::http::verb method, std::string path, std::string content_type,
                                       std::string body, request_options options) {
    return send(method, std::move(path), std::move(content_type), std::move(body),
                std::move(options.audit_log_reason));
  }

  // --- users, gateway ---------------------------------------------------------------------
  call<user> get_current_user();
  call<user> get_user(snowflake user_id);
  call<std::vector<guild>> get_current_user_guilds();
  call<gateway_bot> get_gateway_bot();
  call<channel> create_dm(snowflake recipient_id);

  // --- guilds -----------------------------------------------------------------------------
  call<guild> create_guild(std::string name) { return create_guild(std::move(name), boost::json::object{}); }
  call<guild> create_guild(std::string name, boost::json::object extra);
  call<guild> get_guild(snowflake guild_id);
  call<void> delete_guild(snowflake guild_id);
  call<std::vector<channel>> get_guild_channels(snowflake guild_id);
  // type 0 = text; `extra` carries topic, parent_id, permission_overwrites, ...
  call<channel> create_guild_channel(snowflake guild_id, std::string name, int type = 0) {
    return create_guild_channel(guild_id, std::move(name), type, boost::json::object{}, request_options{});
  }
  call<channel> create_guild_channel(snowflake guild_id, std::string name, int type, boost::json::object extra,
                                     request_options options);
  call<std::vector<member>> list_guild_members(snowflake guild_id, int limit = 1000, snowflake after = 0);
  call<member> get_guild_member(snowflake guild_id, snowflake user_id);

  // --- channels, invites ------------------------------------------------------------------
  call<channel> get_channel(snowflake channel_id);
  call<void> delete_channel(snowflake channel_id) { return delete_channel(channel_id, request_options{}); }
  call<void> delete_channel(snowflake channel_id, request_options options);
  call<invite> create_invite(snowflake channel_id) { return create_invite(channel_id, invite_create{}); }
  call<invite> create_invite(snowflake channel_id, invite_create params);
  call<invite> get_invite(std::string code);
  // Accepting an invite is a user-account route (rest.md §7.6): bots get 403 code 20001.
  call<invite> join_invite(std::string code);
  call<void> trigger_typing(snowflake channel_id);

  // --- messages, reactions ----------------------------------------------------------------
  call<message> create_message(snowflake channel_id, message_create params);
  call<message> edit_message(snowflake channel_id, snowflake message_id, message_edit params);
  call<void> delete_message(snowflake channel_id, snowflake message_id) {
    return delete_message(channel_id, message_id, request_options{});
  }
  call<void> delete_message(snowflake channel_id, snowflake message_id, request_options options);
  call<message> get_message(snowflake channel_id, snowflake message_id);
  // Newest first, as the server answers.
  call<std::vector<message>> get_messages(snowflake channel_id) { return get_messages(channel_id, history_query{}); }
  call<std::vector<message>> get_messages(snowflake channel_id, history_query query);
  // `emoji`: a Unicode emoji ("👍") or a custom one as "name:id"; encoded here.
  call<void> add_reaction(snowflake channel_id, snowflake message_id, std::string emoji);
  call<void> remove_own_reaction(snowflake channel_id, snowflake message_id, std::string emoji);
  call<void> remove_user_reaction(snowflake channel_id, snowflake message_id, std::string emoji, snowflake user_id);

  const rest_statistics& statistics() const { return stats_; }
  const rate_limiter& limiter() const { return limiter_; }
  const connection_pool& pool() const { return *pool_; }
  const base_url& url() const { return url_; }

 private:
  rest_client(boost::asio::any_io_executor executor, rest_client_options options, base_url url,
              std::optional<boost::asio::ssl::context> tls);

  // The request path behind every call.
  call<boost::json::value> send(boost::beast::http::verb method, std::string path, std::string content_type,
                                std::string body, std::string audit_log_reason);
  boost::asio::awaitable<void> sleep_until(limiter_time when, bool wake_on_response);
  void wake_response_waiters();
  double jitter();

  boost::asio::any_io_executor executor_;
  rest_client_options options_;
  base_url url_;
  std::optional<boost::asio::ssl::context> tls_;
  std::unique_ptr<connection_pool> pool_;
  rate_limiter limiter_;
  rest_statistics stats_;
  std::vector<boost::asio::steady_timer*> response_waiters_;
  std::minstd_rand random_;
};

// Percent-encodes one path segment (RFC 3986 unreserved characters and ':' stay as they are), as
// reaction routes need for emojis.
std::string encode_path_segment(std::string_view text);

} // namespace parley::client::rest
