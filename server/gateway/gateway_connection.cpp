#include "server/gateway/gateway_connection.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "proto/gateway/dispatch_envelope.hpp"
#include "proto/gateway/intents.hpp"
#include "proto/websocket/frame_header.hpp"
#include "server/gateway/gateway_server.hpp"

namespace parley::server::gateway {

namespace asio = boost::asio;
namespace gw = proto::gateway;
namespace ws = proto::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// The gateway refuses client payloads over 4096 bytes with 4002 (the core checks that); the
// WebSocket layer only stops far larger messages before they are buffered.
constexpr std::size_t max_client_message = 16 << 10;
constexpr std::size_t max_batch_items = 256;
constexpr std::size_t max_batch_bytes = 256 << 10;
// A dispatch takes two gather entries and a queued frame one; a dispatch next to frames at most
// three (its head, its body, its suffix): a batch always fits one sendmsg.
static_assert(3 * max_batch_items + 1 <= IOV_MAX, "one batch must fit one sendmsg gather list");
constexpr std::size_t keep_queue_capacity = 8;  // a flushed queue this large keeps its memory
constexpr std::size_t pass_chunk = 512;          // connections a write pass writes before yielding

gw::connection_config core_config(const gateway_server& server, const result<gw::connect_params>& params) {
  gw::connection_config c;
  c.heartbeat_interval = server.options().heartbeat_interval;
  if (params) {
    c.encoding = params->encoding;
    c.api_version = params->version;
  }
  return c;
}

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

std::span<const std::byte> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

// The write path's working memory, one per network thread: every connection of the thread builds
// its writes here and is done with them before returning, so an idle connection keeps none of it
// (DESIGN.md "Sessions": a few KiB per idle session).
struct write_scratch {
  std::string heads;                                 // frame headers + envelopes of one batch
  std::string envelope;
  struct span {
    std::size_t offset = 0;                          // in `heads`, when `data` is null
    std::size_t size = 0;
    const void* data = nullptr;                      // a shared body or a queued frame
  };
  std::vector<span> spans;                           // one batch, in order
  std::vector<iovec> buffers;                        // the gather list of one sendmsg
  std::string plain;                                 // a payload before compression
  std::string compressed;                            // ... and after
  std::array<std::byte, 16 << 10> read;              // what one read_some returned (plain sockets)
};

write_scratch& scratch() {
  thread_local write_scratch s;
  return s;
}

// One non-blocking sendmsg over the whole gather list: the bytes the kernel took (0 when the
// socket is full), or nullopt when the connection failed.
std::optional<std::size_t> send_gather(int fd, std::vector<iovec>& buffers) {
  msghdr msg{};
  msg.msg_iov = buffers.data();
  msg.msg_iovlen = buffers.size();
  for (;;) {
    const ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return std::nullopt;
  }
}

// Numbers op 4 requests as they arrive, so each session's take effect in the order it sent them
// (service::voice_states::request), although they run on several store threads.
std::atomic<std::uint64_t> voice_request_order{0};

} // namespace

template <class Stream>
gateway_connection<Stream>::gateway_connection(gateway_server& server, std::size_t home, Stream stream,
                                               result<gw::connect_params> params)
    : connection_base(stream.get_executor()),
      server_(server),
      home_(home),
      stream_(std::move(stream)),
      ws_(ws::role::server, ws::connection_options{max_client_message, max_client_message}),
      core_(core_config(server, params)),
      timer_(stream_.get_executor()) {
  if (!params) {
    initial_close_ = static_cast<gw::close_code>(params.error().value());
    return;
  }
  encoding_ = params->encoding;
  if (params->compress == gw::transport_compression::zlib_stream) zlib_.emplace();
  if (params->compress == gw::transport_compression::zstd_stream) zstd_.emplace();
  compressed_ = zlib_ || zstd_;
}

template <class Stream>
gateway_connection<Stream>::~gateway_connection() = default;

template <class Stream>
void gateway_connection<Stream>::start(std::string upgrade_response, boost::beast::flat_buffer leftover) {
  auto self = std::static_pointer_cast<gateway_connection>(shared_from_this());
  asio::co_spawn(executor(), [self, response = std::move(upgrade_response), buf = std::move(leftover)]() mutable {
    return self->run(std::move(response), std::move(buf));
  }, asio::detached);
}

