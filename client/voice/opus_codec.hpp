// libopus encoder and decoder for Discord voice audio (voice.md §9): 48 kHz, stereo, 20 ms frames
// of 960 samples per channel, interleaved signed 16-bit PCM. RAII owners of the libopus states;
// move-only. Not thread-safe: one per sender / per received SSRC.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

struct OpusEncoder;
struct OpusDecoder;

namespace parley::client::voice {

inline constexpr int sample_rate = 48000;
inline constexpr int channel_count = 2;
inline constexpr std::size_t frame_samples = 960;                       // per channel, 20 ms
inline constexpr std::size_t frame_values = frame_samples * channel_count; // interleaved int16s
// The 3-byte Opus frame of silence senders end a talk spurt with (voice.md §9).
inline constexpr std::uint8_t silence_frame[3] = {0xF8, 0xFF, 0xFE};

class opus_encoder {
 public:
  // Application "audio", FEC on with 15 % expected loss, as discord.py. Error: codec_error.
  static result<opus_encoder> create(int bitrate = 64000);
  // Encodes one frame (frame_values samples) into `out`; returns the frame's size in bytes.
  // Error: codec_error.
  result<std::size_t> encode(std::span<const std::int16_t, frame_values> pcm, std::span<std::uint8_t> out);

 private:
  struct deleter {
    void operator()(OpusEncoder* encoder) const noexcept;
  };
  std::unique_ptr<OpusEncoder, deleter> state_;
};

class opus_decoder {
 public:
  static result<opus_decoder> create();
  // Decodes one Opus frame into `pcm` (interleaved stereo, room for at least frame_values; a
  // packet of up to 120 ms needs 6 × as much); an empty `frame` asks for packet-loss concealment
  // of one 20 ms frame. Returns samples per channel. Error: codec_error (a corrupt frame).
  result<std::size_t> decode(std::span<const std::uint8_t> frame, std::span<std::int16_t> pcm);

 private:
  struct deleter {
    void operator()(OpusDecoder* decoder) const noexcept;
  };
  std::unique_ptr<OpusDecoder, deleter> state_;
};

} // namespace parley::client::voice
