// Client-side WebSocket handshake and masking for the SDK's sessions; see client_websocket.hpp.
#include "client/core/client_websocket.hpp"

#include <array>
#include <cstdint>
#include <span>

#include "proto/websocket/handshake.hpp"

namespace parley::client {

namespace ws = proto::websocket;

result<std::string> begin_client_upgrade(random_source& random, std::string_view host, std::string_view target,
                                         std::string_view user_agent,
                                         std::optional<ws::upgrade_response_parser>& upgrade) {
  const std::uint64_t a = random();
  const std::uint64_t b = random();
  std::array<std::uint8_t, 16> key_bytes{};
  for (std::size_t i = 0; i < 8; ++i) {
    key_bytes[i] = static_cast<std::uint8_t>(a >> (8 * i));
    key_bytes[8 + i] = static_cast<std::uint8_t>(b >> (8 * i));
  }
  const std::string key = ws::make_client_key(key_bytes);
  const std::array<ws::header_field, 1> agent{{{"User-Agent", user_agent}}};
  auto request = ws::make_upgrade_request(host, target, key,
                                          user_agent.empty() ? std::span<const ws::header_field>{} : agent);
  if (!request) return request.error();
  upgrade.emplace(key);
  return std::move(*request);
}

ws::mask_source client_masks(std::weak_ptr<random_source> random) {
  return [random = std::move(random)] {
    ws::masking_key key{};
    if (auto source = random.lock()) {
      const std::uint64_t r = (*source)();
      for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(r >> (8 * i));
    }
    return key;
  };
}

} // namespace parley::client
