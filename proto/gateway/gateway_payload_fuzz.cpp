// Fuzz target for client payload decoding and the connection state machine (gateway.md §1-§4):
// the input is decoded as JSON and as ETF, then split on '\n' into payloads fed to a JSON
// connection, with time advancing and server callbacks chosen from the input bytes.
#include "proto/gateway/connection.hpp"
#include "proto/gateway/inbound_payload.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace parley::proto::gateway;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)decode_payload(input, encoding::json);
  (void)decode_payload(input, encoding::etf);

  connection_config config;
  config.heartbeat_interval = std::chrono::milliseconds(1000);
  config.max_pending_requests = 2;
  connection conn(config);
  time_point now{};
  conn.start(now);
  std::size_t payloads = 0;
  while (!input.empty()) {
    auto newline = input.find('\n');
    std::string_view payload = input.substr(0, newline);
    input = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    conn.receive(payload, now);
    // The last byte of the payload steers time and the server's answer.
    unsigned char steer = payload.empty() ? 0 : static_cast<unsigned char>(payload.back());
    now += std::chrono::milliseconds(steer * 16);
    while (auto event = conn.next_event()) {
      switch (steer % 5) {
        case 0:
          if (conn.current_state() == connection::state::identifying) conn.accept_identify();
          if (conn.current_state() == connection::state::resuming) conn.accept_resume();
          break;
        case 1: conn.invalid_session(steer & 8); break;
        case 2: conn.reconnect(now); break;
        case 3: conn.request_heartbeat(); break;
        default: break;
      }
    }
    (void)conn.take_output();
    if (auto deadline = conn.next_deadline(); deadline && *deadline <= now) conn.on_deadline(now);
    if (conn.pending_close() || ++payloads > 300) break;
  }
  return 0;
}
