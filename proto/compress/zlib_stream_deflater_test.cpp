// Tests of the zlib-stream deflater (gateway.md §1.4): framing, back-references, trim() and memory.
#include "proto/compress/zlib_stream_deflater.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/test_payloads.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <iostream>
#include <string>
#include <vector>

namespace parley::proto::compress {
namespace {

constexpr std::string_view suffix{"\x00\x00\xff\xff", 4};

// A plain zlib inflate context used exactly as a Discord client would (one per connection), so the
// deflater is checked against zlib itself rather than against our own inflater.
class reference_inflater {
 public:
  reference_inflater() { EXPECT_EQ(inflateInit(&strm_), Z_OK); }
  ~reference_inflater() { inflateEnd(&strm_); }
  reference_inflater(const reference_inflater&) = delete;
  reference_inflater& operator=(const reference_inflater&) = delete;

  std::string inflate_message(std::string_view message) {
    std::string out;
    strm_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
    strm_.avail_in = static_cast<uInt>(message.size());
    char buffer[16384];
    do {
      strm_.next_out = reinterpret_cast<Bytef*>(buffer);
      strm_.avail_out = sizeof buffer;
      const int rc = inflate(&strm_, Z_SYNC_FLUSH);
      EXPECT_TRUE(rc == Z_OK || rc == Z_BUF_ERROR) << rc;
      if (rc != Z_OK && rc != Z_BUF_ERROR) break;
      out.append(buffer, sizeof buffer - strm_.avail_out);
    } while (strm_.avail_in != 0 || strm_.avail_out == 0);
    return out;
  }

 private:
  z_stream strm_{};
};

std::string compress_one(zlib_stream_deflater& deflater, std::string_view payload) {
  std::string out;
  auto r = deflater.compress(payload, out);
  EXPECT_TRUE(r.has_value()) << r.error().message();
  return out;
}

TEST(zlib_stream_deflater, first_message_has_zlib_header_and_every_message_ends_with_sync_flush) {
  zlib_stream_deflater deflater;
  const auto payloads = test::payload_series(5);
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::string out = compress_one(deflater, payloads[i]);
    ASSERT_GE(out.size(), 4u);
    EXPECT_TRUE(std::string_view{out}.ends_with(suffix));
    if (i == 0) {
      EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x78);
      // RFC 1950: CMF*256 + FLG is a multiple of 31; CINFO = window_bits - 8.
      // RFC 1950: CMF*256 + FLG is a multiple of 31, and no preset dictionary.
      EXPECT_EQ((static_cast<unsigned char>(out[0]) * 256 + static_cast<unsigned char>(out[1])) % 31, 0);
      EXPECT_EQ(static_cast<unsigned char>(out[1]) & 0x20, 0);
    } else {
      EXPECT_NE(static_cast<unsigned char>(out[0]), 0x78) << "a second zlib header in the stream";
    }
  }
}

TEST(zlib_stream_deflater, appends_to_existing_output) {
  zlib_stream_deflater deflater;
  std::string out = "prefix";
  ASSERT_TRUE(deflater.compress("hello", out));
  EXPECT_TRUE(out.starts_with("prefix"));
  reference_inflater inflater;
  EXPECT_EQ(inflater.inflate_message(std::string_view{out}.substr(6)), "hello");
}

TEST(zlib_stream_deflater, many_payloads_round_trip_through_one_inflate_context) {
  zlib_stream_deflater deflater;
  reference_inflater inflater;
  std::vector<std::string> payloads = test::payload_series(200);
  payloads.insert(payloads.begin() + 3, "");
  payloads.insert(payloads.begin() + 4, "");  // two empty payloads in a row
  payloads.insert(payloads.begin() + 10, test::random_bytes(300'000));
  std::string text;
  while (text.size() < 1'000'000) text += payloads[text.size() % 50 + 20];
  payloads.push_back(text);
  payloads.push_back("");
  for (const auto& payload : payloads) {
    const std::string out = compress_one(deflater, payload);
    ASSERT_TRUE(std::string_view{out}.ends_with(suffix));
    ASSERT_EQ(inflater.inflate_message(out), payload);
  }
}

TEST(zlib_stream_deflater, empty_first_payload) {
  zlib_stream_deflater deflater;
  reference_inflater inflater;
  const std::string out = compress_one(deflater, "");
  EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x78);
  EXPECT_TRUE(std::string_view{out}.ends_with(suffix));
  EXPECT_EQ(inflater.inflate_message(out), "");
  EXPECT_EQ(inflater.inflate_message(compress_one(deflater, "after")), "after");
}

TEST(zlib_stream_deflater, later_messages_back_reference_earlier_ones) {
  zlib_stream_deflater deflater;
  const std::string payload = test::payload_series(1)[0];
  const std::size_t first = compress_one(deflater, payload).size();
  const std::size_t second = compress_one(deflater, payload).size();
  // The repeat is a handful of back-references: far smaller than a standalone compression.
  EXPECT_LT(second * 4, first) << first << " vs " << second;
}

TEST(zlib_stream_deflater, trim_frees_state_and_stream_stays_decodable_by_one_context) {
  zlib_stream_deflater deflater;
  reference_inflater inflater;
  const auto payloads = test::payload_series(60);
  EXPECT_EQ(deflater.allocated_bytes(), 0u);  // nothing before the first payload
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::string out = compress_one(deflater, payloads[i]);
    EXPECT_TRUE(deflater.has_state());
    if (i > 0) {
      EXPECT_NE(static_cast<unsigned char>(out[0]), 0x78) << i;
    }
    ASSERT_EQ(inflater.inflate_message(out), payloads[i]) << i;
    if (i % 7 == 3) {
      deflater.trim();
      EXPECT_FALSE(deflater.has_state());
      EXPECT_EQ(deflater.allocated_bytes(), 0u);
    }
  }
  // An empty payload straight after a trim is still a valid sync-flushed message.
  deflater.trim();
  EXPECT_EQ(inflater.inflate_message(compress_one(deflater, "")), "");
  deflater.trim();
  deflater.trim();  // idempotent
  EXPECT_EQ(inflater.inflate_message(compress_one(deflater, payloads[0])), payloads[0]);
}

