// The SDK's Asio voice client (voice_connection.hpp; voice.md §2-§10). Coroutines on the client's
// strand, each holding the shared state alive:
//   run_signalling  the voice WebSocket: open (ws/wss), feed the session, resume after drops;
//   read_loop       bytes from the WebSocket into the session;
//   write_loop      the session's output, one write in flight;
//   tick_loop       the session's deadline (heartbeats, setup timeout);
//   udp_loop        datagrams: IP discovery replies into the session, RTP into the receivers;
//   drain_loop      flushes the jitter buffers of speakers that went quiet;
//   send_loop       Opus frames out at 20 ms intervals of the steady clock.
#include "client/voice/voice_connection.hpp"

#include "client/runtime/byte_stream.hpp"
#include "client/runtime/client.hpp"
#include "client/runtime/events.hpp"
#include "client/runtime/gateway_url.hpp"
#include "client/voice/frame_clock.hpp"
#include "client/voice/jitter_buffer.hpp"
#include "client/voice/opus_codec.hpp"
#include "client/voice/rtp_packetizer.hpp"
#include "client/voice/voice_error.hpp"
#include "proto/voice/client_payloads.hpp"
#include "proto/voice/close_code.hpp"
#include "proto/voice/datagram_kind.hpp"
#include "proto/voice/rtp_header.hpp"
#include "proto/voice/transport_cipher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <deque>
#include <random>
#include <unordered_map>

namespace parley::client::voice {

namespace asio = boost::asio;
namespace pv = proto::voice;
using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto as_values = asio::as_tuple(asio::use_awaitable);
constexpr int silence_frames_at_end = 5; // voice.md §9
constexpr int discovery_attempts = 5;
constexpr auto discovery_retry = 1s;
constexpr auto drain_after = 60ms; // a speaker this long quiet has its jitter buffer flushed

random_source system_random() {
  auto device = std::make_shared<std::random_device>();
  return [device] { return (std::uint64_t{(*device)()} << 32) ^ (*device)(); };
}

// One queued piece of outgoing audio.
struct audio_chunk {
  std::vector<std::int16_t> pcm; // interleaved stereo; consumed from `offset`
  std::size_t offset = 0;
  std::vector<std::uint8_t> opus; // one ready-made frame when pcm is empty
};

// The receive side of one SSRC.
struct receiver {
  std::uint64_t user_id = 0;
  jitter_buffer jitter;
  std::optional<opus_decoder> decoder;
  clock::time_point last_arrival{};
  explicit receiver(std::size_t depth) : jitter(depth, 16) {}
};

} // namespace

struct voice_connection::impl : std::enable_shared_from_this<impl> {
  impl(client& gw, voice_options o)
      : gateway(gw),
        options(std::move(o)),
        strand(gw.get_executor()),
        tls(asio::ssl::context::tls_client),
        random(gw.options().random ? gw.options().random : system_random()),
        join_timer(strand),
        tick_timer(strand),
        send_timer(strand),
        discovery_timer(strand),
        drain_timer(strand),
        udp(strand) {
    tls.set_default_verify_paths();
    if (!gw.options().tls.ca_file.empty()) {
      error_code ignored; // a bad file already failed the client's own constructor
      tls.load_verify_file(gw.options().tls.ca_file, ignored);
    }
  }

  client& gateway;
  voice_options options;
  client::executor_type strand;
  asio::ssl::context tls;
  random_source random;

  // The join.
  std::uint64_t guild_id = 0;
  std::uint64_t channel_id = 0;
  std::function<void(error_code)> joined;
  std::optional<voice_credentials> credentials; // user_id + session_id known from our VOICE_STATE_UPDATE
  std::optional<std::string> voice_token;
  std::optional<std::string> endpoint;
  bool handlers_registered = false;
  bool connecting = false;

