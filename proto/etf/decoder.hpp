// ETF → JSON decoder for `encoding=etf` (gateway.md §12, the "server must accept" column): one
// complete message (version byte 131 and exactly one term) in, one boost::json::value out.
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <span>
#include <string_view>

namespace parley::proto::etf {

struct decode_options {
  // Larger inputs are refused before any parsing. Client payloads are at most 4096 bytes
  // (gateway.md §1.2), so the gateway passes a small limit; the SDK keeps this default.
  std::size_t max_input_size = std::size_t{64} << 20;
  // Nested maps, lists and tuples beyond this depth are refused (the top-level container is 1).
  std::size_t max_depth = 64;
};

// Mapping (gateway.md §12.2):
//   atoms nil/null → null, true/false → booleans, other atoms → strings (Latin-1 atoms become
//   UTF-8); BINARY_EXT → string (must be UTF-8); STRING_EXT → string when it is UTF-8, otherwise an
//   array of its byte values (Erlang's encoding of a list of small integers);
//   SMALL_INTEGER/INTEGER → int64; SMALL_BIG/LARGE_BIG → int64, or uint64 above INT64_MAX (more
//   than 64 bits → error); NEW_FLOAT/FLOAT → double (finite only); NIL → empty array;
//   LIST (proper lists only) and tuples → arrays; MAP → object whose keys must be binaries,
//   strings or atoms (atom keys are accepted for robustness; duplicate keys: the last one wins).
// COMPRESSED terms and tags outside §12.1 are errors. Every length or count is checked against
// the bytes left before anything is allocated. The values are allocated from `storage`.
result<boost::json::value> decode(std::span<const std::byte> message, const decode_options& options = {},
                                  boost::json::storage_ptr storage = {});

inline result<boost::json::value> decode(std::string_view message, const decode_options& options = {},
                                         boost::json::storage_ptr storage = {}) {
  return decode(std::as_bytes(std::span{message.data(), message.size()}), options, std::move(storage));
}

} // namespace parley::proto::etf
