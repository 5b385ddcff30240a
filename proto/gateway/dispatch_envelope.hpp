// The per-session envelope around a shared dispatch body (gateway.md §1.3, DESIGN.md "Fan-out"):
// prefix + dispatch_event::body(enc) + suffix is one complete op 0 payload.
#pragma once

#include "proto/gateway/encoding.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::proto::gateway {

// Appends the envelope opening to `out`.
//   JSON: {"op":0,"s":<seq>,"t":"<name>","d":
//   ETF:  version byte 131, MAP_EXT arity 4, op → 0, s → seq, t → BINARY name, then the atom d
//         (the shared body term follows).
// `name` must be an UPPER_SNAKE_CASE event name (it is written without escaping).
void write_dispatch_prefix(encoding enc, std::string_view name, std::uint64_t seq, std::string& out);

// The envelope closing: "}" for JSON, nothing for ETF (the map was sized in the prefix).
constexpr std::string_view dispatch_suffix(encoding enc) noexcept {
  return enc == encoding::json ? std::string_view{"}"} : std::string_view{};
}

inline void write_dispatch_suffix(encoding enc, std::string& out) { out.append(dispatch_suffix(enc)); }

} // namespace parley::proto::gateway