  // Signalling.
  std::optional<voice_session> session;
  std::shared_ptr<byte_stream> stream;
  std::uint64_t generation = 0; // counts WebSocket connections; old loops stop
  bool writing = false;
  std::string write_buffer;
  asio::steady_timer join_timer;
  asio::steady_timer tick_timer;
  bool connection_over = false;

  // Media.
  asio::steady_timer send_timer;
  asio::steady_timer discovery_timer;
  asio::steady_timer drain_timer;
  asio::ip::udp::socket udp;
  bool udp_started = false;
  std::optional<pv::transport_cipher> cipher;
  std::optional<rtp_packetizer> packetizer;
  std::optional<opus_encoder> encoder;
  std::deque<audio_chunk> outgoing;
  bool sending = false;
  std::optional<clock::time_point> last_spurt_end;
  std::vector<std::function<void()>> played;
  std::unordered_map<std::uint32_t, std::uint64_t> ssrc_users;
  std::unordered_map<std::uint32_t, receiver> receivers;
  std::array<std::int16_t, frame_values * 6> pcm_out{};
  media_counters counters;

  std::function<void(const user_audio&)> audio_handler;
  std::function<void(const user_speaking&)> speaking_handler;
  std::function<void(const voice_disconnected&)> disconnected_handler;

  bool leaving = false;
  bool finished = false;
  std::vector<std::function<void()>> left;

  // --- join ---------------------------------------------------------------------------------

  void register_handlers() {
    if (handlers_registered) return;
    handlers_registered = true;
    std::weak_ptr<impl> weak = weak_from_this();
    gateway.on<voice_state_update>([weak](const voice_state_update& e) {
      if (auto self = weak.lock()) self->on_voice_state(e);
    });
    gateway.on<voice_server_update>([weak](const voice_server_update& e) {
      if (auto self = weak.lock()) self->on_voice_server(e);
    });
  }

