// WAV files of 16-bit PCM (RIFF/WAVE, the "fmt " and "data" chunks; Microsoft's RIFF spec and
// RFC 2361) for the voice tool: an incremental reader of untrusted bytes (any split, bounded
// memory) and the 44-byte header of a file we write.
#pragma once

#include "proto/base/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <boost/system/error_code.hpp>

namespace parley::client::voice {

enum class wav_errc {
  not_riff = 1,       // does not start with "RIFF" … "WAVE"
  bad_chunk,          // a chunk before "data" is too large, or "fmt " is too short
  not_pcm16,          // format is not PCM (1, or extensible with the PCM subformat), or not 16 bits
  bad_format,         // 0 or more than 8 channels, sample rate 0, or block align ≠ channels × 2
  missing_format,     // "data" came before "fmt "
  truncated,          // finish() before the header was complete
};

const boost::system::error_category& wav_category() noexcept;
inline boost::system::error_code make_error_code(wav_errc e) noexcept { return {static_cast<int>(e), wav_category()}; }

struct wav_format {
  std::uint16_t channels = 0;
  std::uint32_t sample_rate = 0;
  friend bool operator==(const wav_format&, const wav_format&) = default;
};

class wav_reader {
 public:
  // Chunks before "data" larger than this (other than skipped ones) are refused.
  static constexpr std::size_t max_format_chunk = 1024;

  // Feeds the next bytes of the file. Samples found go to take_samples(). After an error every
  // call returns it again. A data chunk whose size is 0 or 0xFFFFFFFF (a streamed file) runs to
  // the end of the input; bytes after a sized data chunk are ignored.
  result<void> feed(std::span<const std::uint8_t> bytes);
  // The end of the input. Error: truncated when no data chunk began.
  result<void> finish() const;

  // The format, once the "fmt " chunk was read.
  const std::optional<wav_format>& format() const noexcept { return format_; }
  // Appends the complete samples read so far (little-endian int16, interleaved) and forgets them.
  void take_samples(std::vector<std::int16_t>& out);

 private:
  enum class stage { riff, chunk_header, chunk_body, skip, data, done, failed };
  result<void> fail(wav_errc e);
  result<void> on_chunk_header();
  result<void> on_format_chunk();

  stage stage_ = stage::riff;
  error_code error_;
  std::vector<std::uint8_t> pending_; // header bytes being collected (at most max_format_chunk)
  std::size_t want_ = 12;             // bytes pending_ must reach in riff/chunk_header/chunk_body
  std::uint64_t skip_ = 0;            // bytes of an unknown chunk still to skip
  std::uint64_t data_left_ = 0;       // bytes of the data chunk still to read
  bool data_unbounded_ = false;
  std::optional<std::uint8_t> odd_byte_; // the low half of a sample split across feeds
  std::optional<wav_format> format_;
  std::vector<std::int16_t> samples_;
};

// The 44-byte header of a PCM16 file with `data_bytes` of samples.
std::array<std::uint8_t, 44> wav_header(wav_format format, std::uint32_t data_bytes) noexcept;

} // namespace parley::client::voice

template <>
struct boost::system::is_error_code_enum<parley::client::voice::wav_errc> : std::true_type {};
