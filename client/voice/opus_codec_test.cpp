// libopus round trip: a 440 Hz tone survives encoding and decoding (the frequency measured by
// zero crossings), the silence frame decodes to silence, and concealment yields one frame.
#include "client/voice/opus_codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace parley::client::voice {
namespace {

TEST(OpusCodec, ToneRoundTrip) {
  auto encoder = opus_encoder::create();
  auto decoder = opus_decoder::create();
  ASSERT_TRUE(encoder && decoder);
  std::vector<std::int16_t> decoded;
  std::size_t n = 0;
  for (int f = 0; f < 50; ++f) {
    std::array<std::int16_t, frame_values> pcm{};
    for (std::size_t i = 0; i < frame_samples; ++i, ++n) {
      auto v = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * 440.0 * double(n) / sample_rate));
      pcm[2 * i] = pcm[2 * i + 1] = v;
    }
    std::array<std::uint8_t, 1275> packet{};
    auto size = encoder->encode(pcm, packet);
    ASSERT_TRUE(size);
    ASSERT_GT(*size, 3u);
    std::array<std::int16_t, frame_values * 6> out{};
    auto samples = decoder->decode(std::span(packet).first(*size), out);
    ASSERT_TRUE(samples);
    ASSERT_EQ(*samples, frame_samples);
    decoded.insert(decoded.end(), out.begin(), out.begin() + frame_values);
  }
  // Rising zero crossings of the left channel over the last 0.5 s: 220 for 440 Hz.
  int crossings = 0;
  const std::size_t from = decoded.size() / 2;
  for (std::size_t i = from + 2; i < decoded.size(); i += 2) {
    if (decoded[i - 2] < 0 && decoded[i] >= 0) ++crossings;
  }
  EXPECT_NEAR(crossings, 220, 3);
}

TEST(OpusCodec, SilenceFrameAndConcealment) {
  auto decoder = opus_decoder::create();
  ASSERT_TRUE(decoder);
  std::array<std::int16_t, frame_values * 6> out{};
  out.fill(123);
  auto samples = decoder->decode(silence_frame, out);
  ASSERT_TRUE(samples);
  EXPECT_EQ(*samples, frame_samples);
  for (std::size_t i = 0; i < frame_values; ++i) ASSERT_EQ(out[i], 0) << i;
  samples = decoder->decode({}, out);
  ASSERT_TRUE(samples);
  EXPECT_EQ(*samples, frame_samples);
}

TEST(OpusCodec, CorruptFrameIsAnError) {
  auto decoder = opus_decoder::create();
  std::array<std::int16_t, frame_values * 6> out{};
  const std::array<std::uint8_t, 2> bad{0xFF, 0xFF}; // code 3 without its frame count byte
  EXPECT_FALSE(decoder->decode(bad, out));
}

} // namespace
} // namespace parley::client::voice
