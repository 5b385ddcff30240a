// Incremental UTF-8 validator (RFC 3629 §4, as required of text frames and close reasons by
// RFC 6455 §5.6, §8.1). It fails at the first byte that cannot continue a well-formed sequence
// (overlongs, surrogates and code points above U+10FFFF included), so a bad text message is
// rejected without waiting for the rest of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace parley::proto::websocket::detail {

class utf8_validator {
 public:
  // Validates the next bytes of the text. Returns false as soon as the text so far can no longer
  // be the prefix of valid UTF-8; the validator then stays failed until reset().
  bool feed(std::span<const std::byte> bytes) noexcept;

  // True if the text fed so far ends on a character boundary (and never failed).
  bool complete() const noexcept { return remaining_ == 0 && !failed_; }

  void reset() noexcept { *this = utf8_validator{}; }

 private:
  std::uint8_t remaining_ = 0; // continuation bytes still expected for the current character
  std::uint8_t low_ = 0x80;    // allowed range of the next continuation byte; narrower than
  std::uint8_t high_ = 0xbf;   // 80..BF only right after E0, ED, F0 and F4
  bool failed_ = false;
};

// Whole-buffer check, for close reasons and sends.
bool is_valid_utf8(std::span<const std::byte> bytes) noexcept;

} // namespace parley::proto::websocket::detail
