// Fuzz target: arbitrary voice gateway messages into the gateway core (gateway_core.hpp) on three
// connections, with time passing; every output must be well-formed and the core must not crash.
#include "server/voice/gateway_core.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace parley::server::voice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::service::voice_state state;
  state.guild_id = 100;
  state.channel_id = 200;
  state.user_id = 1;
  state.session_id = "s";
  state.token = "t";
  gateway_config config;
  config.heartbeat_interval = std::chrono::milliseconds(1000);
  gateway_core core(config,
                    [&state](std::uint64_t server, std::uint64_t user, std::string_view session, std::string_view token) {
                      credentials_verdict v;
                      if (server == 100 && session == "s" && token == "t") {
                        v.result = credentials_verdict::kind::ok;
                        v.state = state;
                        v.state.user_id = user;
                      }
                      return v;
                    },
                    [](std::span<std::uint8_t> key) { std::fill(key.begin(), key.end(), 7); });
  time_point now{};
  for (conn_id c = 1; c <= 3; ++c) core.open(c, 8, now);
  // Messages separated by NUL; the first byte of each picks the connection and the time step.
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const auto end = input.find('\0');
    auto message = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    if (message.empty()) continue;
    const auto selector = static_cast<unsigned char>(message[0]);
    message.remove_prefix(1);
    now += std::chrono::milliseconds(selector & 0x70);
    const conn_id c = 1 + selector % 3;
    if (selector & 0x80) core.receive_binary(c, std::as_bytes(std::span(message.data(), message.size())), now);
    else core.receive_text(c, message, now);
    if ((selector & 0x0c) == 0x0c) core.closed(c, std::nullopt, now), core.open(c, 8, now);
    if (auto d = core.next_deadline(); d && *d <= now) core.on_deadline(now);
    for (auto& o : core.take_output())
      if (auto* t = std::get_if<send_text>(&o); t && t->text.empty()) __builtin_trap();
    (void)core.take_media_commands();
  }
  return 0;
}
