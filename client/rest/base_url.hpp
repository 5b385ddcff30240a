// Where the REST client sends requests: scheme, host, port and the API path prefix, from a base
// URL such as "https://discord.com" or "http://127.0.0.1:8080" (rest.md §1: the API lives under
// /api/v{N}; a base URL with a path names the prefix itself, e.g. "https://host/api/v9").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"

namespace parley::client::rest {

struct base_url {
  bool tls = false;
  std::string host;         // name or IP literal, without brackets
  std::uint16_t port = 0;
  std::string host_header;  // Host: value (with the port when it is not the scheme's default)
  std::string api_prefix;   // "/api/v10", no trailing slash
};

result<base_url> parse_base_url(std::string_view text);

} // namespace parley::client::rest
