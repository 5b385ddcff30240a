// Single byte-range parsing (RFC 9110 §14.1.2 ranges-specifier, §14.2 Range).
#include "server/files/byte_range.hpp"

#include <charconv>
#include <cstdint>

namespace parley::server::files {
namespace {

using kind = byte_range_request::kind;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view digits, std::uint64_t& out) noexcept {
  if (digits.empty()) return false;
  for (const char c : digits)
    if (c < '0' || c > '9') return false;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec == std::errc::result_out_of_range) {  // still a valid position, past any file's end
    out = UINT64_MAX;
    return true;
  }
  return ec == std::errc{} && end == digits.data() + digits.size();
}

} // namespace

byte_range_request parse_byte_range(std::string_view header, std::uint64_t size) noexcept {
  byte_range_request whole;
  header = trim(header);
  if (header.size() < 6) return whole;
  for (std::size_t i = 0; i < 6; ++i) {  // the range unit is case-insensitive
    const char c = header[i] >= 'A' && header[i] <= 'Z' ? static_cast<char>(header[i] - 'A' + 'a') : header[i];
    if (c != "bytes="[i]) return whole;
  }
  const auto spec = trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: served whole
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const auto first_text = trim(spec.substr(0, dash));
  const auto last_text = trim(spec.substr(dash + 1));

  std::uint64_t first = 0, last = 0;
  if (first_text.empty()) {  // suffix: the last N bytes
    std::uint64_t suffix = 0;
    if (!parse_number(last_text, suffix)) return whole;
    if (suffix == 0 || size == 0) return {kind::unsatisfiable};
    first = suffix >= size ? 0 : size - suffix;
    return {kind::partial, first, size - 1};
  }
  if (!parse_number(first_text, first)) return whole;
  if (last_text.empty()) {
    last = UINT64_MAX;
  } else {
    if (!parse_number(last_text, last)) return whole;
    if (last < first) return whole;  // invalid syntax per §14.1.2: ignored
  }
  if (first >= size) return {kind::unsatisfiable};
  return {kind::partial, first, last >= size ? size - 1 : last};
}

} // namespace parley::server::files
