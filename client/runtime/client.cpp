// The Asio runtime of the SDK (issue 6 item 2; gateway.md §3.2, §3.6-§3.8, §6.2); see client.hpp.
//
// Per connection there are three coroutines on the strand: the connection loop (run_connection:
// handles the core's events, its timer and the end of the connection), the reader (bytes into the
// core) and the writer (one write in flight, the core's output). The reader and writer only feed
// the core and wake the loop; every decision is the loop's, so the order of events is the core's.
#include "client/runtime/client.hpp"

#include "client/core/client_error.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <memory>
#include <random>
#include <variant>

namespace parley::client {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

constexpr auto as_values = asio::as_tuple(asio::use_awaitable);
// After closed_event: how long the last output (our Close, or the echo of the server's) may take.
constexpr std::chrono::milliseconds final_flush_limit{1000};

random_source system_random() {
  auto device = std::make_shared<std::random_device>();
  return [device] { return (std::uint64_t{(*device)()} << 32) ^ (*device)(); };
}

gateway_options core_options(const client_options& o) {
  auto g = o.gateway;
  g.params.encoding = o.encoding;
  g.params.compress = o.compress;
  return g;
}

bool is_open_state(gateway_connection::state s) {
  using st = gateway_connection::state;
  return s != st::idle && s != st::closed && s != st::closing;
}

} // namespace

client::client(asio::any_io_executor executor, client_options options)
    : options_(std::move(options)),
      strand_(asio::make_strand(std::move(executor))),
      tls_(asio::ssl::context::tls_client),
      core_(core_options(options_), options_.random ? options_.random : system_random()),
      random_(options_.random ? options_.random : system_random()),
      wake_timer_(strand_),
      backoff_timer_(strand_) {
  tls_.set_default_verify_paths();
  if (!options_.tls.ca_file.empty()) tls_.load_verify_file(options_.tls.ca_file);
  tls_.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  if (options_.cache) cache_.emplace();
}

client::~client() = default;

void client::start() {
  asio::post(strand_, [this] {
    if (started_) return;
    started_ = running_ = true;
    asio::co_spawn(strand_, run(), asio::detached);
  });
}

void client::stop(std::function<void()> done) {
  asio::post(strand_, [this, done = std::move(done)]() mutable {
    if (done) stop_handlers_.push_back(std::move(done));
    if (!running_) {
      started_ = true; // a start() after stop() does nothing
      finish_run();    // never started, or already over: complete at once
      return;
    }
    if (stopping_) return;
    stopping_ = true;
    identify_at_.reset();
    backoff_timer_.cancel();
    if (opening_ && stream_) {
      stream_->close(); // the connect/handshake fails; run() sees stopping_
    } else if (is_open_state(core_.current_state()) && core_.current_state() != gateway_connection::state::upgrading) {
      // 1000 ends the session on the server (§3.6); the core waits for the server's Close.
      if (!core_.close(1000, clock::now()) && stream_) stream_->close();
    } else if (stream_ && core_.current_state() != gateway_connection::state::closing) {
      stream_->close(); // before the upgrade: nothing to say goodbye to
    }
    wake();
  });
}

void client::finish_run() {
  // Posted so that a `done` never runs inside another handler of ours.
  for (auto& done : stop_handlers_) asio::post(strand_, std::move(done));
  stop_handlers_.clear();
}

// --- sends ------------------------------------------------------------------------------------

result<void> client::send(std::int64_t op, const boost::json::value& d) {
  auto r = core_.send(op, d);
  if (r) wake();
  return r;
}

result<void> client::send_presence(const presence_params& presence) {
  return send(op_presence_update, presence_payload(presence));
}

result<void> client::request_guild_members(const guild_members_request& request) {
  return send(op_request_guild_members, guild_members_payload(request));
}

result<void> client::update_voice_state(std::uint64_t guild_id, std::optional<std::uint64_t> channel_id,
                                        bool self_mute, bool self_deaf) {
  return send(op_voice_state_update, voice_state_payload(guild_id, channel_id, self_mute, self_deaf));
}

