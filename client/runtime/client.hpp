// parley::client::client, the SDK's Asio runtime for one gateway session (issue 6 item 2;
// gateway.md §1-§4, §6.2; clients.md §2-§3): it opens TCP or TLS connections to any
// Discord-compatible gateway URL and drives the sans-I/O core (client/core/gateway_connection)
// with them — bytes read go into the core, the core's output is written, one timer follows the
// core's deadline. On every drop (EOF, reset, read/write error, a zombie connection the core
// detected, op 7) it waits the core's backoff and resumes on resume_gateway_url, or identifies
// again on the base URL when the core says the session is gone (op 9, a close that ends it).
//
//   boost::asio::io_context io;
//   parley::client::client bot(io.get_executor(), {.gateway_url = "ws://127.0.0.1:8080/gateway",
//                                                  .token = token, .intents = 1 | 512 | 32768});
//   bot.on<parley::client::message_create>([](const auto& m) { ... });
//   bot.start();
//   io.run();   // until bot.stop() completed
//
// Threading: everything runs on one strand of the given executor: the connection coroutine, its
// reader and writer, the timers and every handler. No lock, and so no race between heartbeats,
// reconnects and stop(). start() and stop() may be called from any thread; on<>() before start()
// or on the executor; send_*() and cache() only on the executor (e.g. inside a handler).
//
// Lifetime: the client must outlive its run: destroy it after stop()'s completion ran (or after
// the io_context stopped for good). After the completion no handler is called again.
#pragma once

#include "client/core/gateway_connection.hpp"
#include "client/runtime/byte_stream.hpp"
#include "client/runtime/client_options.hpp"
#include "client/runtime/event_dispatcher.hpp"
#include "client/runtime/gateway_requests.hpp"
#include "client/runtime/guild_cache.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::client {

class client {
 public:
  using executor_type = boost::asio::strand<boost::asio::any_io_executor>;

  // Throws only what constructing an OpenSSL context or loading tls.ca_file throws
  // (boost::system::system_error), at startup.
  client(boost::asio::any_io_executor executor, client_options options);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // Registers a handler for an event type of events.hpp (checked at compile time). Handlers run
  // on the client's strand, in registration order, and must not throw (an exception would leave
  // io_context::run()). For each dispatch the cache is updated first, then raw_dispatch handlers
  // run (every dispatch but READY and RESUMED), then the typed ones.
  template <class E>
  void on(std::function<void(const E&)> fn) {
    dispatcher_.on<E>(std::move(fn));
  }

  // Starts connecting; the client then keeps a session up until stop() or a fatal close code
  // (4004, 4010-4014; see the disconnected event). Call once.
  void start();
  // Closes with 1000 (the server ends the session) and stops reconnecting; `done` runs on the
  // strand once the run is over. Any thread; more than one call is fine (each `done` runs).
  void stop(std::function<void()> done = {});

  // --- sends through the core (on the strand only). Errors as gateway_connection::send:
  // not_connected, closing, no_hello_yet, payload_too_large. ---
  result<void> send_presence(const presence_params& presence);
  result<void> request_guild_members(const guild_members_request& request);
  // channel_id empty: leave voice in that guild.
  result<void> update_voice_state(std::uint64_t guild_id, std::optional<std::uint64_t> channel_id,
                                  bool self_mute = false, bool self_deaf = false);
  result<void> send(std::int64_t op, const boost::json::value& d);

  // Null unless options.cache (on the strand only).
  const guild_cache* cache() const noexcept { return cache_ ? &*cache_ : nullptr; }
  const gateway_connection& core() const noexcept { return core_; }
  executor_type get_executor() const noexcept { return strand_; }
  const client_options& options() const noexcept { return options_; }

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> run_connection(const gateway_url& url);
  boost::asio::awaitable<void> read_loop(std::shared_ptr<byte_stream> stream, std::uint64_t generation);
  boost::asio::awaitable<void> write_loop(std::shared_ptr<byte_stream> stream, std::uint64_t generation);
  boost::asio::awaitable<void> wait_until(std::optional<time_point> deadline);
  void process_events(time_point now);
  void on_hello(time_point now);
  void schedule_identify(time_point earliest);
  void start_writer();
  void wake() noexcept;
  void finish_run();
  identify_params make_identify_params() const;

  client_options options_;
  executor_type strand_;
  boost::asio::ssl::context tls_;
  gateway_connection core_;
  event_dispatcher dispatcher_;
  std::optional<guild_cache> cache_;
  random_source random_;

  // One timer wakes the connection loop: at the core's deadline or identify time, or at once
  // when the reader, the writer, a send or stop() changed something (they cancel it).
  boost::asio::steady_timer wake_timer_;
  boost::asio::steady_timer backoff_timer_;
  std::shared_ptr<byte_stream> stream_; // the connection in progress, if any
  std::uint64_t generation_ = 0;        // counts connections; a reader/writer of an old one stops
  bool opening_ = false;                // stream_ is still resolving/connecting/handshaking
  bool connection_over_ = false;        // the core reported closed_event for this connection
  bool reader_active_ = false;
  bool writer_active_ = false;
  std::string write_buffer_;
  std::optional<time_point> identify_at_;

  bool started_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::vector<std::function<void()>> stop_handlers_;
};

} // namespace parley::client
