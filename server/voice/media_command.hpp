// What the voice gateway tells the SFU about its participants (voice.md §3.4, §10): an SSRC
// handed out in Ready, the transport key chosen by Select Protocol, the op 5 that binds the SSRC,
// mute and deafen, a move to another channel, the end of the session. Values only: the gateway
// core produces them under its lock, the UDP thread applies them in the same order.
#pragma once

#include "proto/voice/encryption_mode.hpp"

#include <array>
#include <cstdint>
#include <variant>

namespace parley::server::voice {

// Ready was sent with this SSRC: IP discovery for it may now be answered.
struct add_participant {
  std::uint32_t ssrc = 0;
  std::uint64_t user_id = 0;
  std::uint64_t channel_id = 0; // the call: everyone in the same voice channel hears each other
  bool mute = false;            // server mute, self mute or stage audience: RTP is not forwarded
  bool deaf = false;            // server or self deafen: nothing is sent to it
};

// Session Description was sent: the participant's mode and key. Also pins the media address
// found by discovery (sfu.hpp).
struct set_transport {
  std::uint32_t ssrc = 0;
  proto::voice::encryption_mode mode = proto::voice::encryption_mode::aead_aes256_gcm_rtpsize;
  std::array<std::uint8_t, proto::voice::secret_key_size> key{};
};

// Op 5 from the client: its SSRC is bound, its RTP may be forwarded (voice.md §10 [rec]).
struct set_speaking {
  std::uint32_t ssrc = 0;
  std::uint32_t flags = 0;
};

struct set_flags {
  std::uint32_t ssrc = 0;
  bool mute = false;
  bool deaf = false;
};

struct move_participant {
  std::uint32_t ssrc = 0;
  std::uint64_t channel_id = 0;
};

struct remove_participant {
  std::uint32_t ssrc = 0;
};

using media_command =
    std::variant<add_participant, set_transport, set_speaking, set_flags, move_participant, remove_participant>;

} // namespace parley::server::voice
