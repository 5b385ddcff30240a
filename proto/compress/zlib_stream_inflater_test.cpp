// Tests of the zlib-stream inflater (gateway.md §1.4, client side): suffix buffering, fragments at
// every offset, limits against bombs and oversized buffers, corrupt data.
#include "proto/compress/zlib_stream_inflater.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/test_payloads.hpp"
#include "proto/compress/zlib_stream_deflater.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::proto::compress {
namespace {

std::vector<std::string> compressed_series(const std::vector<std::string>& payloads, bool trim_sometimes) {
  zlib_stream_deflater deflater;
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    std::string out;
    EXPECT_TRUE(deflater.compress(payloads[i], out));
    messages.push_back(std::move(out));
    if (trim_sometimes && i % 2 == 1) deflater.trim();
  }
  return messages;
}

std::vector<std::string> sample_payloads() {
  auto payloads = test::payload_series(6);
  payloads.insert(payloads.begin() + 2, "");
  payloads.push_back(test::random_bytes(700));  // stored block
  return payloads;
}

TEST(zlib_stream_inflater, one_message_per_payload) {
  const auto payloads = test::payload_series(100);
  const auto messages = compressed_series(payloads, false);
  zlib_stream_inflater inflater;
  std::string payload = "stale";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto r = inflater.feed(messages[i], payload);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(*r, inflate_status::payload);
    ASSERT_EQ(payload, payloads[i]);
    EXPECT_EQ(inflater.buffered_size(), 0u);
  }
  EXPECT_GT(inflater.allocated_bytes(), 0u);
}

TEST(zlib_stream_inflater, every_message_split_at_every_offset_gives_the_same_payloads) {
  for (bool trimmed : {false, true}) {
    const auto payloads = sample_payloads();
    const auto messages = compressed_series(payloads, trimmed);
    for (std::size_t split_message = 0; split_message < messages.size(); ++split_message) {
      const std::string& whole = messages[split_message];
      for (std::size_t offset = 0; offset <= whole.size(); ++offset) {
        zlib_stream_inflater inflater;
        std::string payload;
        for (std::size_t i = 0; i < messages.size(); ++i) {
          if (i != split_message) {
            auto r = inflater.feed(messages[i], payload);
            ASSERT_TRUE(r && *r == inflate_status::payload);
          } else {
            const std::string_view head = std::string_view{whole}.substr(0, offset);
            const std::string_view tail = std::string_view{whole}.substr(offset);
            auto first = inflater.feed(head, payload);
            ASSERT_TRUE(first);
            // Only a head that is the whole message carries the suffix.
            ASSERT_EQ(*first, offset == whole.size() ? inflate_status::payload : inflate_status::need_more)
                << "message " << i << " offset " << offset;
            if (offset != whole.size()) {
              auto second = inflater.feed(tail, payload);
              ASSERT_TRUE(second);
              ASSERT_EQ(*second, inflate_status::payload);
            }
          }
          ASSERT_EQ(payload, payloads[i]) << "message " << i << " split at " << offset;
        }
      }
    }
  }
}

TEST(zlib_stream_inflater, byte_by_byte) {
  const auto payloads = sample_payloads();
  const auto messages = compressed_series(payloads, true);
  zlib_stream_inflater inflater;
  std::string payload;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    for (std::size_t b = 0; b < messages[i].size(); ++b) {
      auto r = inflater.feed(std::string_view{messages[i]}.substr(b, 1), payload);
      ASSERT_TRUE(r);
      ASSERT_EQ(*r, b + 1 == messages[i].size() ? inflate_status::payload : inflate_status::need_more);
    }
    ASSERT_EQ(payload, payloads[i]);
  }
}

TEST(zlib_stream_inflater, decompression_bomb_is_rejected_and_the_stream_stays_failed) {
  zlib_stream_deflater deflater;
  std::string bomb;
  ASSERT_TRUE(deflater.compress(std::string(8u << 20, '\0'), bomb));
  ASSERT_LT(bomb.size(), 64u * 1024);
  zlib_stream_inflater inflater({.max_payload_size = 1u << 20, .max_buffered_size = 1u << 20});
  std::string payload;
  auto r = inflater.feed(bomb, payload);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), compress_errc::payload_too_large);
  EXPECT_LE(payload.capacity(), (1u << 20) * 2 + 64);  // grew no further than the limit allows
  EXPECT_TRUE(inflater.failed());
  std::string ok;
  ASSERT_TRUE(zlib_stream_deflater{}.compress("x", ok));
  EXPECT_EQ(inflater.feed(ok, payload).error(), compress_errc::stream_failed);
}