  void start_join(std::uint64_t guild, std::uint64_t channel, std::function<void(error_code)> done) {
    guild_id = guild;
    channel_id = channel;
    joined = std::move(done);
    register_handlers();
    if (auto sent = gateway.update_voice_state(guild, channel, options.self_mute, options.self_deaf); !sent) {
      return finish_join(sent.error());
    }
    join_timer.expires_after(options.join_timeout);
    join_timer.async_wait([weak = weak_from_this()](const error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || !self->joined) return;
      self->finish_join(voice_errc::join_timeout);
      self->shutdown();
    });
  }

  void finish_join(error_code ec) {
    if (!joined) return;
    join_timer.cancel();
    auto done = std::move(joined);
    joined = nullptr;
    done(ec);
  }

  void on_voice_state(const voice_state_update& e) {
    // Ours: the same guild and our main gateway session (voice.md §2: session_id is the caller's).
    if (e.guild_id != guild_id || e.session_id != gateway.core().session_id() || finished) return;
    if (e.channel_id == 0) {
      if (session && !leaving) end(voice_errc::left, 0); // moved out or disconnected by a moderator
      return;
    }
    credentials = voice_credentials{guild_id, e.user_id, e.session_id, {}};
    maybe_connect();
  }

  void on_voice_server(const voice_server_update& e) {
    if (e.guild_id != guild_id || finished) return;
    if (!e.endpoint) return; // a new server is being allocated; another update follows (§2)
    voice_token = e.token;
    endpoint = *e.endpoint;
    maybe_connect();
  }

  void maybe_connect() {
    if (connecting || !credentials || !voice_token || !endpoint || leaving) return;
    connecting = true;
    credentials->token = *voice_token;
    voice_session_options session_options;
    session_options.modes = options.modes;
    session.emplace(*credentials, session_options, random);
    asio::co_spawn(strand, run_signalling(shared_from_this()), asio::detached);
  }

  // --- signalling -----------------------------------------------------------------------------

  asio::awaitable<void> run_signalling(std::shared_ptr<impl> self) {
    const bool use_tls = options.tls.value_or(gateway.options().gateway_url.rfind("wss://", 0) == 0);
    auto url = parse_gateway_url((use_tls ? "wss://" : "ws://") + *endpoint);
    if (!url) {
      finish_join(url.error());
      co_return;
    }
    int attempts = 0;
    while (!finished) {
      const std::uint64_t my_generation = ++generation;
      connection_over = false;
      stream = std::make_shared<byte_stream>(strand, tls);
      const error_code opened = co_await stream->open(*url, gateway.options().tls.verify_peer);
      if (finished) co_return;
      if (opened) {
        if (joined || ++attempts > options.max_resume_attempts) {
          finish_join(opened);
          end(opened, 0);
          co_return;
        }
        asio::steady_timer backoff(strand, std::chrono::milliseconds{250 * attempts});
        co_await backoff.async_wait(as_values);
        continue;
      }
      // The voice gateway shares "/" with the main gateway; `v=8` routes it (voice.md §2).
      if (auto started = session->connect(url->host_header, "/?v=8", clock::now()); !started) {
        finish_join(started.error());
        end(started.error(), 0);
        co_return;
      }
      flush();
      asio::co_spawn(strand, read_loop(self, stream, my_generation), asio::detached);
      asio::co_spawn(strand, tick_loop(self, my_generation), asio::detached);
      // Wait for this connection's end (closed_event), signalled through the tick timer.
      while (!connection_over && !finished) {
        asio::steady_timer wait(strand, 50ms);
        co_await wait.async_wait(as_values);
      }
      // Give the last output (our Close or the echo) a moment, then close the socket.
      for (int i = 0; i < 10 && writing; ++i) {
        asio::steady_timer wait(strand, 20ms);
        co_await wait.async_wait(as_values);
      }
      stream->close();
      if (finished) co_return;
      if (!session->should_resume() || ++attempts > options.max_resume_attempts) {
        const auto code = last_close_code;
        finish_join(last_close_error ? last_close_error : error_code(voice_errc::transport_closed));
        end(last_close_error, code);
        co_return;
      }
      asio::steady_timer backoff(strand, std::chrono::milliseconds{250 * attempts});
      co_await backoff.async_wait(as_values);
    }
  }

  asio::awaitable<void> read_loop(std::shared_ptr<impl> /*keep_alive*/, std::shared_ptr<byte_stream> s,
                                  std::uint64_t gen) {
    std::array<char, 16384> buffer{};
    while (gen == generation && !connection_over) {
      auto n = co_await s->read_some(buffer);
      if (gen != generation || connection_over) co_return;
      if (!n) {
        session->connection_lost(clock::now());
      } else {
        session->receive(std::string_view(buffer.data(), *n), clock::now());
      }
      process_events();
      flush();
      tick_timer.cancel(); // the deadline may have moved (Hello, Ready): the tick loop re-reads it
      if (!n) co_return;
    }
  }

  asio::awaitable<void> tick_loop(std::shared_ptr<impl> /*keep_alive*/, std::uint64_t gen) {
    while (gen == generation && !connection_over && !finished) {
      auto deadline = session->next_deadline();
      tick_timer.expires_at(deadline ? *deadline : clock::now() + 1s);
      co_await tick_timer.async_wait(as_values); // canceled: re-read the deadline
      if (gen != generation || connection_over || finished) co_return;
      if (deadline && clock::now() >= *deadline) {
        session->on_timer(clock::now());
        process_events();
        flush();
      }
    }
  }

  void flush() {
    if (!session || !session->has_output() || writing || !stream) return;
    writing = true;
    asio::co_spawn(strand, write_loop(shared_from_this(), stream), asio::detached);
  }

  asio::awaitable<void> write_loop(std::shared_ptr<impl> /*keep_alive*/, std::shared_ptr<byte_stream> s) {
    while (session && session->has_output() && s == stream) {
      session->take_output(write_buffer);
      const error_code ec = co_await s->write_all(write_buffer);
      if (ec) break; // the reader sees the end of the stream too
    }
    writing = false;
  }

  std::uint16_t last_close_code = 0;
  error_code last_close_error;

  void process_events() {
    while (session) {
      auto event = session->next_event();
      if (!event) break;
      if (auto* ready = std::get_if<ready_event>(&*event)) {
        asio::co_spawn(strand, start_udp(shared_from_this(), ready->ip, ready->port), asio::detached);
      } else if (auto* description = std::get_if<session_ready_event>(&*event)) {
        on_session_ready(*description);
      } else if (auto* speaking = std::get_if<speaking_event>(&*event)) {
        ssrc_users[speaking->ssrc] = speaking->user_id;
        if (auto it = receivers.find(speaking->ssrc); it != receivers.end()) it->second.user_id = speaking->user_id;
        if (speaking_handler) speaking_handler(user_speaking{speaking->user_id, speaking->ssrc, speaking->flags});
      } else if (std::holds_alternative<resumed_event>(*event)) {
        ++counters.resumes;
      } else if (auto* gone = std::get_if<client_disconnect_event>(&*event)) {
        std::erase_if(ssrc_users, [&](const auto& entry) { return entry.second == gone->user_id; });
        std::erase_if(receivers, [&](const auto& entry) { return entry.second.user_id == gone->user_id; });
      } else if (auto* closed = std::get_if<closed_event>(&*event)) {
        last_close_code = closed->code;
        last_close_error = closed->error ? closed->error
                           : closed->by_server ? error_code(closed->code, pv::voice_close_category())
                                               : error_code{};
        connection_over = true;
        tick_timer.cancel();
      }
      // clients_connect_event: nothing to do (SSRCs come with op 5).
    }
  }

  void on_session_ready(const session_ready_event& description) {
    auto created = pv::transport_cipher::create(description.mode, description.secret_key);
    if (!created) {
      finish_join(created.error());
      end(created.error(), 0);
      return;
    }
    cipher.emplace(std::move(*created));
    if (!packetizer || packetizer->ssrc() != session->ssrc()) {
      // Random starting sequence and timestamp (RFC 3550 §5.1); the nonce counter starts at 0,
      // far below the server's own range (voice.md §8.6).
      const std::uint64_t r = random();
      packetizer.emplace(session->ssrc(), static_cast<std::uint16_t>(r), static_cast<std::uint32_t>(r >> 16), 0);
    }
    finish_join({});
    maybe_start_sending();
  }

  // --- UDP ------------------------------------------------------------------------------------

  asio::awaitable<void> start_udp(std::shared_ptr<impl> self, std::string ip, std::uint16_t port) {
    if (!udp_started) {
      asio::ip::udp::resolver resolver(strand);
      auto [ec, endpoints] = co_await resolver.async_resolve(ip, std::to_string(port), as_values);
      if (ec || endpoints.empty()) {
        finish_join(ec ? ec : error_code(voice_errc::discovery_timeout));
        end(ec, 0);
        co_return;
      }
      const auto remote = endpoints.begin()->endpoint();
      error_code open_error;
      udp.open(remote.protocol(), open_error);
      if (!open_error) udp.connect(remote, open_error);
      if (open_error) {
        finish_join(open_error);
        end(open_error, 0);
        co_return;
      }
      udp_started = true;
      asio::co_spawn(strand, udp_loop(self), asio::detached);
      asio::co_spawn(strand, drain_loop(self), asio::detached);
    }
    // Discovery may be lost like any datagram: ask again until the session moved on.
    for (int attempt = 0; attempt < discovery_attempts && !finished; ++attempt) {
      if (!session || session->current_state() != voice_session::state::discovering) co_return;
      const auto request = session->discovery_request();
      co_await udp.async_send(asio::buffer(request), as_values);
      discovery_timer.expires_after(discovery_retry);
      co_await discovery_timer.async_wait(as_values);
    }
    if (session && session->current_state() == voice_session::state::discovering) {
      finish_join(voice_errc::discovery_timeout);
      end(voice_errc::discovery_timeout, 0);
    }
  }

  asio::awaitable<void> udp_loop(std::shared_ptr<impl> /*keep_alive*/) {
    std::array<std::uint8_t, 2048> buffer{};
    while (!finished) {
      auto [ec, n] = co_await udp.async_receive(asio::buffer(buffer), as_values);
      if (finished || ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
      if (ec) continue; // ICMP port unreachable and the like: UDP goes on
      on_datagram(std::span(buffer).first(n));
    }
  }

  void on_datagram(std::span<std::uint8_t> datagram) {
    switch (pv::classify_datagram(datagram)) {
      case pv::datagram_kind::ip_discovery:
        if (session && session->on_discovery_response(datagram, clock::now())) {
          discovery_timer.cancel();
          flush();
        }
        return;
      case pv::datagram_kind::rtp: on_rtp(datagram); return;
      default: return; // RTCP and keep-alives
    }
  }

  void on_rtp(std::span<std::uint8_t> packet) {
    ++counters.packets_received;
    if (!cipher) return;
    auto size = cipher->decrypt(packet);
    if (!size) {
      ++counters.packets_dropped;
      return;
    }
    auto parsed = pv::parse_rtp_packet(packet.first(*size));
    if (!parsed || parsed->header.payload_type != pv::opus_payload_type) {
      ++counters.packets_dropped;
      return;
    }
    const std::uint32_t ssrc = parsed->header.ssrc;
    auto user = ssrc_users.find(ssrc);
    if (user == ssrc_users.end()) {
      // As discord.js: an SSRC nobody announced with op 5 is not attributable to a user.
      ++counters.packets_dropped;
      return;
    }
    auto [it, inserted] = receivers.try_emplace(ssrc, options.jitter_depth);
    receiver& r = it->second;
    if (inserted) {
      r.user_id = user->second;
      auto decoder = opus_decoder::create();
      if (decoder) r.decoder.emplace(std::move(*decoder));
    }
    r.last_arrival = clock::now();
    const auto pushed = r.jitter.push(parsed->header.sequence, parsed->payload);
    if (pushed == jitter_buffer::push_result::late || pushed == jitter_buffer::push_result::duplicate) {
      ++counters.packets_dropped;
      return;
    }
    while (auto frame = r.jitter.pop()) deliver(ssrc, r, *frame);
  }

  void deliver(std::uint32_t ssrc, receiver& r, const jitter_buffer::frame& frame) {
    if (!r.decoder) return;
    auto samples = r.decoder->decode(frame.lost ? std::span<const std::uint8_t>{} : frame.payload, pcm_out);
    if (!samples) {
      ++counters.packets_dropped;
      return;
    }
    if (frame.lost) ++counters.frames_concealed;
    if (audio_handler) {
      audio_handler(user_audio{r.user_id, ssrc, frame.sequence, frame.lost,
                               std::span<const std::int16_t>(pcm_out.data(), *samples * channel_count)});
    }
  }

  asio::awaitable<void> drain_loop(std::shared_ptr<impl> /*keep_alive*/) {
    while (!finished) {
      drain_timer.expires_after(drain_after);
      co_await drain_timer.async_wait(as_values);
      if (finished) co_return;
      const auto now = clock::now();
      for (auto& [ssrc, r] : receivers) {
        if (r.jitter.empty() || now - r.last_arrival < drain_after) continue;
        while (auto frame = r.jitter.drain()) deliver(ssrc, r, *frame);
      }
    }
  }

  // --- sending --------------------------------------------------------------------------------

  void maybe_start_sending() {
    if (sending || outgoing.empty() || !cipher || !packetizer || finished) return;
    sending = true;
    asio::co_spawn(strand, send_loop(shared_from_this()), asio::detached);
  }

  // The next Opus frame from the queue into `out`; its size, or nullopt when the queue is empty.
  std::optional<std::size_t> next_frame(std::span<std::uint8_t> out) {
    while (!outgoing.empty()) {
      audio_chunk& chunk = outgoing.front();
      if (chunk.pcm.empty()) {
        auto frame = std::move(chunk.opus);
        outgoing.pop_front();
        if (frame.empty() || frame.size() > out.size()) continue;
        std::copy(frame.begin(), frame.end(), out.begin());
        return frame.size();
      }
      if (chunk.offset >= chunk.pcm.size()) {
        outgoing.pop_front();
        continue;
      }
      std::array<std::int16_t, frame_values> pcm{}; // a last partial frame is padded with silence
      const std::size_t n = std::min(frame_values, chunk.pcm.size() - chunk.offset);
      std::copy_n(chunk.pcm.begin() + static_cast<std::ptrdiff_t>(chunk.offset), n, pcm.begin());
      chunk.offset += n;
      if (!encoder) {
        auto created = opus_encoder::create(options.bitrate);
        if (!created) return std::nullopt;
        encoder.emplace(std::move(*created));
      }
      auto size = encoder->encode(pcm, out);
      if (!size) continue;
      return *size;
    }
    return std::nullopt;
  }

  void send_packet(std::span<const std::uint8_t> opus) {
    std::array<std::uint8_t, max_rtp_packet_size> packet{};
    auto size = packetizer->seal(opus, *cipher, packet);
    if (!size) return;
    error_code ignored; // a lost datagram is lost audio, nothing more (UDP)
    udp.send(asio::buffer(packet.data(), *size), 0, ignored);
    ++counters.packets_sent;
  }

  asio::awaitable<void> send_loop(std::shared_ptr<impl> /*keep_alive*/) {
    frame_clock pacing;
    while (!outgoing.empty() && !finished && !leaving) {
      // Speaking must precede audio (voice.md §3.4); a resume in progress delays only the op.
      (void)session->set_speaking(pv::speaking_microphone, clock::now());
      flush();
      const auto now = clock::now();
      if (last_spurt_end) {
        // The RTP clock ran on during the pause (RFC 3550 §5.1), so receivers see its real length.
        const auto paused = std::chrono::duration_cast<std::chrono::microseconds>(now - *last_spurt_end);
        packetizer->skip_samples(static_cast<std::uint32_t>(paused.count() * sample_rate / 1'000'000));
      }
      pacing.start(now);
      std::array<std::uint8_t, max_opus_frame_size> frame{};
      int silence_left = silence_frames_at_end;
      while (!finished && !leaving) {
        std::size_t size = 0;
        if (auto next = next_frame(frame)) {
          size = *next;
          silence_left = silence_frames_at_end;
        } else if (silence_left-- > 0) {
          std::copy(std::begin(silence_frame), std::end(silence_frame), frame.begin());
          size = sizeof silence_frame;
        } else {
          break;
        }
        send_packet(std::span(frame).first(size));
        pacing.advance(clock::now());
        send_timer.expires_at(pacing.due());
        co_await send_timer.async_wait(as_values);
      }
      (void)session->set_speaking(0, clock::now());
      flush();
      last_spurt_end = clock::now();
      if (!outgoing.empty()) continue;
    }
    sending = false;
    auto callbacks = std::move(played);
    played.clear();
    for (auto& fn : callbacks) fn();
  }

  // --- the end --------------------------------------------------------------------------------

  void start_leave(std::function<void()> done) {
    if (done) left.push_back(std::move(done));
    if (finished) return run_left();
    if (leaving) return;
    leaving = true;
    outgoing.clear();
    (void)gateway.update_voice_state(guild_id, std::nullopt, options.self_mute, options.self_deaf);
    if (session && session->close(1000, clock::now())) {
      flush();
      // The server's echo ends the connection; the session's close timeout bounds the wait.
      tick_timer.cancel();
      auto wait = std::make_shared<asio::steady_timer>(strand, 2s);
      wait->async_wait([self = shared_from_this(), wait](const error_code&) { self->end(voice_errc::left, 1000); });
      return;
    }
    end(voice_errc::left, 1000);
  }

  void end(error_code why, std::uint16_t code) {
    if (finished) return;
    finished = true;
    shutdown();
    if (disconnected_handler) disconnected_handler(voice_disconnected{why, code});
    auto callbacks = std::move(played);
    played.clear();
    for (auto& fn : callbacks) fn();
    run_left();
  }

  void run_left() {
    auto callbacks = std::move(left);
    left.clear();
    for (auto& fn : callbacks) fn();
  }

  // Closes sockets and timers; every loop ends.
  void shutdown() {
    finished = true;
    ++generation;
    connection_over = true;
    if (stream) stream->close();
    error_code ignored;
    udp.close(ignored);
    join_timer.cancel();
    tick_timer.cancel();
    send_timer.cancel();
    discovery_timer.cancel();
    drain_timer.cancel();
  }
};

