// Turns Opus frames into encrypted RTP packets for one sender (voice.md §7.3, §8.2-§8.3, §9):
// header 0x80 0x78, sequence +1 and timestamp +960 per 20 ms frame (both wrapping), our SSRC,
// then the transport cipher with a nonce counter that never repeats under one key (§8.6).
#pragma once

#include "proto/base/result.hpp"
#include "proto/voice/transport_cipher.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace parley::client::voice {

inline constexpr std::uint32_t samples_per_frame = 960; // 20 ms at 48 kHz, per channel
inline constexpr std::size_t max_opus_frame_size = 1275; // RFC 6716 §3.2.1
inline constexpr std::size_t max_rtp_packet_size = 12 + max_opus_frame_size + 40;

class rtp_packetizer {
 public:
  rtp_packetizer(std::uint32_t ssrc, std::uint16_t first_sequence, std::uint32_t first_timestamp,
                 std::uint32_t first_nonce) noexcept
      : ssrc_(ssrc), sequence_(first_sequence), timestamp_(first_timestamp), nonce_(first_nonce) {}

  // Writes the encrypted packet carrying `opus` into `out` and advances sequence, timestamp and
  // nonce. Returns its size. Errors: output_too_small and those of transport_cipher::encrypt.
  result<std::size_t> seal(std::span<const std::uint8_t> opus, proto::voice::transport_cipher& cipher,
                           std::span<std::uint8_t> out) noexcept;

  // Moves the timestamp on without sending (a pause between talk spurts: the RTP clock keeps
  // running, so a receiver's timing stays right).
  void skip_samples(std::uint32_t samples) noexcept { timestamp_ += samples; }

  std::uint32_t ssrc() const noexcept { return ssrc_; }
  std::uint16_t sequence() const noexcept { return sequence_; }
  std::uint32_t timestamp() const noexcept { return timestamp_; }
  std::uint32_t nonce() const noexcept { return nonce_; }

 private:
  std::uint32_t ssrc_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_;
  std::uint32_t nonce_;
};

} // namespace parley::client::voice
