// Formatting and finding fan-out markers.
#include "bench/gateway_load/fanout_marker.hpp"

#include <charconv>

namespace parley::bench::gateway_load {

std::string_view format_marker(fanout_marker m, std::array<char, max_marker_size>& buffer) noexcept {
  char* p = buffer.data();
  char* const end = buffer.data() + buffer.size();
  for (char ch : marker_prefix) *p++ = ch;
  p = std::to_chars(p, end, m.seq).ptr;
  *p++ = '.';
  p = std::to_chars(p, end, m.sent_us).ptr;
  return {buffer.data(), static_cast<std::size_t>(p - buffer.data())};
}

std::optional<fanout_marker> find_marker(std::string_view text) noexcept {
  std::size_t from = 0;
  while (true) {
    const std::size_t at = text.find(marker_prefix, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + marker_prefix.size();
    const char* p = text.data() + from;
    const char* const end = text.data() + text.size();
    fanout_marker m;
    const auto seq = std::from_chars(p, end, m.seq);
    if (seq.ec != std::errc{} || seq.ptr == end || *seq.ptr != '.') continue;
    const auto ts = std::from_chars(seq.ptr + 1, end, m.sent_us);
    if (ts.ec != std::errc{}) continue;
    return m;
  }
}

} // namespace parley::bench::gateway_load
