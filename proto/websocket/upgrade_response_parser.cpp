// Validation of the server's opening handshake response (RFC 6455 §4.1 steps 1-6 of the
// client's checks; HTTP/1.1 message syntax per RFC 9112 §2-§5, without obsolete line folding).
#include "proto/websocket/upgrade_response_parser.hpp"

#include <algorithm>

#include "proto/websocket/error.hpp"
#include "proto/websocket/handshake.hpp"

namespace parley::proto::websocket {
namespace {

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True if the comma-separated list `value` contains `token` (case-insensitive), as for
// "Connection: keep-alive, Upgrade".
bool list_contains(std::string_view value, std::string_view token) noexcept {
  while (true) {
    const auto comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) return false;
    value.remove_prefix(comma + 1);
  }
}

bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_field_value_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

} // namespace

upgrade_response_parser::upgrade_response_parser(std::string_view client_key)
    : expected_accept_(accept_key(client_key)) {}

result<handshake_progress> upgrade_response_parser::feed(std::span<const std::byte> bytes) {
  if (error_) return error_;
  if (accepted_) return handshake_progress{handshake_status::accepted, bytes};

  const std::size_t old_size = header_.size();
  const std::size_t take = std::min(bytes.size(), max_header_size - old_size);
  header_.append(reinterpret_cast<const char*>(bytes.data()), take);

  // The terminator may straddle the previous feed: look back three bytes.
  const std::size_t from = old_size >= 3 ? old_size - 3 : 0;
  const auto end = header_.find("\r\n\r\n", from);
  if (end == std::string::npos) {
    if (header_.size() >= max_header_size) {
      error_ = errc::header_too_large;
      return error_;
    }
    return handshake_progress{};
  }
  const std::size_t block_size = end + 4;
  header_.resize(block_size);
  error_ = check_header_block();
  if (error_) return error_;
  accepted_ = true;
  return handshake_progress{handshake_status::accepted, bytes.subspan(block_size - old_size)};
}

error_code upgrade_response_parser::check_header_block() {
  std::string_view block(header_);
  block.remove_suffix(2); // every line, the last included, now ends with CRLF

  const auto next_line = [&block](std::string_view& line) {
    const auto eol = block.find("\r\n");
    line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    // A bare CR or LF inside a line is not HTTP/1.1 framing we accept.
    return line.find_first_of("\r\n") == std::string_view::npos;
  };

  std::string_view line;
  if (!next_line(line)) return errc::malformed_response;
  // status-line = HTTP-version SP 3DIGIT SP [reason-phrase]; a missing final SP is tolerated.
  constexpr std::string_view version = "HTTP/1.1 ";
  if (line.size() < version.size() + 3 || line.substr(0, version.size()) != version) {
    return errc::malformed_response;
  }
  const std::string_view digits = line.substr(version.size(), 3);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (line.size() > version.size() + 3 && line[version.size() + 3] != ' ')) {
    return errc::malformed_response;
  }
  status_code_ = (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');

  bool upgrade = false;
  bool connection = false;
  int accept_count = 0;
  bool accept_matches = false;
  bool extension = false;
  while (!block.empty()) {
    if (!next_line(line)) return errc::malformed_response;
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return errc::malformed_response;
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_token_char)) return errc::malformed_response;
    const std::string_view value = trim(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), is_field_value_char)) return errc::malformed_response;

    if (iequals(name, "upgrade")) {
      upgrade = upgrade || list_contains(value, "websocket");
    } else if (iequals(name, "connection")) {
      connection = connection || list_contains(value, "upgrade");
    } else if (iequals(name, "sec-websocket-accept")) {
      ++accept_count;
      accept_matches = value == expected_accept_;
    } else if (iequals(name, "sec-websocket-extensions")) {
      extension = extension || !value.empty();
    }
  }

  if (status_code_ != 101) return errc::bad_status;
  if (!upgrade) return errc::missing_upgrade;
  if (!connection) return errc::missing_connection;
  if (accept_count == 0) return errc::missing_accept;
  if (accept_count > 1 || !accept_matches) return errc::bad_accept;
  if (extension) return errc::unexpected_extension;
  return {};
}

} // namespace parley::proto::websocket