template <class Stream>
asio::awaitable<void> gateway_connection<Stream>::run(std::string upgrade_response, boost::beast::flat_buffer leftover) {
  auto self = shared_from_this();
  server_.track(home_, this, true);
  http::lowest_stream(stream_).expires_never();
  if constexpr (std::is_same_v<Stream, http::plain_stream>) {
    // flush() writes with write_some first: it must return would_block, never wait.
    boost::system::error_code ignored;
    stream_.socket().non_blocking(true, ignored);
  }
  auto [wec, wn] = co_await asio::async_write(stream_, asio::buffer(upgrade_response), use_tuple);
  // This frame lives as long as the connection: keep none of the handshake's memory in it.
  std::string().swap(upgrade_response);
  if (wec) {
    teardown(true);
    co_return;
  }

  const auto now = std::chrono::steady_clock::now();
  last_dispatch_ = now;
  core_.start(now);
  if (initial_close_) core_.close(*initial_close_);
  pump_core();
  if (leftover.size() > 0) {
    const auto* data = static_cast<const char*>(leftover.cdata().data());
    ws_.feed(std::string_view(data, leftover.size()));
    on_ws_events(now);
  }
  leftover = boost::beast::flat_buffer();  // the HTTP reader's buffer, kept by this frame otherwise
  ws_.release_input();

  if constexpr (std::is_same_v<Stream, http::plain_stream>) {
    // Plain sockets leave this coroutine (its frame would stay allocated for the whole session)
    // for a callback loop that waits for readability without owning a buffer.
    if (!torn_down_) wait_readable();
    co_return;
  } else {
    // TLS: the engine may hold decrypted bytes the socket no longer shows as readable, so a
    // read stays posted with the codec's own buffer.
    while (!torn_down_) {
      const auto space = ws_.prepare(4096);
      auto [ec, n] = co_await stream_.async_read_some(asio::buffer(space.data(), space.size()), use_tuple);
      if (ec) break;
      ws_.commit(n);
      on_ws_events(std::chrono::steady_clock::now());
    }
  }
  // A dropped TCP connection keeps the session resumable (gateway.md §3.6).
  teardown(resumable_);
}

template <class Stream>
void gateway_connection<Stream>::wait_readable() {
  // An idle plain connection owns no read buffer and no coroutine frame: only this pending wait
  // (DESIGN.md "Sessions"). Bytes are read into the thread's scratch memory when they arrive.
  http::lowest_stream(stream_).socket().async_wait(
      asio::socket_base::wait_read, [self = shared_from_this(), this](const boost::system::error_code& ec) {
        if (torn_down_) return;
        // A dropped TCP connection keeps the session resumable (gateway.md §3.6).
        if (ec || !read_ready()) return teardown(resumable_);
        wait_readable();
      });
}

template <class Stream>
bool gateway_connection<Stream>::read_ready() {
  // Reads what the socket holds; false when the connection is over (EOF, error, torn down).
  // A read that does not fill the scratch buffer drained the socket, so the next wait sees any
  // later bytes: the io_context of a network thread runs on that one thread, so no epoll_wait
  // can consume their edge between this read and the next async_wait being queued.
  auto& buf = scratch().read;
  auto& socket = http::lowest_stream(stream_).socket();
  for (;;) {
    boost::system::error_code ec;
    const auto n = socket.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) return false;
    ws_.feed(std::span<const std::byte>(buf.data(), n));
    on_ws_events(std::chrono::steady_clock::now());
    if (torn_down_) return false;
    if (n < buf.size()) break;
  }
  // Only a partial frame stays buffered until its rest arrives.
  ws_.release_input();
  if (queue_.empty() && queue_.capacity() > 0) std::vector<out_item>().swap(queue_);
  return true;
}

