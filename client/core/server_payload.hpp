// Decoding of one server→client gateway payload (already de-framed and decompressed) into its
// envelope {op, d, s, t} (gateway.md §1.3, §12).
#pragma once

#include "proto/base/result.hpp"
#include "proto/gateway/encoding.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::client {

struct server_payload {
  std::int64_t op = 0;
  boost::json::value d;           // null when absent
  std::optional<std::uint64_t> s; // set on dispatches
  std::string t;                  // event name; empty unless a string was sent
};

struct server_payload_options {
  // ETF carries snowflakes as big integers (§12.2); erlpack and D++ hand them to applications as
  // decimal strings, which is also their JSON form. When set, every integer in `d` whose
  // magnitude needs more than 32 bits becomes a decimal string, so the same event decodes to the
  // same value in both encodings.
  bool etf_large_integers_as_strings = true;
};

// Errors: the JSON parser's or the ETF decoder's error for undecodable bytes;
// client_errc::bad_payload when the value is not an object with an integer `op`, or when `s` is
// neither null nor a non-negative integer.
result<server_payload> decode_server_payload(std::string_view bytes, proto::gateway::encoding enc,
                                             const server_payload_options& options = {});

} // namespace parley::client
