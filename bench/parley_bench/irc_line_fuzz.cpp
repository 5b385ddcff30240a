// Fuzz target: arbitrary server bytes through parley-bench's IRC line splitter (in chunks chosen
// by the first byte) and parser, and the marker scan over each line's last parameter.
#include "bench/gateway_load/fanout_marker.hpp"
#include "bench/parley_bench/irc_line.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::bench;
  if (size < 1) return 0;
  const std::size_t chunk = std::size_t{data[0]} + 1;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  irc::irc_line_splitter splitter(300);
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    auto fed = splitter.feed(input.substr(at, chunk), [&](std::string_view line) {
      if (line.empty() || line.size() > 300 || line.find('\n') != std::string_view::npos) __builtin_trap();
      if (auto m = irc::parse_irc_line(line)) {
        if (m->command.empty() || m->param_count > m->params.size()) __builtin_trap();
        (void)gateway_load::find_marker(m->last());
      }
    });
    if (!fed) break;
    if (splitter.buffered() > 301) __builtin_trap();
  }
  return 0;
}