template <class Stream>
void gateway_connection<Stream>::on_ws_events(gw::time_point now) {
  for (auto ev = ws_.next_event(); ev.kind != ws::event_kind::need_more; ev = ws_.next_event()) {
    switch (ev.kind) {
      case ws::event_kind::text:
      case ws::event_kind::binary:
        if (core_.current_state() == gw::connection::state::closed || close_after_flush_) break;
        core_.receive(ev.text(), now);
        pump_core();
        break;
      case ws::event_kind::close:
        // 1000/1001 from the client end the session; any other code keeps it (gateway.md §3.6).
        peer_close_code_ = ev.close_code;
        if (ev.close_code == 1000 || ev.close_code == 1001) resumable_ = false;
        close_after_flush_ = true;  // the codec queued our answering Close
        break;
      case ws::event_kind::error:
        // An oversized message is the gateway's decode error; other framing errors keep the
        // WebSocket code the codec chose.
        (void)ws_.send_close(ev.close_code == 1009 ? static_cast<std::uint16_t>(gw::close_code::decode_error)
                                                   : ev.close_code);
        close_after_flush_ = true;
        break;
      default:
        break;  // ping (the pong is queued) or pong
    }
  }
  queue_ws_output();
  if (close_after_flush_ && !writing_ && queue_.empty()) teardown(resumable_);
}

template <class Stream>
void gateway_connection<Stream>::pump_core() {
  while (auto e = core_.next_event()) {
    std::visit(overloaded{
        [this](gw::identify_requested& r) { handle(std::move(r)); },
        [this](gw::resume_requested& r) { handle(std::move(r)); },
        [this](gw::guild_members_requested& r) { handle(std::move(r)); },
        [this](gw::presence_update_requested& r) {
          if (!session_id_.empty()) server_.update_presence(session_home_, session_id_, to_presence_state(r.presence));
        },
        [this](gw::voice_state_update_requested& r) { handle(std::move(r)); },
    }, *e);
  }
  if (core_.has_output())
    for (const auto& payload : core_.take_output()) send_payload(payload);
  if (const auto code = core_.pending_close(); code && !close_after_flush_) {
    resumable_ = resumable_ && gw::session_resumable_after(*code);
    start_close(static_cast<std::uint16_t>(*code));
  }
  arm_timer();
}

template <class Stream>
void gateway_connection<Stream>::handle(gw::identify_requested&& r) {
  auto self = std::static_pointer_cast<gateway_connection>(shared_from_this());
  asio::co_spawn(executor(), [self, this, r = std::move(r)]() mutable -> asio::awaitable<void> {
    struct identity_and_guilds {
      service::gateway_identity who;
      std::vector<service::session_guild> guilds;
    };
    // One hop to the store threads: the token, then (if it is good) the session's guilds.
    // Named, not a temporary inside the co_await: g++ 12 destroys such temporaries twice.
    auto load = [this, token = r.identify.token, shard = r.identify.shard, large = r.identify.large_threshold,
                 intents = r.identify.intents]() -> asio::awaitable<model::api_result<identity_and_guilds>> {
      auto who = server_.sessions().authenticate(token);
      if (!who) co_return who.error();
      who->intents = intents;
      if (auto p = server_.sessions().load_private_state(*who); !p) co_return p.error();  // READY's DMs, read states
      auto guilds = server_.sessions().guilds(*who, shard ? shard->id : 0, shard ? shard->count : 1, large);
      if (!guilds) co_return guilds.error();
      co_return identity_and_guilds{std::move(*who), std::move(*guilds)};
    };
    model::api_result<identity_and_guilds> loaded = model::api_error();
    try {
      loaded = co_await asio::co_spawn(server_.store_pool(), std::move(load), asio::use_awaitable);
    } catch (const std::exception& e) {
      spdlog::error("gateway identify: {}", e.what());
    }
    if (torn_down_ || core_.current_state() != gw::connection::state::identifying) co_return;
    if (!loaded) {
      core_.close(loaded.error().status() == 401 ? gw::close_code::authentication_failed : gw::close_code::unknown_error);
    } else if (gw::disallowed_intents(r.identify.intents, loaded->who.allowed_privileged_intents)) {
      core_.close(gw::close_code::disallowed_intents);
    } else if (server_.try_identify(loaded->who, r.identify.shard ? r.identify.shard->id : 0) != gw::identify_verdict::allowed) {
      core_.invalid_session(false);
    } else {
      user_id_ = loaded->who.user.id;
      session_intents_ = r.identify.intents;
      core_.accept_identify();
      server_.start_session(home_, self, loaded->who, std::move(loaded->guilds), r.identify, core_.config().api_version);
    }
    pump_core();
  }, asio::detached);
}