// --- the session: one connection after another --------------------------------------------

asio::awaitable<void> client::run() {
  const auto base = parse_gateway_url(options_.gateway_url);
  if (!base) {
    disconnected d;
    d.error = base.error();
    dispatcher_.emit(d);
    running_ = false;
    finish_run();
    co_return;
  }
  while (!stopping_) {
    std::optional<gateway_url> url;
    // §3.6: resumes go to resume_gateway_url; new sessions to the base URL (§3.8).
    if (core_.should_resume() && !core_.resume_gateway_url().empty())
      if (auto resume_url = parse_gateway_url(core_.resume_gateway_url())) url = std::move(*resume_url);
    if (!url) url = *base;
    co_await run_connection(*url);
    if (stopping_ || !core_.should_reconnect()) break;
    backoff_timer_.expires_after(core_.reconnect_delay());
    co_await backoff_timer_.async_wait(as_values);
  }
  running_ = false;
  finish_run();
}

asio::awaitable<void> client::run_connection(const gateway_url& url) {
  const auto generation = ++generation_;
  auto stream = std::make_shared<byte_stream>(strand_, tls_);
  stream_ = stream;
  connection_over_ = false;
  identify_at_.reset();

  // The connect watchdog closes the stream; the open() below then fails.
  opening_ = true;
  asio::steady_timer watchdog(strand_, options_.connect_timeout);
  watchdog.async_wait([stream](const error_code& ec) {
    if (!ec) stream->close();
  });
  auto open_error = co_await stream->open(url, options_.tls.verify_peer);
  watchdog.cancel();
  opening_ = false;
  if (!open_error && stopping_) open_error = asio::error::operation_aborted;
  if (!open_error) {
    if (auto r = core_.connect(url.host_header, url.path, clock::now()); !r) open_error = r.error();
  }
  if (open_error) {
    stream->close();
    stream_.reset();
    const bool again = !stopping_ && core_.should_reconnect();
    disconnected d;
    d.code = 1006;
    d.error = open_error;
    d.will_reconnect = again;
    d.will_resume = again && core_.should_resume();
    dispatcher_.emit(d);
    co_return;
  }

  reader_active_ = true;
  asio::co_spawn(strand_, read_loop(stream, generation), asio::detached);
  while (!connection_over_) {
    process_events(clock::now());
    start_writer();
    if (connection_over_) break;
    std::optional<time_point> deadline = core_.next_deadline();
    if (identify_at_ && (!deadline || *identify_at_ < *deadline)) deadline = identify_at_;
    co_await wait_until(deadline);
    const auto now = clock::now();
    if (identify_at_ && now >= *identify_at_) {
      identify_at_.reset();
      // A failure means the connection is closing or gone: its closed_event follows.
      (void)core_.identify(make_identify_params(), now);
    }
    if (auto d = core_.next_deadline(); d && now >= *d) core_.on_timer(now);
  }

  // The core is done with this connection: flush its last bytes (bounded), then close.
  const auto flush_deadline = clock::now() + final_flush_limit;
  while ((writer_active_ || core_.has_output()) && clock::now() < flush_deadline && stream->is_open()) {
    start_writer();
    co_await wait_until(flush_deadline);
  }
  stream->close();
  while (reader_active_ || writer_active_) co_await wait_until(std::nullopt);
  stream_.reset();
}

asio::awaitable<void> client::wait_until(std::optional<time_point> deadline) {
  if (deadline) wake_timer_.expires_at(*deadline);
  else wake_timer_.expires_at(time_point::max());
  co_await wake_timer_.async_wait(as_values); // operation_aborted = woken early
}

void client::wake() noexcept { wake_timer_.cancel(); }

asio::awaitable<void> client::read_loop(std::shared_ptr<byte_stream> stream, std::uint64_t generation) {
  std::array<char, 16384> buffer;
  for (;;) {
    auto n = co_await stream->read_some(buffer);
    if (generation != generation_ || connection_over_) break;
    if (!n) {
      core_.connection_lost(clock::now());
      break;
    }
    core_.receive(std::string_view(buffer.data(), *n), clock::now());
    wake();
  }
  reader_active_ = false;
  wake();
}

