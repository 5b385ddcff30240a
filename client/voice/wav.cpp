// The WAV reader and header writer (wav.hpp).
#include "client/voice/wav.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace parley::client::voice {
namespace {

std::uint16_t le16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
bool is_id(const std::uint8_t* p, const char (&id)[5]) noexcept { return std::memcmp(p, id, 4) == 0; }

constexpr std::uint16_t format_pcm = 1;
constexpr std::uint16_t format_extensible = 0xFFFE;

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.wav"; }
  std::string message(int value) const override {
    switch (static_cast<wav_errc>(value)) {
      case wav_errc::not_riff: return "not a RIFF/WAVE file";
      case wav_errc::bad_chunk: return "malformed WAV chunk";
      case wav_errc::not_pcm16: return "not 16-bit PCM";
      case wav_errc::bad_format: return "bad WAV format chunk";
      case wav_errc::missing_format: return "WAV data before its format chunk";
      case wav_errc::truncated: return "WAV file ends before its data";
    }
    return "unknown WAV error";
  }
};

} // namespace

const boost::system::error_category& wav_category() noexcept {
  static const category instance;
  return instance;
}

result<void> wav_reader::fail(wav_errc e) {
  stage_ = stage::failed;
  error_ = e;
  pending_ = {};
  return error_;
}

result<void> wav_reader::feed(std::span<const std::uint8_t> bytes) {
  while (!bytes.empty()) {
    switch (stage_) {
      case stage::failed: return error_;
      case stage::done: return {};
      case stage::riff:
      case stage::chunk_header:
      case stage::chunk_body: {
        const std::size_t n = std::min(want_ - pending_.size(), bytes.size());
        pending_.insert(pending_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        bytes = bytes.subspan(n);
        if (pending_.size() < want_) break;
        result<void> step;
        if (stage_ == stage::riff) {
          if (!is_id(pending_.data(), "RIFF") || !is_id(pending_.data() + 8, "WAVE")) return fail(wav_errc::not_riff);
          stage_ = stage::chunk_header;
          want_ = 8;
        } else if (stage_ == stage::chunk_header) {
          step = on_chunk_header();
        } else {
          step = on_format_chunk();
        }
        if (!step) return step;
        pending_.clear();
        break;
      }
      case stage::skip: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, bytes.size()));
        bytes = bytes.subspan(n);
        skip_ -= n;
        if (skip_ == 0) {
          stage_ = stage::chunk_header;
          want_ = 8;
        }
        break;
      }
      case stage::data: {
        std::size_t n = bytes.size();
        if (!data_unbounded_) n = static_cast<std::size_t>(std::min<std::uint64_t>(data_left_, n));
        auto part = bytes.first(n);
        bytes = bytes.subspan(n);
        data_left_ -= data_unbounded_ ? 0 : n;
        samples_.reserve(samples_.size() + (n + 1) / 2);
        std::size_t i = 0;
        if (odd_byte_ && !part.empty()) {
          samples_.push_back(static_cast<std::int16_t>(*odd_byte_ | part[0] << 8));
          odd_byte_.reset();
          i = 1;
        }
        for (; i + 1 < part.size(); i += 2) samples_.push_back(static_cast<std::int16_t>(le16(&part[i])));
        if (i < part.size()) odd_byte_ = part[i];
        if (!data_unbounded_ && data_left_ == 0) stage_ = stage::done;
        break;
      }
    }
  }
  return stage_ == stage::failed ? result<void>(error_) : result<void>();
}

result<void> wav_reader::on_chunk_header() {
  const std::uint32_t size = le32(pending_.data() + 4);
  if (is_id(pending_.data(), "fmt ")) {
    if (size < 16 || size > max_format_chunk || format_) return fail(wav_errc::bad_chunk);
    stage_ = stage::chunk_body;
    want_ = size + (size & 1u); // chunks are padded to an even size
    return {};
  }
  if (is_id(pending_.data(), "data")) {
    if (!format_) return fail(wav_errc::missing_format);
    data_unbounded_ = size == 0 || size == 0xFFFFFFFFu;
    data_left_ = size;
    stage_ = stage::data;
    return {};
  }
  skip_ = std::uint64_t{size} + (size & 1u);
  stage_ = skip_ == 0 ? stage::chunk_header : stage::skip;
  want_ = 8;
  return {};
}

result<void> wav_reader::on_format_chunk() {
  const std::uint8_t* p = pending_.data();
  std::uint16_t tag = le16(p);
  const std::uint16_t channels = le16(p + 2);
  const std::uint32_t rate = le32(p + 4);
  const std::uint16_t block_align = le16(p + 12);
  const std::uint16_t bits = le16(p + 14);
  if (tag == format_extensible) {
    // WAVE_FORMAT_EXTENSIBLE: cbSize, valid bits, channel mask, then the subformat GUID whose
    // first two bytes are the format tag.
    if (pending_.size() < 40) return fail(wav_errc::bad_chunk);
    tag = le16(p + 24);
  }
  if (tag != format_pcm || bits != 16) return fail(wav_errc::not_pcm16);
  if (channels == 0 || channels > 8 || rate == 0 || block_align != channels * 2u) return fail(wav_errc::bad_format);
  format_ = wav_format{channels, rate};
  stage_ = stage::chunk_header;
  want_ = 8;
  return {};
}

result<void> wav_reader::finish() const {
  if (stage_ == stage::failed) return error_;
  if (stage_ != stage::data && stage_ != stage::done) return wav_errc::truncated;
  return {};
}

void wav_reader::take_samples(std::vector<std::int16_t>& out) {
  out.insert(out.end(), samples_.begin(), samples_.end());
  samples_.clear();
}

std::array<std::uint8_t, 44> wav_header(wav_format format, std::uint32_t data_bytes) noexcept {
  std::array<std::uint8_t, 44> h{};
  auto put16 = [&](std::size_t at, std::uint32_t v) {
    h[at] = static_cast<std::uint8_t>(v);
    h[at + 1] = static_cast<std::uint8_t>(v >> 8);
  };
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    put16(at, v & 0xFFFFu);
    put16(at + 2, v >> 16);
  };
  auto put_id = [&](std::size_t at, const char* id) { std::memcpy(h.data() + at, id, 4); };
  const std::uint32_t block_align = format.channels * 2u;
  put_id(0, "RIFF");
  put32(4, 36u + data_bytes);
  put_id(8, "WAVE");
  put_id(12, "fmt ");
  put32(16, 16);
  put16(20, format_pcm);
  put16(22, format.channels);
  put32(24, format.sample_rate);
  put32(28, format.sample_rate * block_align);
  put16(32, block_align);
  put16(34, 16);
  put_id(36, "data");
  put32(40, data_bytes);
  return h;
}

} // namespace parley::client::voice
