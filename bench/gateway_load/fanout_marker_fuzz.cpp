// Fuzz target: the send-timestamp scan (find_marker) over arbitrary received text, e.g. a raw
// dispatch `d` or an IRC message; a found marker must format back to text the scan finds again.
#include "bench/gateway_load/fanout_marker.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::bench::gateway_load;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = find_marker(text)) {
    std::array<char, max_marker_size> buffer{};
    const auto again = find_marker(format_marker(*m, buffer));
    if (!again || again->seq != m->seq || again->sent_us != m->sent_us) __builtin_trap();
  }
  return 0;
}