template <class Stream>
void gateway_connection<Stream>::handle(gw::resume_requested&& r) {
  auto self = std::static_pointer_cast<gateway_connection>(shared_from_this());
  asio::co_spawn(executor(), [self, this, r = std::move(r)]() mutable -> asio::awaitable<void> {
    model::api_result<service::gateway_identity> who = model::api_error();
    auto check = [this, token = r.resume.token]() -> asio::awaitable<model::api_result<service::gateway_identity>> {
      co_return server_.sessions().authenticate(token);
    };
    try {
      who = co_await asio::co_spawn(server_.store_pool(), std::move(check), asio::use_awaitable);
    } catch (const std::exception& e) {
      spdlog::error("gateway resume: {}", e.what());
    }
    if (torn_down_ || core_.current_state() != gw::connection::state::resuming) co_return;
    if (!who) {
      core_.invalid_session(false);
      pump_core();
      co_return;
    }
    user_id_ = who->user.id;
    server_.resume_session(self, who->user.id, r.resume);  // answers with resumed() or resume_refused()
  }, asio::detached);
}

template <class Stream>
void gateway_connection<Stream>::handle(gw::guild_members_requested&& r) {
  if (session_id_.empty()) return;
  auto self = std::static_pointer_cast<gateway_connection>(shared_from_this());
  service::member_request request{r.request.guild_id, r.request.query, r.request.limit, std::nullopt,
                                  r.request.presences, r.request.nonce};
  if (r.request.user_ids) request.user_ids = std::vector<model::snowflake>(r.request.user_ids->begin(), r.request.user_ids->end());
  asio::co_spawn(executor(), [self, this, request = std::move(request), intents = session_intents_]() mutable
      -> asio::awaitable<void> {
    auto load = [this, &request, intents]() -> asio::awaitable<model::api_result<std::vector<boost::json::object>>> {
      co_return server_.sessions().member_chunks(user_id_, intents, request);
    };
    model::api_result<std::vector<boost::json::object>> chunks = model::api_error();
    try {
      chunks = co_await asio::co_spawn(server_.store_pool(), std::move(load), asio::use_awaitable);
    } catch (const std::exception& e) {
      spdlog::error("gateway request members: {}", e.what());
    }
    if (!chunks || chunks->empty() || session_id_.empty() || torn_down_) co_return;
    std::vector<dispatch_ptr> events;
    for (const auto& c : *chunks) events.push_back(gw::dispatch_event::make("GUILD_MEMBERS_CHUNK", c));
    server_.deliver_to_session(session_home_, session_id_, std::move(events));
  }, asio::detached);
}

template <class Stream>
void gateway_connection<Stream>::handle(gw::voice_state_update_requested&& r) {
  // Op 4 (gateway.md §9, voice.md §2). A request Discord would ignore is ignored, never a close.
  auto* voice = server_.sessions().voice();
  if (session_id_.empty() || !voice) return;
  service::voice_request request{r.request.guild_id, std::nullopt, r.request.self_mute, r.request.self_deaf};
  if (r.request.channel_id) request.channel_id = *r.request.channel_id;
  const auto order = voice_request_order.fetch_add(1, std::memory_order_relaxed) + 1;
  auto self = shared_from_this();
  asio::co_spawn(executor(), [self, this, voice, request, order, session = session_id_, home = session_home_,
                              user = user_id_, intents = session_intents_]() -> asio::awaitable<void> {
    auto work = [voice, &request, &session, user, order]() -> asio::awaitable<model::api_result<service::voice_reply>> {
      co_return voice->request(user, session, request, order);
    };
    model::api_result<service::voice_reply> reply = model::api_error();
    try {
      reply = co_await asio::co_spawn(server_.store_pool(), std::move(work), asio::use_awaitable);
    } catch (const std::exception& e) {
      spdlog::error("gateway voice state: {}", e.what());
      co_return;
    }
    if (!reply) {
      spdlog::debug("gateway op 4 ignored: {}", reply.error().message());
      co_return;
    }
    // The guild's VOICE_STATE_UPDATE was posted to every home while the request ran; these are
    // posted to the session's home after it, so the session sees the state before the server
    // (clients.md §7). A session without GUILD_VOICE_STATES still needs its own state.
    std::vector<dispatch_ptr> events;
    if (!(intents & gw::intent::guild_voice_states))
      events.push_back(gw::dispatch_event::make("VOICE_STATE_UPDATE", reply->state));
    if (reply->server) events.push_back(gw::dispatch_event::make("VOICE_SERVER_UPDATE", *reply->server));
    if (!events.empty()) server_.deliver_to_session(home, session, std::move(events));
  }, asio::detached);
}

