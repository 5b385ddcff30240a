// Tests of the zstd-stream decompressor (gateway.md §1.5, client side): one payload per message,
// frames continued after a trim, limits against bombs and huge windows, corrupt data.
#include "proto/compress/zstd_stream_decompressor.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/test_payloads.hpp"
#include "proto/compress/zstd_stream_compressor.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::proto::compress {
namespace {

TEST(zstd_stream_decompressor, round_trip_with_trims) {
  zstd_stream_compressor compressor;
  zstd_stream_decompressor decompressor;
  auto payloads = test::payload_series(80);
  payloads.insert(payloads.begin() + 4, "");
  payloads.insert(payloads.begin() + 9, test::random_bytes(200'000));
  std::string message;
  std::string payload = "stale";
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    message.clear();
    ASSERT_TRUE(compressor.compress(payloads[i], message));
    auto r = decompressor.decompress(message, payload);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(payload, payloads[i]) << i;
    if (i % 9 == 5) {
      ASSERT_TRUE(compressor.trim());
    }
  }
}

TEST(zstd_stream_decompressor, message_split_at_every_offset_yields_the_payload_in_two_parts) {
  // The protocol sends one payload per message, but the stream itself must not care where the
  // bytes are cut: the two outputs concatenate to the payload, and the stream carries on.
  zstd_stream_compressor compressor;
  const auto payloads = test::payload_series(3);
  std::vector<std::string> messages(3);
  for (std::size_t i = 0; i < 3; ++i) ASSERT_TRUE(compressor.compress(payloads[i], messages[i]));
  for (std::size_t split = 0; split < 3; ++split) {
    for (std::size_t offset = 0; offset <= messages[split].size(); ++offset) {
      zstd_stream_decompressor decompressor;
      std::string payload;
      for (std::size_t i = 0; i < 3; ++i) {
        if (i != split) {
          ASSERT_TRUE(decompressor.decompress(messages[i], payload));
          ASSERT_EQ(payload, payloads[i]);
          continue;
        }
        std::string joined;
        ASSERT_TRUE(decompressor.decompress(std::string_view{messages[i]}.substr(0, offset), payload));
        joined = payload;
        ASSERT_TRUE(decompressor.decompress(std::string_view{messages[i]}.substr(offset), payload));
        joined += payload;
        ASSERT_EQ(joined, payloads[i]) << "message " << i << " split at " << offset;
      }
    }
  }
}

TEST(zstd_stream_decompressor, decompression_bomb_is_rejected) {
  zstd_stream_compressor compressor;
  std::string bomb;
  ASSERT_TRUE(compressor.compress(std::string(8u << 20, 'a'), bomb));
  ASSERT_LT(bomb.size(), 64u * 1024);
  zstd_stream_decompressor decompressor({.max_payload_size = 1u << 20});
  std::string payload;
  auto r = decompressor.decompress(bomb, payload);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), compress_errc::payload_too_large);
  EXPECT_LE(payload.capacity(), (1u << 20) * 2 + 64);
  EXPECT_EQ(decompressor.decompress(bomb, payload).error(), compress_errc::stream_failed);
}

TEST(zstd_stream_decompressor, payload_exactly_at_the_limit_is_accepted) {
  zstd_stream_compressor compressor;
  std::string message;
  ASSERT_TRUE(compressor.compress(std::string(5000, 'q'), message));
  std::string payload;
  zstd_stream_decompressor exact({.max_payload_size = 5000});
  ASSERT_TRUE(exact.decompress(message, payload));
  EXPECT_EQ(payload, std::string(5000, 'q'));
  zstd_stream_decompressor below({.max_payload_size = 4999});
  EXPECT_EQ(below.decompress(message, payload).error(), compress_errc::payload_too_large);
}

TEST(zstd_stream_decompressor, window_larger_than_allowed_is_rejected) {
  zstd_stream_compressor compressor({.level = 1, .window_log = 24, .hash_log = 10, .chain_log = 10});
  std::string message;
  ASSERT_TRUE(compressor.compress("abc", message));
  zstd_stream_decompressor decompressor({.max_payload_size = 1u << 20, .max_window_log = 20});
  std::string payload;
  EXPECT_EQ(decompressor.decompress(message, payload).error(), compress_errc::window_too_large);
}

TEST(zstd_stream_decompressor, corrupt_input_is_rejected) {
  std::string payload;
  {
    zstd_stream_decompressor decompressor;  // not a zstd frame
    EXPECT_EQ(decompressor.decompress("definitely not zstd", payload).error(), compress_errc::corrupt_data);
  }
  {
    // A good first message, then a block header of the reserved block type 3.
    zstd_stream_compressor compressor;
    std::string first;
    ASSERT_TRUE(compressor.compress(test::payload_series(1)[0], first));
    zstd_stream_decompressor decompressor;
    ASSERT_TRUE(decompressor.decompress(first, payload));
    EXPECT_EQ(decompressor.decompress(std::string("\x06\x00\x00xyz", 6), payload).error(),
              compress_errc::corrupt_data);
  }
  {
    // Bit flips inside compressed blocks: every one is either rejected or decodes to different
    // bytes; none crashes (ASan build) or hangs.
    zstd_stream_compressor compressor;
    std::string message;
    const std::string original = test::payload_series(1)[0];
    ASSERT_TRUE(compressor.compress(original, message));
    std::size_t rejected = 0;
    for (std::size_t i = 4; i < message.size(); ++i) {
      std::string bad = message;
      bad[i] = static_cast<char>(bad[i] ^ 0x5a);
      zstd_stream_decompressor decompressor;
      auto r = decompressor.decompress(bad, payload);
      if (!r) ++rejected;
    }
    EXPECT_GT(rejected, 0u);
  }
}

TEST(zstd_stream_decompressor, empty_message_gives_empty_payload) {
  zstd_stream_decompressor decompressor;
  std::string payload = "x";
  ASSERT_TRUE(decompressor.decompress("", payload));
  EXPECT_EQ(payload, "");
}

} // namespace
} // namespace parley::proto::compress
