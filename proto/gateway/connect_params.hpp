// The query string of the gateway upgrade request: `v`, `encoding`, `compress` (gateway.md §1.1).
#pragma once

#include "proto/base/result.hpp"
#include "proto/gateway/encoding.hpp"

#include <string_view>

namespace parley::proto::gateway {

enum class transport_compression { none, zlib_stream, zstd_stream };

struct connect_params {
  int version = 10;
  gateway::encoding encoding = encoding::json;
  transport_compression compress = transport_compression::none;
};

// Parses the request target of the upgrade ("/gateway?v=10&encoding=json", or just the query).
// Everything up to the first '?' is ignored, so the gateway may be served on any path.
// Decisions where the spec says nothing:
//   * `v` absent → 10 (every known client sends it; the newest version is the lenient default).
//   * `v` other than 9 or 10, or not a decimal number → close_code::invalid_api_version. The server
//     completes the upgrade and then closes with 4012, as Discord does.
//   * `encoding` absent or empty → json; any other value than json/etf →
//     close_code::decode_error (4002 after the upgrade): the server cannot speak what the client
//     expects, and 4002 makes clients reconnect rather than give up.
//   * `compress` absent, empty or unknown → none. Server→client compression is optional, and
//     every known client also reads uncompressed frames, so an unknown value costs nothing.
//   * Unknown keys are ignored; when a key repeats, the last one wins; keys and values are
//     percent-decoded ('+' is not a space here, as no valid value contains one).
result<connect_params> parse_connect_params(std::string_view target) noexcept;

} // namespace parley::proto::gateway