template <class Stream>
void gateway_connection<Stream>::identified(std::string session_id, std::size_t home) {
  session_id_ = std::move(session_id);
  session_home_ = home;
}

template <class Stream>
void gateway_connection<Stream>::resumed(std::string session_id, std::size_t home, std::vector<gw::replay_entry> replay,
                                         std::uint64_t resumed_seq, dispatch_ptr resumed_event,
                                         std::uint64_t intents) {
  session_id_ = std::move(session_id);
  session_intents_ = intents;
  session_home_ = home;
  if (torn_down_) {  // gone meanwhile: hand the session back, still resumable
    server_.detach(session_home_, session_id_, this, true);
    return;
  }
  core_.accept_resume();
  for (const auto& entry : replay) queue_dispatch(entry.seq, entry.event);
  queue_dispatch(resumed_seq, resumed_event);
  pump_core();
}

template <class Stream>
void gateway_connection<Stream>::resume_refused() {
  if (torn_down_) return;
  core_.invalid_session(false);
  pump_core();
}

template <class Stream>
void gateway_connection<Stream>::evict(gw::close_code code) {
  session_id_.clear();  // the session lives on elsewhere, or ended
  if (torn_down_) return;
  core_.close(code);
  pump_core();
}

template <class Stream>
void gateway_connection<Stream>::request_reconnect() {
  if (torn_down_) return;
  core_.reconnect(std::chrono::steady_clock::now());
  pump_core();
}

template <class Stream>
void gateway_connection<Stream>::deliver(std::uint64_t seq, const dispatch_ptr& event) {
  queue_dispatch(seq, event);
}

template <class Stream>
bool gateway_connection<Stream>::compress(std::string_view payload, std::string& out) {
  out.clear();
  const auto r = zlib_ ? zlib_->compress(payload, out) : zstd_->compress(payload, out);
  if (!r) {
    spdlog::error("gateway compression failed: {}", r.error().message());
    resumable_ = true;
    teardown(true);
    return false;
  }
  return true;
}

template <class Stream>
void gateway_connection<Stream>::send_payload(std::string_view payload) {
  if (torn_down_ || close_after_flush_) return;
  if (compressed()) {
    auto& out = scratch().compressed;
    if (!compress(payload, out)) return;
    (void)ws_.send_binary(as_bytes(out));
    // Idle sessions only exchange heartbeats: give the deflate state back between them.
    if (zlib_ && std::chrono::steady_clock::now() - last_dispatch_ > server_.options().idle_trim_after) zlib_->trim();
  } else if (encoding_ == gw::encoding::etf) {
    (void)ws_.send_binary(as_bytes(payload));
  } else {
    (void)ws_.send_text(payload);
  }
  queue_ws_output();
}

template <class Stream>
void gateway_connection<Stream>::queue_dispatch(std::uint64_t seq, const dispatch_ptr& event) {
  if (torn_down_ || close_after_flush_ || ws_.state() != ws::connection_state::open) return;
  if (!compressed()) {
    push(out_item{{}, event, seq});
    return;
  }
  // Compressed: one payload through this connection's stream context. The time of the last
  // dispatch decides when the idle deflate state is trimmed; plain connections need no clock.
  last_dispatch_ = std::chrono::steady_clock::now();
  auto& s = scratch();
  s.plain.clear();
  gw::write_dispatch_prefix(encoding_, event->name(), seq, s.plain);
  s.plain.append(event->body(encoding_));
  gw::write_dispatch_suffix(encoding_, s.plain);
  if (!compress(s.plain, s.compressed)) return;
  std::array<std::byte, ws::max_frame_header_size> header{};
  const auto n = ws::write_frame_header(header, ws::opcode::binary, true, s.compressed.size());
  out_item item;
  item.bytes.reserve(n + s.compressed.size());
  item.bytes.append(reinterpret_cast<const char*>(header.data()), n);
  item.bytes.append(s.compressed);
  push(std::move(item));
  arm_timer();  // the idle trim of the deflate state
}

