// Decoding of one client→server gateway payload into its envelope `{op, d}` (gateway.md §1.2,
// §1.3, §2, §12). The opcode-specific `d` parsers live beside it (identify.hpp, presence.hpp, ...).
#pragma once

#include "proto/base/result.hpp"
#include "proto/gateway/encoding.hpp"

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace parley::proto::gateway {

// Client payloads above this serialized size close the connection with 4002 (§1.2).
inline constexpr std::size_t max_inbound_payload_size = 4096;
// Nesting limit for inbound payloads; no valid payload comes close.
inline constexpr std::size_t max_inbound_depth = 32;

struct inbound_payload {
  std::int64_t op = 0;
  boost::json::value d; // null when the key is absent
};

// Decodes `bytes` (one complete WebSocket message) in `enc`. Errors (close_code values):
//   decode_error (4002)   size above 4096, not JSON/ETF, deeper than 32, or not an object/map;
//   unknown_opcode (4001) `op` missing or not an integer (also a float or a string).
// Every value of `d` is allocated from `storage` (e.g. a caller's monotonic_resource, so a
// payload costs no heap allocation).
result<inbound_payload> decode_payload(std::string_view bytes, encoding enc,
                                       boost::json::storage_ptr storage = {}) noexcept;

} // namespace parley::proto::gateway