std::shared_ptr<voice_connection> voice_connection::create(client& gateway, voice_options options) {
  return std::make_shared<voice_connection>(std::make_shared<impl>(gateway, std::move(options)));
}

voice_connection::~voice_connection() {
  if (!impl_) return;
  asio::post(impl_->strand, [state = impl_] { state->shutdown(); });
}

void voice_connection::join(std::uint64_t guild_id, std::uint64_t channel_id, std::function<void(error_code)> done) {
  asio::post(impl_->strand, [state = impl_, guild_id, channel_id, done = std::move(done)]() mutable {
    state->start_join(guild_id, channel_id, std::move(done));
  });
}

void voice_connection::send_audio_raw(std::vector<std::int16_t> pcm) {
  asio::post(impl_->strand, [state = impl_, pcm = std::move(pcm)]() mutable {
    if (pcm.empty() || state->finished) return;
    if (!state->outgoing.empty() && !state->outgoing.back().pcm.empty()) {
      // Continue the last PCM chunk, so frames do not get padded at every call's boundary.
      auto& last = state->outgoing.back();
      last.pcm.erase(last.pcm.begin(), last.pcm.begin() + static_cast<std::ptrdiff_t>(last.offset));
      last.offset = 0;
      last.pcm.insert(last.pcm.end(), pcm.begin(), pcm.end());
    } else {
      state->outgoing.push_back(audio_chunk{std::move(pcm), 0, {}});
    }
    state->maybe_start_sending();
  });
}