template <class Stream>
void gateway_connection<Stream>::queue_ws_output() {
  if (!ws_.has_output()) return;
  out_item item;
  ws_.take_output(item.bytes);
  push(std::move(item));
}

template <class Stream>
std::size_t gateway_connection<Stream>::cost(const out_item& item) const noexcept {
  return item.event ? item.event->body(encoding_).size() + 64 : item.bytes.size();
}

template <class Stream>
void gateway_connection<Stream>::push(out_item item) {
  if (torn_down_) return;
  queued_bytes_ += cost(item);
  queue_.push_back(std::move(item));
  const auto& o = server_.options();
  if (queued_bytes_ > o.max_queued_bytes || queue_.size() > o.max_queued_messages) {
    // Too far behind: drop the connection rather than buffer without bound. The session stays
    // resumable; the client resumes and gets the rest from the replay ring (or op 9).
    spdlog::warn("gateway: disconnecting a slow reader ({} bytes, {} messages queued)", queued_bytes_, queue_.size());
    teardown(true);
    return;
  }
  schedule_flush();
}

namespace {

// The connections of one network thread with frames to write, flushed by one posted pass: the
// pass runs after the handlers already queued on the thread (more events of a burst), so each
// connection writes a whole burst at once, the way IRC servers flush their send queues once per
// loop. Two vectors swap so the pass allocates nothing in steady state; a long pass yields
// between chunks (continue_pass), and the next pass is armed when it ends.
//
// Under fan-out the pass is held when the previous pass wrote to many connections: a write costs
// a fixed ~8 µs of kernel time here however little it carries, so the events of the next
// milliseconds should share it. The hold lasts gateway_options::write_coalesce and is extended
// by that much again while dispatches keep arriving, until a quiet gap (the rest of a burst: the
// group commit of the requests that arrived during the last pass), but never beyond a quarter of
// the previous pass's duration, so the added latency stays a fraction of what the pass itself
// costs its last connection. A quiet thread writes at once.
template <class Connection>
struct flush_list {
  std::vector<std::shared_ptr<Connection>> dirty;
  std::vector<std::shared_ptr<Connection>> running;
  std::size_t next = 0;                           // the pass's next connection in `running`
  bool posted = false;                            // a pass is posted or held
  bool in_pass = false;                           // a pass is under way (it yields between chunks)
  std::size_t last_pass = 0;                      // connections written by the previous pass
  std::chrono::steady_clock::time_point pass_started{};
  std::chrono::steady_clock::duration last_pass_time{};
  std::uint64_t queued = 0;                       // frames queued on this thread, ever
  std::uint64_t queued_at_arm = 0;                // ... when the hold was last (re)armed
  std::chrono::steady_clock::time_point held_since{};
  const gateway_options* options = nullptr;       // set with the first connection
  std::optional<asio::any_io_executor> executor;  // the thread's
  std::unique_ptr<asio::steady_timer> hold;       // made on first use, on the thread's executor
};

template <class Connection>
flush_list<Connection>& thread_flush_list() {
  thread_local flush_list<Connection> list;
  return list;
}

} // namespace

template <class Stream>
void gateway_connection<Stream>::schedule_flush() {
  auto& list = thread_flush_list<gateway_connection>();
  ++list.queued;
  if (flush_scheduled_ || writing_) return;  // an async write in progress flushes when it ends
  flush_scheduled_ = true;
  list.dirty.push_back(std::static_pointer_cast<gateway_connection>(shared_from_this()));
  if (!list.executor) {
    list.executor = executor();
    list.options = &server_.options();
  }
  // A pass under way arms the next one when it ends.
  if (!list.posted && !list.in_pass) arm_pass();
}

template <class Stream>
void gateway_connection<Stream>::arm_pass() {
  auto& list = thread_flush_list<gateway_connection>();
  list.posted = true;
  const auto& o = *list.options;
  if (o.write_coalesce.count() > 0 && list.last_pass >= o.write_coalesce_min_connections) {
    if (!list.hold) list.hold = std::make_unique<asio::steady_timer>(*list.executor);
    list.held_since = std::chrono::steady_clock::now();
    hold_pass(o.write_coalesce);
    return;
  }
  asio::post(*list.executor, [] { run_flush_pass(); });
}

