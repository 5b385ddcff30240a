// Fuzz target: the gateway payload scanner and marker search on arbitrary bytes.
#include "bench/gateway_load/fanout_marker.hpp"
#include "bench/gateway_load/payload_scan.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::bench::gateway_load;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto f = scan_payload(text)) {
    // Views must lie inside the input.
    if (!f->d.empty() && (f->d.data() < text.data() || f->d.data() + f->d.size() > text.data() + text.size())) __builtin_trap();
    (void)find_marker(f->d);
    (void)find_uint_field(f->d, "heartbeat_interval");
  }
  (void)find_marker(text);
  return 0;
}
