// Reads the envelope of one JSON gateway payload (gateway.md §1.3: op, d, s, t) without building a
// document: the load generator sees every fan-out delivery, so it only locates the four top-level
// fields and leaves `d` as raw text.
#pragma once

#include "proto/base/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::bench::gateway_load {

struct payload_fields {
  std::optional<std::int64_t> op;  // absent or null: nullopt
  std::optional<std::uint64_t> s;  // absent or null: nullopt
  std::string_view t;              // the event name as written between the quotes; empty if null/absent
  std::string_view d;              // the raw JSON text of d; empty if absent
};

// Views point into `json`. Nested values are skipped structurally (strings with escapes, brackets
// counted without recursion), not validated: this is a measuring tool, not a conformance check.
result<payload_fields> scan_payload(std::string_view json) noexcept;

// The unsigned integer value of `"key":<digits>` found anywhere in `json` (e.g. Hello's
// heartbeat_interval inside d), or nullopt.
std::optional<std::uint64_t> find_uint_field(std::string_view json, std::string_view key) noexcept;

} // namespace parley::bench::gateway_load