template <class Stream>
void gateway_connection<Stream>::hold_pass(std::chrono::microseconds step) {
  auto& l = thread_flush_list<gateway_connection>();
  l.queued_at_arm = l.queued;
  l.hold->expires_after(step);
  l.hold->async_wait([step](const boost::system::error_code&) {
    auto& list = thread_flush_list<gateway_connection>();
    const auto held = std::chrono::steady_clock::now() - list.held_since;
    if (list.queued != list.queued_at_arm && held + step <= list.last_pass_time / 4) return hold_pass(step);
    run_flush_pass();
  });
}

template <class Stream>
void gateway_connection<Stream>::run_flush_pass() {
  auto& l = thread_flush_list<gateway_connection>();
  l.posted = false;
  std::swap(l.dirty, l.running);
  l.next = 0;
  l.in_pass = true;
  l.last_pass = l.running.size();
  l.pass_started = std::chrono::steady_clock::now();
  continue_pass();
}

// A pass writes its connections a chunk at a time and lets the thread's other handlers run in
// between: REST requests and the group commits of new events do not wait for a pass over 10,000
// connections, and events that arrive meanwhile join the queues of the connections this pass
// has yet to write.
template <class Stream>
void gateway_connection<Stream>::continue_pass() {
  auto& l = thread_flush_list<gateway_connection>();
  const auto end = std::min(l.running.size(), l.next + pass_chunk);
  for (; l.next < end; ++l.next) {
    auto& c = l.running[l.next];
    c->flush_scheduled_ = false;
    c->flush();
  }
  if (l.next < l.running.size()) {
    asio::post(*l.executor, [] { continue_pass(); });
    return;
  }
  l.running.clear();
  l.in_pass = false;
  l.last_pass_time = std::chrono::steady_clock::now() - l.pass_started;
  if (!l.dirty.empty()) arm_pass();
}

