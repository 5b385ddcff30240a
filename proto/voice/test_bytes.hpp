// Hex helpers shared by the proto_voice tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::proto::voice::test {

inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

template <class Bytes>
std::string to_hex(const Bytes& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[static_cast<std::uint8_t>(b) >> 4];
    out += digits[static_cast<std::uint8_t>(b) & 15];
  }
  return out;
}

} // namespace parley::proto::voice::test
