// Tests of the zstd-stream compressor (gateway.md §1.5): one flushed block set per payload, checked
// against a plain ZSTD_DStream; back-references, trim() across frames, measured context size.
#include "proto/compress/zstd_stream_compressor.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/test_payloads.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include <iostream>
#include <string>
#include <vector>

namespace parley::proto::compress {
namespace {

// One ZSTD_DStream per connection, driven as gateway.md §1.5 tells clients to: push the message in
// and call the streaming decompressor until the input is consumed and no more output comes.
class reference_decompressor {
 public:
  reference_decompressor() : stream_(ZSTD_createDStream()) {}
  ~reference_decompressor() { ZSTD_freeDStream(stream_); }
  reference_decompressor(const reference_decompressor&) = delete;
  reference_decompressor& operator=(const reference_decompressor&) = delete;

  std::string decompress(std::string_view message, std::size_t* frames_ended = nullptr) {
    std::string out;
    ZSTD_inBuffer in{message.data(), message.size(), 0};
    char buffer[16384];
    for (;;) {
      ZSTD_outBuffer o{buffer, sizeof buffer, 0};
      const std::size_t rc = ZSTD_decompressStream(stream_, &o, &in);
      EXPECT_FALSE(ZSTD_isError(rc)) << ZSTD_getErrorName(rc);
      if (ZSTD_isError(rc)) break;
      if (rc == 0 && frames_ended != nullptr) ++*frames_ended;
      out.append(buffer, o.pos);
      if (in.pos == in.size && o.pos < o.size) break;
    }
    return out;
  }

 private:
  ZSTD_DStream* stream_;
};

std::string compress_one(zstd_stream_compressor& compressor, std::string_view payload) {
  std::string out;
  auto r = compressor.compress(payload, out);
  EXPECT_TRUE(r.has_value()) << r.error().message();
  return out;
}

constexpr unsigned char zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};

bool starts_with_magic(const std::string& s) {
  return s.size() >= 4 && std::equal(std::begin(zstd_magic), std::end(zstd_magic), s.begin(),
                                     [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); });
}

TEST(zstd_stream_compressor, many_payloads_round_trip_through_one_dstream) {
  zstd_stream_compressor compressor;
  reference_decompressor decompressor;
  std::vector<std::string> payloads = test::payload_series(200);
  payloads.insert(payloads.begin() + 1, "");
  payloads.insert(payloads.begin() + 2, "");
  payloads.insert(payloads.begin() + 7, test::random_bytes(300'000));
  std::string text;
  while (text.size() < 1'000'000) text += payloads[text.size() % 50 + 20];
  payloads.push_back(text);
  std::size_t frames_ended = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::string out = compress_one(compressor, payloads[i]);
    EXPECT_EQ(starts_with_magic(out), i == 0) << i;  // one frame, never restarted
    ASSERT_EQ(decompressor.decompress(out, &frames_ended), payloads[i]) << i;
  }
  EXPECT_EQ(frames_ended, 0u);  // the frame is never ended in normal operation
}

TEST(zstd_stream_compressor, later_messages_back_reference_earlier_ones) {
  zstd_stream_compressor compressor;
  const std::string payload = test::payload_series(1)[0];
  const std::size_t first = compress_one(compressor, payload).size();
  const std::size_t second = compress_one(compressor, payload).size();
  EXPECT_LT(second * 4, first) << first << " vs " << second;
}

TEST(zstd_stream_compressor, trim_ends_the_frame_and_the_next_message_starts_a_new_one) {
  zstd_stream_compressor compressor;
  reference_decompressor decompressor;
  const auto payloads = test::payload_series(40);
  std::size_t frames_ended = 0;
  std::size_t trims = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::string out = compress_one(compressor, payloads[i]);
    EXPECT_TRUE(compressor.has_state());
    ASSERT_EQ(decompressor.decompress(out, &frames_ended), payloads[i]) << i;
    if (i % 5 == 2) {
      ASSERT_TRUE(compressor.trim());
      ++trims;
      EXPECT_FALSE(compressor.has_state());
      EXPECT_EQ(compressor.allocated_bytes(), 0u);
    }
  }
  EXPECT_EQ(frames_ended, trims);
  // Trim twice, then an empty payload: still one decodable message.
  ASSERT_TRUE(compressor.trim());
  ASSERT_TRUE(compressor.trim());
  const std::string out = compress_one(compressor, "");
  // The previous frame's 3-byte end (an empty last raw block) comes before the new frame; zstd
  // writes the new frame's header with its first data, so here maybe only in the next message.
  ASSERT_GE(out.size(), 3u);
  EXPECT_EQ(out.substr(0, 3), std::string("\x01\x00\x00", 3));
  EXPECT_EQ(decompressor.decompress(out, &frames_ended), "");
  const std::string next = compress_one(compressor, payloads[3]);
  EXPECT_TRUE(starts_with_magic((out + next).substr(3)));
  EXPECT_EQ(decompressor.decompress(next, &frames_ended), payloads[3]);
  EXPECT_EQ(frames_ended, trims + 1);
}

TEST(zstd_stream_compressor, trim_before_any_payload_is_a_no_op) {
  zstd_stream_compressor compressor;
  ASSERT_TRUE(compressor.trim());
  const std::string out = compress_one(compressor, "abc");
  EXPECT_TRUE(starts_with_magic(out));
  reference_decompressor decompressor;
  EXPECT_EQ(decompressor.decompress(out), "abc");
}

TEST(zstd_stream_compressor, context_size_is_measured) {
  zstd_stream_compressor compressor;
  EXPECT_EQ(compressor.allocated_bytes(), 0u);
  compress_one(compressor, test::payload_series(1)[0]);
  const std::size_t live = compressor.allocated_bytes();
  std::cout << "[ zstd compressor ] live context with defaults (level 1, window_log 12, hash/chain 10): "
            << live << " bytes; object itself " << sizeof(zstd_stream_compressor) << " bytes\n";
  EXPECT_GT(live, 20'000u);
  EXPECT_LT(live, 96u * 1024);
  ASSERT_TRUE(compressor.trim());
  EXPECT_EQ(compressor.allocated_bytes(), 0u);

  zstd_stream_compressor zstd_defaults({.level = 3, .window_log = 17, .hash_log = 0, .chain_log = 0});
  compress_one(zstd_defaults, "x");
  std::cout << "[ zstd compressor ] level 3, window_log 17, zstd's tables: " << zstd_defaults.allocated_bytes()
            << " bytes\n";
  EXPECT_GT(zstd_defaults.allocated_bytes(), live * 4);
}

TEST(zstd_stream_compressor, invalid_parameters_are_an_error_not_a_crash) {
  zstd_stream_compressor compressor({.level = 1, .window_log = 99, .hash_log = 10, .chain_log = 10});
  std::string out = "keep";
  auto r = compressor.compress("abc", out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), compress_errc::internal_error);
  EXPECT_EQ(out, "keep");
  EXPECT_EQ(compressor.compress("abc", out).error(), compress_errc::stream_failed);
}

TEST(zstd_stream_compressor, moved_compressor_continues_the_stream) {
  zstd_stream_compressor compressor;
  reference_decompressor decompressor;
  EXPECT_EQ(decompressor.decompress(compress_one(compressor, "one")), "one");
  zstd_stream_compressor moved = std::move(compressor);
  EXPECT_EQ(decompressor.decompress(compress_one(moved, "two")), "two");
}

} // namespace
} // namespace parley::proto::compress
