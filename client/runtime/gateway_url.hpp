// Where a gateway connection goes: scheme, host, port and path of a gateway URL such as
// "wss://gateway.discord.gg", "ws://127.0.0.1:8080/gateway" or a READY resume_gateway_url
// (gateway.md §1.1: these carry no query string; the core adds ?v=…&encoding=…).
#pragma once

#include "proto/base/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::client {

struct gateway_url {
  bool tls = false;        // wss:// (or https://)
  std::string host;        // name or IP literal, without brackets
  std::uint16_t port = 0;  // 443 for wss, 80 for ws unless given
  std::string host_header; // the Host header: host, plus :port when not the scheme's default
  std::string path;        // "/" when the URL has none; a query or fragment is dropped
};

// Accepts ws, wss, http and https URLs. Errors: boost::system::errc::invalid_argument for another
// scheme, a missing host or a bad port; Boost.URL's error for text that is no URL.
result<gateway_url> parse_gateway_url(std::string_view text);

} // namespace parley::client
