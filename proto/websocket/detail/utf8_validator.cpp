// Incremental UTF-8 validation by lead-byte classes (RFC 3629 §4 syntax table).
#include "proto/websocket/detail/utf8_validator.hpp"

#include <cstring>

namespace parley::proto::websocket::detail {

bool utf8_validator::feed(std::span<const std::byte> bytes) noexcept {
  if (failed_) return false;
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p != end) {
    if (remaining_ == 0) {
      // JSON payloads are mostly ASCII: skip eight ASCII bytes per step.
      while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if ((word & 0x8080808080808080ULL) != 0) break;
        p += 8;
      }
      if (p == end) break;
      const std::uint8_t lead = *p++;
      if (lead < 0x80) continue;
      if (lead >= 0xc2 && lead <= 0xdf) {
        remaining_ = 1;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        remaining_ = 2;
        if (lead == 0xe0) low_ = 0xa0;  // overlong 3-byte forms
        if (lead == 0xed) high_ = 0x9f; // UTF-16 surrogates D800..DFFF
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        remaining_ = 3;
        if (lead == 0xf0) low_ = 0x90;  // overlong 4-byte forms
        if (lead == 0xf4) high_ = 0x8f; // above U+10FFFF
      } else {
        failed_ = true; // stray continuation byte, C0/C1 overlong lead, or F5..FF
        return false;
      }
    } else {
      const std::uint8_t byte = *p++;
      if (byte < low_ || byte > high_) {
        failed_ = true;
        return false;
      }
      low_ = 0x80;
      high_ = 0xbf;
      --remaining_;
    }
  }
  return true;
}

bool is_valid_utf8(std::span<const std::byte> bytes) noexcept {
  utf8_validator v;
  return v.feed(bytes) && v.complete();
}

} // namespace parley::proto::websocket::detail
