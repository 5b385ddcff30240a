// Fuzz target: arbitrary server bytes (after a valid 101 response) into the gateway client core,
// in each encoding and compression mode. Input: byte 0 picks the mode (json/etf × none/zlib/zstd),
// bit 7 of byte 0 sets raw_dispatch_data, byte 1 the chunk size the rest is fed in; the core must never crash, hang or grow without bound,
// whatever the frames, compressed streams and payloads hold.
#include "client/core/gateway_connection.hpp"
#include "client/core/test_server.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley;
  using proto::gateway::encoding;
  using proto::gateway::transport_compression;
  if (size < 2) return 0;
  const unsigned mode = data[0] % 6;
  const std::size_t chunk = std::size_t{data[1]} + 1;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);

  client::gateway_options options;
  options.params = {10, mode < 3 ? encoding::json : encoding::etf,
                    static_cast<transport_compression>(mode % 3)};
  options.raw_dispatch_data = (data[0] & 0x80) != 0;
  options.websocket.max_message_size = options.websocket.max_frame_size = 1 << 20;
  client::gateway_connection core(options, client::make_seeded_random(size));
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  if (!core.connect("fuzz.test", "/", now)) return 0;
  client::testing::test_server server(options.params);
  std::string out;
  core.take_output(out);
  core.receive(server.accept(out), now);

  client::identify_params identify;
  identify.token = "t";
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    core.receive(input.substr(at, chunk), now);
    while (auto event = core.next_event()) {
      if (std::holds_alternative<client::hello_event>(*event)) {
        if (core.should_resume()) {
          (void)core.resume(now);
        } else {
          (void)core.identify(identify, now);
        }
      }
    }
    now += std::chrono::milliseconds(700);
    if (auto deadline = core.next_deadline(); deadline && *deadline <= now) core.on_timer(now);
    core.take_output(out);
  }
  core.connection_lost(now);
  while (core.next_event()) {
  }
  return 0;
}
