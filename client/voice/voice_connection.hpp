// The SDK's voice client over Asio (issue 7 item 4; voice.md §2-§10, clients.md §7): joins a voice
// channel through a running parley::client::client (op 4, then its own VOICE_STATE_UPDATE and the
// VOICE_SERVER_UPDATE), opens ws(s)://{endpoint}/?v=8 and a UDP socket, and drives the sans-I/O
// voice_session with them. Sends Opus (encoded from PCM or given) as encrypted RTP paced by the
// clock; receives RTP, decrypts it, orders it per SSRC in a jitter buffer, decodes it and hands
// PCM per user id to a callback.
//
//   parley::client::client bot(io.get_executor(), options);
//   auto voice = parley::client::voice::voice_connection::create(bot);
//   bot.on<parley::client::ready>([&](auto&) {
//     voice->join(guild, channel, [&](parley::error_code ec) { if (!ec) voice->send_audio_raw(pcm); });
//   });
//   voice->when_played([&] { voice->leave([&] { bot.stop(); }); });
//
// Threading: everything runs on the client's strand (client::get_executor()). Every public member
// may be called from any thread: calls are posted to the strand (in call order). Callbacks run on
// the strand and must not block.
//
// Lifetime: the handlers registered on the client hold only weak references to the connection's
// state, and its coroutines keep that state alive while they run; destroying the voice_connection
// closes its sockets (without the op 4 leave: call leave() for that). The client must outlive it.
#pragma once

#include "client/voice/voice_session.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace parley::client {
class client;
}

namespace parley::client::voice {

struct voice_options {
  // wss:// for the voice gateway; nullopt: wss exactly when the main gateway URL is wss.
  std::optional<bool> tls{};
  bool self_mute = false;
  bool self_deaf = false; // a deafened member receives no audio (voice.md §10)
  // Both dispatches of the join, and then Session Description, must arrive within this.
  std::chrono::milliseconds join_timeout{10000};
  std::vector<encryption_mode> modes{encryption_mode::aead_aes256_gcm_rtpsize,
                                     encryption_mode::aead_xchacha20_poly1305_rtpsize};
  int bitrate = 64000;
  std::size_t jitter_depth = 3; // frames waited for a missing one before concealing it
  int max_resume_attempts = 5;
};

// Decoded audio of one speaker: 48 kHz stereo interleaved int16 (a 20 ms frame, or more when
// the sender used longer Opus frames). `pcm` is valid during the callback only.
struct user_audio {
  std::uint64_t user_id = 0;
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  bool concealed = false; // packet-loss concealment for a frame that never came
  std::span<const std::int16_t> pcm;
};

struct user_speaking {
  std::uint64_t user_id = 0;
  std::uint32_t ssrc = 0;
  std::uint32_t flags = 0; // 0: stopped speaking
};

// The voice connection ended for good: leave(), a close after which a client must not reconnect
// (4014 kicked or moved, 4021, 4022, 4006), or the resume attempts ran out.
struct voice_disconnected {
  error_code error;
  std::uint16_t close_code = 0;
};

struct media_counters {
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t packets_dropped = 0;    // unauthentic, malformed, unknown SSRC, late or duplicate
  std::uint64_t frames_concealed = 0;
  std::uint64_t resumes = 0;            // voice WebSocket drops survived with op 7 Resume
};

class voice_connection {
 public:
  static std::shared_ptr<voice_connection> create(client& gateway, voice_options options = {});
  ~voice_connection();

  // Joins `channel_id` of `guild_id` and connects; `done` runs once, with no error when media may
  // flow (Session Description received), else join_timeout, no_endpoint, a refused op 4 (the
  // client's error), a connect error or the close that ended the attempt. Call once.
  void join(std::uint64_t guild_id, std::uint64_t channel_id, std::function<void(error_code)> done);

  // Queues 48 kHz stereo interleaved s16 samples; they go out as 20 ms Opus frames paced by the
  // clock, after op 5 Speaking, followed by five silence frames when the queue runs dry. A last
  // partial frame is padded with silence.
  void send_audio_raw(std::vector<std::int16_t> pcm);
  // Queues ready-made Opus frames of 20 ms each (48 kHz stereo), sent like send_audio_raw's.
  void send_audio_opus(std::vector<std::vector<std::uint8_t>> frames);
  // `fn` runs once everything queued so far has been sent (after the silence frames).
  void when_played(std::function<void()> fn);

  void on_audio(std::function<void(const user_audio&)> fn);
  void on_speaking(std::function<void(const user_speaking&)> fn);
  void on_disconnected(std::function<void(const voice_disconnected&)> fn);

  // Leaves the channel (op 4 with channel null), closes the voice socket with 1000 and the UDP
  // socket; `done` runs when all is closed.
  void leave(std::function<void()> done = {});

  // On the strand only (e.g. inside a callback).
  const media_counters& counters() const noexcept;
  const voice_session* session() const noexcept;

  struct impl; // the state shared with the coroutines (voice_connection.cpp)
  explicit voice_connection(std::shared_ptr<impl> state) noexcept : impl_(std::move(state)) {}

 private:
  std::shared_ptr<impl> impl_;
};

} // namespace parley::client::voice