TEST(zlib_stream_deflater, trim_forgets_history) {
  const std::string payload = test::payload_series(1)[0];
  zlib_stream_deflater kept;
  zlib_stream_deflater trimmed;
  compress_one(kept, payload);
  compress_one(trimmed, payload);
  trimmed.trim();
  const std::size_t with_history = compress_one(kept, payload).size();
  const std::size_t after_trim = compress_one(trimmed, payload).size();
  EXPECT_LT(with_history * 4, after_trim);
}

TEST(zlib_stream_deflater, idle_memory_with_default_parameters_fits_the_budget) {
  zlib_stream_deflater deflater;
  compress_one(deflater, test::payload_series(1)[0]);
  const std::size_t live = deflater.allocated_bytes();
  std::cout << "[ zlib deflater ] live state with defaults (window_bits 12, mem_level 4): " << live
            << " bytes; object itself " << sizeof(zlib_stream_deflater) << " bytes\n";
  EXPECT_GT(live, 20'000u);  // the figure is real: zlib's buffers are counted
  EXPECT_LE(live, 32u * 1024);
  deflater.trim();
  EXPECT_EQ(deflater.allocated_bytes(), 0u);

  zlib_stream_deflater large({.window_bits = 15, .mem_level = 8});
  compress_one(large, "x");
  std::cout << "[ zlib deflater ] live state with window_bits 15, mem_level 8: " << large.allocated_bytes()
            << " bytes\n";
  EXPECT_GT(large.allocated_bytes(), 256u * 1024);
}

TEST(zlib_stream_deflater, header_is_78_whatever_the_window) {
  for (int window_bits : {9, 12, 15}) {
    zlib_stream_deflater deflater({.window_bits = window_bits, .mem_level = 8, .level = 9});
    const std::string payload = test::payload_series(3)[2] + test::payload_series(3)[1];
    const std::string out = compress_one(deflater, payload);
    EXPECT_EQ(out.substr(0, 2), "\x78\x9c");
    reference_inflater inflater;
    EXPECT_EQ(inflater.inflate_message(out), payload);
  }
}

TEST(zlib_stream_deflater, inflater_with_the_smallest_window_decodes_the_default_stream) {
  // The header claims 32 KiB, but distances never exceed 2^window_bits: an inflater given only
  // a 4 KiB window (raw inflate after skipping the header) decodes the whole stream.
  zlib_stream_deflater deflater;
  z_stream strm{};
  ASSERT_EQ(inflateInit2(&strm, -12), Z_OK);
  std::string text;
  while (text.size() < 200'000) text += test::payload_series(40)[text.size() % 40];
  std::string out = compress_one(deflater, text);
  std::string decoded(text.size() + 16, '\0');
  strm.next_in = reinterpret_cast<Bytef*>(out.data() + 2);
  strm.avail_in = static_cast<uInt>(out.size() - 2);
  strm.next_out = reinterpret_cast<Bytef*>(decoded.data());
  strm.avail_out = static_cast<uInt>(decoded.size());
  EXPECT_EQ(inflate(&strm, Z_SYNC_FLUSH), Z_OK);
  decoded.resize(decoded.size() - strm.avail_out);
  inflateEnd(&strm);
  EXPECT_EQ(decoded, text);
}

TEST(zlib_stream_deflater, moved_deflater_continues_the_stream) {
  zlib_stream_deflater deflater;
  reference_inflater inflater;
  EXPECT_EQ(inflater.inflate_message(compress_one(deflater, "one")), "one");
  zlib_stream_deflater moved = std::move(deflater);
  EXPECT_EQ(inflater.inflate_message(compress_one(moved, "two")), "two");
}

} // namespace
} // namespace parley::proto::compress
