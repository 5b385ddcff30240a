// Opening handshake helpers (RFC 6455 §4.1, §4.2.2).
#include "proto/websocket/handshake.hpp"

#include "proto/websocket/detail/base64.hpp"
#include "proto/websocket/detail/sha1.hpp"
#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {
namespace {

constexpr std::string_view websocket_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// RFC 9110 §5.6.2 tchar.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_safe_value(std::string_view value) noexcept {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool is_valid_field(const header_field& field) noexcept {
  if (field.name.empty()) return false;
  for (char c : field.name) {
    if (!is_token_char(c)) return false;
  }
  return is_safe_value(field.value);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

} // namespace

std::string accept_key(std::string_view client_key) {
  std::string input;
  input.reserve(client_key.size() + websocket_guid.size());
  input += client_key;
  input += websocket_guid;
  const auto digest = detail::sha1(input);
  return detail::base64_encode(digest);
}

std::string make_client_key(std::span<const std::uint8_t, 16> random_bytes) {
  return detail::base64_encode(random_bytes);
}

bool is_valid_client_key(std::string_view key) noexcept {
  return detail::base64_decoded_size(key) == 16;
}

result<std::string> make_upgrade_request(std::string_view host, std::string_view target,
                                         std::string_view client_key,
                                         std::span<const header_field> extra) {
  if (host.empty() || !is_safe_value(host) || !is_safe_value(client_key) || target.empty() ||
      target.find_first_of(std::string_view(" \r\n\0", 4)) != std::string_view::npos) {
    return errc::invalid_header;
  }
  std::size_t size = 160 + host.size() + target.size() + client_key.size();
  for (const auto& field : extra) {
    if (!is_valid_field(field)) return errc::invalid_header;
    size += field.name.size() + field.value.size() + 4;
  }
  std::string out;
  out.reserve(size);
  out += "GET ";
  out += target;
  out += " HTTP/1.1\r\n";
  append_field(out, "Host", host);
  out += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  append_field(out, "Sec-WebSocket-Key", client_key);
  out += "Sec-WebSocket-Version: 13\r\n";
  for (const auto& field : extra) append_field(out, field.name, field.value);
  out += "\r\n";
  return out;
}

result<std::string> make_upgrade_response(std::string_view client_key,
                                          std::span<const header_field> extra) {
  std::size_t size = 130;
  for (const auto& field : extra) {
    if (!is_valid_field(field)) return errc::invalid_header;
    size += field.name.size() + field.value.size() + 4;
  }
  std::string out;
  out.reserve(size);
  out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  append_field(out, "Sec-WebSocket-Accept", accept_key(client_key));
  for (const auto& field : extra) append_field(out, field.name, field.value);
  out += "\r\n";
  return out;
}

} // namespace parley::proto::websocket
