// A non-allocating scan of one JSON gateway payload's envelope (gateway.md §1.3: op, d, s, t)
// that leaves `d` as raw text, for gateway_options::raw_dispatch_data: a client that receives
// every fan-out delivery of a large server (a load generator) need not build a document per event.
#pragma once

#include "proto/base/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::client {

struct json_envelope {
  std::optional<std::int64_t> op;  // absent or null: nullopt
  std::optional<std::uint64_t> s;  // absent or null: nullopt
  std::optional<std::string_view> t; // the raw text between the quotes (escapes kept); nullopt if not a string
  std::string_view d;              // the raw JSON text of d; empty when absent
};

// Views point into `json`. The envelope must be one object; nested values are skipped
// structurally (strings with escapes, brackets counted without recursion), not validated.
// Errors: client_errc::bad_payload for anything else (the caller may fall back to a full parse
// for the precise error).
result<json_envelope> scan_json_envelope(std::string_view json) noexcept;

} // namespace parley::client
