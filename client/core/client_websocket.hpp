// The client side of a WebSocket connection for the SDK's sans-I/O sessions (RFC 6455 §4.1,
// §5.3): the opening handshake's key and every frame mask come from the session's random source.
// The gateway and voice sessions both use these two pieces around the project's one codec.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/core/random_source.hpp"
#include "proto/base/result.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/upgrade_response_parser.hpp"

namespace parley::client {

// The upgrade request for `target` on `host` (with a User-Agent header unless it is empty) under a
// fresh Sec-WebSocket-Key drawn from `random`; `upgrade` is reset to check the server's 101
// against that key.
result<std::string> begin_client_upgrade(random_source& random, std::string_view host, std::string_view target,
                                         std::string_view user_agent,
                                         std::optional<proto::websocket::upgrade_response_parser>& upgrade);

// The codec's mask source: a new masking key per frame from `random` while it lives (zeros after,
// which only a destroyed session could reach).
proto::websocket::mask_source client_masks(std::weak_ptr<random_source> random);

} // namespace parley::client