void client::start_writer() {
  if (writer_active_ || !core_.has_output() || !stream_ || !stream_->is_open()) return;
  writer_active_ = true;
  asio::co_spawn(strand_, write_loop(stream_, generation_), asio::detached);
}

asio::awaitable<void> client::write_loop(std::shared_ptr<byte_stream> stream, std::uint64_t generation) {
  while (generation == generation_ && core_.has_output()) {
    core_.take_output(write_buffer_);
    if (auto ec = co_await stream->write_all(write_buffer_)) {
      if (generation == generation_ && !connection_over_) core_.connection_lost(clock::now());
      break;
    }
  }
  writer_active_ = false;
  wake();
}

// --- the core's events ----------------------------------------------------------------------

void client::process_events(time_point now) {
  while (auto event = core_.next_event()) {
    std::visit(
        [&](auto& e) {
          using E = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<E, hello_event>) {
            on_hello(now);
          } else if constexpr (std::is_same_v<E, ready_event>) {
            if (cache_) {
              cache_->clear();
              cache_->apply("READY", e.data);
            }
            dispatcher_.emit(make_event<ready>(std::move(e.data), e.seq));
          } else if constexpr (std::is_same_v<E, resumed_event>) {
            dispatcher_.emit(resumed{e.seq});
          } else if constexpr (std::is_same_v<E, dispatch_event>) {
            if (cache_) cache_->apply(e.name, e.data);
            dispatcher_.emit<raw_dispatch>(e);
            dispatcher_.dispatch_typed(e);
          } else if constexpr (std::is_same_v<E, reconnect_requested_event>) {
            dispatcher_.emit(reconnect_requested{});
          } else if constexpr (std::is_same_v<E, invalid_session_event>) {
            dispatcher_.emit(invalid_session{e.resumable});
            if (stopping_) return;
            if (e.resumable && core_.should_resume()) {
              (void)core_.resume(now);
            } else {
              // §3.8: the session is gone; identify again on this connection after 1-5 s.
              const auto span = options_.invalid_session_wait_max - options_.invalid_session_wait_min;
              const auto wait = options_.invalid_session_wait_min +
                                std::chrono::milliseconds(static_cast<std::int64_t>(
                                    unit_interval(random_) * static_cast<double>(std::max<std::int64_t>(0, span.count()))));
              schedule_identify(now + wait);
            }
          } else if constexpr (std::is_same_v<E, closed_event>) {
            connection_over_ = true;
            identify_at_.reset();
            const bool again = !stopping_ && core_.should_reconnect();
            dispatcher_.emit(disconnected{.code = e.code,
                                          .reason = std::move(e.reason),
                                          .by_server = e.by_server,
                                          .error = e.error,
                                          .will_reconnect = again,
                                          .will_resume = again && core_.should_resume()});
          }
        },
        *event);
  }
}

void client::on_hello(time_point now) {
  if (stopping_) return;
  if (core_.should_resume()) {
    (void)core_.resume(now);
    return;
  }
  schedule_identify(now);
}

void client::schedule_identify(time_point earliest) {
  auto at = earliest;
  if (options_.identify_limits) {
    // The slot is reserved now; waiting for it happens in the connection loop, which keeps
    // heartbeating meanwhile.
    at = options_.identify_limits->reserve(options_.shard_id.value_or(0), earliest);
  }
  identify_at_ = at;
  wake();
}

identify_params client::make_identify_params() const {
  identify_params p;
  p.token = options_.token;
  p.intents = options_.intents;
  p.os = options_.os;
  p.browser = options_.browser;
  p.device = options_.browser;
  p.shard_id = options_.shard_id;
  p.shard_count = options_.shard_count;
  p.presence = options_.presence;
  return p;
}

} // namespace parley::client