TEST(zlib_stream_inflater, payload_exactly_at_the_limit_is_accepted) {
  zlib_stream_deflater deflater;
  std::string message;
  ASSERT_TRUE(deflater.compress(std::string(4096, 'a'), message));
  zlib_stream_inflater exact({.max_payload_size = 4096});
  std::string payload;
  auto r = exact.feed(message, payload);
  ASSERT_TRUE(r);
  EXPECT_EQ(payload.size(), 4096u);
  zlib_stream_inflater below({.max_payload_size = 4095});
  EXPECT_EQ(below.feed(message, payload).error(), compress_errc::payload_too_large);
}

TEST(zlib_stream_inflater, buffered_data_without_suffix_is_bounded) {
  zlib_stream_inflater inflater({.max_payload_size = 1u << 20, .max_buffered_size = 1000});
  std::string payload;
  const std::string chunk(300, 'z');
  for (int i = 0; i < 3; ++i) ASSERT_EQ(*inflater.feed(chunk, payload), inflate_status::need_more);
  EXPECT_EQ(inflater.buffered_size(), 900u);
  EXPECT_EQ(inflater.feed(chunk, payload).error(), compress_errc::buffer_limit_exceeded);
  EXPECT_EQ(inflater.buffered_size(), 0u);
  // A single message bigger than the limit is refused too, even with the suffix.
  zlib_stream_inflater small({.max_payload_size = 1u << 20, .max_buffered_size = 10});
  EXPECT_EQ(small.feed(std::string(20, '\0') + std::string("\x00\x00\xff\xff", 4), payload).error(),
            compress_errc::buffer_limit_exceeded);
}

TEST(zlib_stream_inflater, corrupt_input_is_rejected) {
  std::string payload;
  {
    zlib_stream_inflater inflater;  // not a zlib header
    EXPECT_EQ(inflater.feed(std::string("\x12\x34\x00\x00\xff\xff", 6), payload).error(),
              compress_errc::corrupt_data);
  }
  {
    zlib_stream_inflater inflater;  // valid header, then a block of the reserved type 11
    EXPECT_EQ(inflater.feed(std::string("\x78\x9c\x07\x00\x00\xff\xff", 7), payload).error(),
              compress_errc::corrupt_data);
  }
  {
    zlib_stream_inflater inflater;  // header with a preset dictionary (FDICT), never used by Discord
    EXPECT_EQ(inflater.feed(std::string("\x78\xbb\x00\x00\x00\x01\x00\x00\xff\xff", 10), payload).error(),
              compress_errc::corrupt_data);
  }
  {
    // A stored block whose NLEN does not match LEN, after a good first message.
    const auto messages = compressed_series(test::payload_series(2), false);
    zlib_stream_inflater inflater;
    ASSERT_TRUE(inflater.feed(messages[0], payload));
    EXPECT_EQ(inflater.feed(std::string("\x00\x05\x00\x00\x00\x00\x00\xff\xff", 9), payload).error(),
              compress_errc::corrupt_data);
  }
}

TEST(zlib_stream_inflater, dropped_message_breaks_the_stream) {
  // A client that loses one message cannot continue (gateway.md §1.4): back-references or the
  // missing header make the next message undecodable or wrong, never silently right.
  const auto payloads = test::payload_series(3);
  const auto messages = compressed_series(payloads, false);
  zlib_stream_inflater inflater;
  std::string payload;
  auto r = inflater.feed(messages[1], payload);
  EXPECT_TRUE(!r || payload != payloads[1]);
}

TEST(zlib_stream_inflater, moved_inflater_keeps_its_context) {
  const auto payloads = test::payload_series(3);
  const auto messages = compressed_series(payloads, false);
  zlib_stream_inflater inflater;
  std::string payload;
  ASSERT_TRUE(inflater.feed(messages[0], payload));
  ASSERT_EQ(*inflater.feed(std::string_view{messages[1]}.substr(0, 5), payload), inflate_status::need_more);
  zlib_stream_inflater moved = std::move(inflater);
  ASSERT_EQ(*moved.feed(std::string_view{messages[1]}.substr(5), payload), inflate_status::payload);
  EXPECT_EQ(payload, payloads[1]);
}

} // namespace
} // namespace parley::proto::compress