void voice_connection::send_audio_opus(std::vector<std::vector<std::uint8_t>> frames) {
  asio::post(impl_->strand, [state = impl_, frames = std::move(frames)]() mutable {
    if (state->finished) return;
    for (auto& f : frames) state->outgoing.push_back(audio_chunk{{}, 0, std::move(f)});
    state->maybe_start_sending();
  });
}

void voice_connection::when_played(std::function<void()> fn) {
  asio::post(impl_->strand, [state = impl_, fn = std::move(fn)]() mutable {
    if (!state->sending && state->outgoing.empty()) return fn();
    state->played.push_back(std::move(fn));
  });
}

void voice_connection::on_audio(std::function<void(const user_audio&)> fn) {
  asio::post(impl_->strand, [state = impl_, fn = std::move(fn)]() mutable { state->audio_handler = std::move(fn); });
}

void voice_connection::on_speaking(std::function<void(const user_speaking&)> fn) {
  asio::post(impl_->strand, [state = impl_, fn = std::move(fn)]() mutable { state->speaking_handler = std::move(fn); });
}

void voice_connection::on_disconnected(std::function<void(const voice_disconnected&)> fn) {
  asio::post(impl_->strand,
             [state = impl_, fn = std::move(fn)]() mutable { state->disconnected_handler = std::move(fn); });
}

void voice_connection::leave(std::function<void()> done) {
  asio::post(impl_->strand, [state = impl_, done = std::move(done)]() mutable { state->start_leave(std::move(done)); });
}

const media_counters& voice_connection::counters() const noexcept { return impl_->counters; }

const voice_session* voice_connection::session() const noexcept {
  return impl_->session ? &*impl_->session : nullptr;
}

} // namespace parley::client::voice
