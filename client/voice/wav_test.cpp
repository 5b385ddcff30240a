// The WAV reader: a file split at every offset reads the same, chunks are skipped, padding and
// streamed sizes are handled, and malformed headers are named errors; the header writer round-trips.
#include "client/voice/wav.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::client::voice {
namespace {

void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
void put16(std::vector<std::uint8_t>& v, std::uint16_t x) {
  v.push_back(static_cast<std::uint8_t>(x));
  v.push_back(static_cast<std::uint8_t>(x >> 8));
}
void put_id(std::vector<std::uint8_t>& v, const char* id) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(id[i]));
}

// RIFF, a LIST chunk of odd size (padded), fmt (18 bytes, with cbSize), data, then a trailing chunk.
std::vector<std::uint8_t> sample_file(const std::vector<std::int16_t>& samples, std::uint16_t channels = 2) {
  std::vector<std::uint8_t> v;
  put_id(v, "RIFF");
  put32(v, 0); // readers do not rely on it
  put_id(v, "WAVE");
  put_id(v, "LIST");
  put32(v, 5);
  v.insert(v.end(), {'a', 'b', 'c', 'd', 'e', 0});
  put_id(v, "fmt ");
  put32(v, 18);
  put16(v, 1);
  put16(v, channels);
  put32(v, 48000);
  put32(v, 48000 * 2 * channels);
  put16(v, static_cast<std::uint16_t>(2 * channels));
  put16(v, 16);
  put16(v, 0);
  put_id(v, "data");
  put32(v, static_cast<std::uint32_t>(samples.size() * 2));
  for (auto s : samples) put16(v, static_cast<std::uint16_t>(s));
  put_id(v, "junk");
  put32(v, 2);
  put16(v, 0x7777);
  return v;
}

struct read_out {
  error_code error;
  std::optional<wav_format> format;
  std::vector<std::int16_t> samples;
};

read_out read_in_parts(const std::vector<std::uint8_t>& file, std::vector<std::size_t> cuts) {
  wav_reader reader;
  read_out out;
  std::size_t at = 0;
  cuts.push_back(file.size());
  for (auto cut : cuts) {
    auto fed = reader.feed(std::span(file).subspan(at, cut - at));
    at = cut;
    if (!fed) {
      out.error = fed.error();
      break;
    }
    reader.take_samples(out.samples);
  }
  if (!out.error) {
    if (auto done = reader.finish(); !done) out.error = done.error();
  }
  out.format = reader.format();
  return out;
}

const std::vector<std::int16_t> samples{0, 1, -1, 32767, -32768, 1234, -4321, 7};

TEST(WavReader, ReadsAFile) {
  auto got = read_in_parts(sample_file(samples), {});
  EXPECT_FALSE(got.error) << got.error.message();
  EXPECT_EQ(got.format, (wav_format{2, 48000}));
  EXPECT_EQ(got.samples, samples); // the trailing chunk is not read as samples
}

TEST(WavReader, SplitAtEveryOffsetReadsTheSame) {
  const auto file = sample_file(samples);
  for (std::size_t a = 0; a <= file.size(); ++a) {
    auto got = read_in_parts(file, {a});
    ASSERT_FALSE(got.error) << a;
    ASSERT_EQ(got.samples, samples) << a;
    ASSERT_EQ(got.format, (wav_format{2, 48000})) << a;
  }
  // And byte by byte.
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < file.size(); ++i) every.push_back(i);
  EXPECT_EQ(read_in_parts(file, every).samples, samples);
}

TEST(WavReader, StreamedDataRunsToTheEnd) {
  auto file = sample_file(samples);
  for (int i = 0; i < 10; ++i) file.pop_back(); // drop the trailing chunk
  // data size 0xFFFFFFFF: what a pipe writer puts there.
  const std::size_t data_size_at = file.size() - samples.size() * 2 - 4;
  for (int i = 0; i < 4; ++i) file[data_size_at + i] = 0xFF;
  file.push_back(0x10);
  file.push_back(0x00); // one more sample
  auto got = read_in_parts(file, {data_size_at + 5});
  ASSERT_FALSE(got.error);
  auto expected = samples;
  expected.push_back(16);
  EXPECT_EQ(got.samples, expected);
}

TEST(WavReader, Errors) {
  auto file = sample_file(samples);
  auto with = [&](std::size_t at, std::uint8_t value) {
    auto copy = file;
    copy[at] = value;
    return read_in_parts(copy, {}).error;
  };
  const std::size_t fmt = 12 + 8 + 6 + 8; // the fmt chunk body
  EXPECT_EQ(with(0, 'X'), make_error_code(wav_errc::not_riff));
  EXPECT_EQ(with(8, 'X'), make_error_code(wav_errc::not_riff));
  EXPECT_EQ(with(fmt, 3), make_error_code(wav_errc::not_pcm16));      // IEEE float
  EXPECT_EQ(with(fmt + 14, 8), make_error_code(wav_errc::not_pcm16)); // 8 bits
  EXPECT_EQ(with(fmt + 2, 0), make_error_code(wav_errc::bad_format)); // 0 channels
  EXPECT_EQ(with(fmt + 12, 3), make_error_code(wav_errc::bad_format)); // block align
  EXPECT_EQ(with(fmt - 3, 0x10), make_error_code(wav_errc::bad_chunk)); // fmt size 4114 > 1024
}

TEST(WavReader, OversizedFormatChunkAndMissingFormat) {
  std::vector<std::uint8_t> v;
  put_id(v, "RIFF");
  put32(v, 0);
  put_id(v, "WAVE");
  auto big = v;
  put_id(big, "fmt ");
  put32(big, 1u << 30);
  EXPECT_EQ(read_in_parts(big, {}).error, make_error_code(wav_errc::bad_chunk));
  auto early = v;
  put_id(early, "data");
  put32(early, 4);
  EXPECT_EQ(read_in_parts(early, {}).error, make_error_code(wav_errc::missing_format));
  EXPECT_EQ(read_in_parts(v, {}).error, make_error_code(wav_errc::truncated));
}

TEST(WavHeader, RoundTripsThroughTheReader) {
  std::vector<std::uint8_t> file;
  auto header = wav_header({1, 48000}, 6);
  file.insert(file.end(), header.begin(), header.end());
  for (std::int16_t s : {100, -100, 5}) put16(file, static_cast<std::uint16_t>(s));
  EXPECT_EQ(file[4], 36 + 6);
  auto got = read_in_parts(file, {});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.format, (wav_format{1, 48000}));
  EXPECT_EQ(got.samples, (std::vector<std::int16_t>{100, -100, 5}));
}

} // namespace
} // namespace parley::client::voice
