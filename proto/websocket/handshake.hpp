// The opening handshake's keys and messages (RFC 6455 §4.1 client request, §4.2.2 server
// response). On the server, Beast parses the upgrade request and the caller checks it with
// is_valid_client_key; the client validates the reply with upgrade_response_parser.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"

namespace parley::proto::websocket {

struct header_field {
  std::string_view name;
  std::string_view value;
};

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the §1.3 GUID)).
std::string accept_key(std::string_view client_key);

// Sec-WebSocket-Key from 16 caller-provided random bytes (§4.1 item 7).
std::string make_client_key(std::span<const std::uint8_t, 16> random_bytes);

// True if `key` is padded base64 of exactly 16 bytes, as a server must check (§4.2.1 item 5).
bool is_valid_client_key(std::string_view key) noexcept;

// The client's upgrade request: "GET <target> HTTP/1.1", Host, Upgrade, Connection,
// Sec-WebSocket-Key, Sec-WebSocket-Version: 13, then `extra` (e.g. User-Agent, Origin), then the
// empty line. `target` is the path and query ("/?v=10&encoding=json"). No extension is offered.
// Fails with errc::invalid_header if any name or value could break the header block (CR, LF,
// NUL; names must be tokens).
result<std::string> make_upgrade_request(std::string_view host, std::string_view target,
                                         std::string_view client_key,
                                         std::span<const header_field> extra = {});

// The server's "101 Switching Protocols" for a client key already checked with
// is_valid_client_key, plus `extra` header lines. Never selects an extension or subprotocol.
result<std::string> make_upgrade_response(std::string_view client_key,
                                          std::span<const header_field> extra = {});

} // namespace parley::proto::websocket