template <class Stream>
void gateway_connection<Stream>::flush() {
  auto& s = scratch();
  const auto suffix = gw::dispatch_suffix(encoding_);
  const auto data_opcode = encoding_ == gw::encoding::json ? ws::opcode::text : ws::opcode::binary;
  while (!writing_ && !torn_down_ && !queue_.empty()) {
    // The gather list alternates our own bytes in `heads` with shared bodies: one dispatch's
    // suffix, the next one's frame header and its envelope are contiguous in `heads`, so a
    // dispatch costs two entries, not three. Spans are offsets until `heads` stops growing.
    s.heads.clear();
    s.spans.clear();
    std::size_t count = 0;
    std::size_t bytes = 0;
    bool open_head = false;  // the last span is in `heads` and may still grow
    auto own = [&](std::string_view text) {
      if (!open_head) s.spans.push_back({s.heads.size(), 0, nullptr});
      s.heads.append(text);
      s.spans.back().size += text.size();
      open_head = true;
    };
    auto shared = [&](const void* data, std::size_t size) {
      if (size == 0) return;
      s.spans.push_back({0, size, data});
      open_head = false;
    };
    for (auto it = queue_.begin(); it != queue_.end() && count < max_batch_items && bytes < max_batch_bytes; ++it) {
      ++count;
      bytes += cost(*it);
      if (!it->event) {
        shared(it->bytes.data(), it->bytes.size());
        continue;
      }
      const auto body = it->event->body(encoding_);
      s.envelope.clear();
      gw::write_dispatch_prefix(encoding_, it->event->name(), it->seq, s.envelope);
      std::array<std::byte, ws::max_frame_header_size> header{};
      const auto n = ws::write_frame_header(header, data_opcode, true, s.envelope.size() + body.size() + suffix.size());
      own({reinterpret_cast<const char*>(header.data()), n});
      own(s.envelope);
      shared(body.data(), body.size());
      own(suffix);
    }
    s.buffers.clear();
    std::size_t total = 0;
    for (const auto& span : s.spans) {
      if (span.size == 0) continue;
      total += span.size;
      s.buffers.push_back(span.data ? iovec{const_cast<void*>(span.data), span.size}
                                    : iovec{s.heads.data() + span.offset, span.size});
    }

    // Plain sockets: straight into the kernel when it has room, which under normal load is
    // always; no coroutine, no completion handler, no copy. One sendmsg takes the whole gather
    // list (up to IOV_MAX entries; Asio's write_some would stop at 64).
    std::size_t written = 0;
    if constexpr (std::is_same_v<Stream, http::plain_stream>) {
      const auto sent = send_gather(stream_.socket().native_handle(), s.buffers);
      if (!sent) {
        // A peer that closed with 1000 and hung up at once makes this write fail: keep what its
        // Close decided (resumable_), not "lost connection".
        teardown(resumable_);
        return;
      }
      written = *sent;
    }
    if (written < total) {
      // The rest goes out asynchronously from a private copy, so the queue and its shared bodies
      // can move on.
      pending_.reserve(total - written);
      std::size_t skip = written;
      for (const auto& b : s.buffers) {
        if (skip >= b.iov_len) {
          skip -= b.iov_len;
          continue;
        }
        pending_.append(static_cast<const char*>(b.iov_base) + skip, b.iov_len - skip);
        skip = 0;
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      const auto c = cost(queue_[i]);
      queued_bytes_ = queued_bytes_ > c ? queued_bytes_ - c : 0;
    }
    if (count == queue_.size()) {
      // Written out (or copied into pending_). A connection that just wrote a burst keeps the
      // queue's capacity for the next one (a fan-out would otherwise regrow it event by event,
      // every pass); small queues are released at once, and a kept one when the client next
      // speaks with nothing queued (read_ready), so an idle session holds no queue memory.
      if (queue_.capacity() >= keep_queue_capacity) queue_.clear();
      else std::vector<out_item>().swap(queue_);
    } else {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
    }
    if (!pending_.empty()) return write_pending();
  }
  if (close_after_flush_ && !writing_ && queue_.empty()) teardown(resumable_);
}

template <class Stream>
void gateway_connection<Stream>::write_pending() {
  writing_ = true;
  auto self = shared_from_this();
  asio::async_write(stream_, asio::buffer(pending_), [self, this](const boost::system::error_code& ec, std::size_t) {
    writing_ = false;
    std::string().swap(pending_);  // a slow reader's burst must not stay allocated
    if (ec) {
      teardown(resumable_);
      return;
    }
    flush();
  });
}

template <class Stream>
void gateway_connection<Stream>::start_close(std::uint16_t code) {
  (void)ws_.send_close(code);
  close_after_flush_ = true;  // discord.py never answers a server's Close: we end the TCP connection
  queue_ws_output();
  if (!writing_ && queue_.empty()) teardown(resumable_);
}

template <class Stream>
void gateway_connection<Stream>::arm_timer() {
  auto deadline = core_.next_deadline();
  // An idle zlib-stream session gives its deflate state back soon after its last dispatch.
  if (zlib_ && zlib_->has_state()) {
    const auto trim_at = last_dispatch_ + server_.options().idle_trim_after;
    if (!deadline || trim_at < *deadline) deadline = trim_at;
  }
  if (!deadline || torn_down_) return;
  // The core's deadline moves later with every payload; a pending earlier wait simply wakes,
  // finds nothing due, and re-arms. Only an earlier deadline needs a new wait.
  if (timer_armed_ && *deadline >= armed_for_) return;
  timer_armed_ = true;
  armed_for_ = *deadline;
  timer_.expires_at(*deadline);
  std::weak_ptr<connection_base> weak = shared_from_this();
  timer_.async_wait([weak, this](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self || ec == asio::error::operation_aborted) return;
    timer_armed_ = false;
    if (torn_down_) return;
    const auto now = std::chrono::steady_clock::now();
    if (zlib_ && now - last_dispatch_ >= server_.options().idle_trim_after) zlib_->trim();
    core_.on_deadline(now);
    pump_core();
  });
}

template <class Stream>
void gateway_connection<Stream>::teardown(bool resumable) {
  if (torn_down_) return;
  torn_down_ = true;
  timer_.cancel();
  boost::system::error_code ignored;
  http::lowest_stream(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  http::lowest_stream(stream_).close();
  std::vector<out_item>().swap(queue_);
  server_.track(home_, this, false);
  if (!session_id_.empty()) server_.detach(session_home_, session_id_, this, resumable);
}

template class gateway_connection<http::plain_stream>;
template class gateway_connection<http::tls_stream>;

} // namespace parley::server::gateway
