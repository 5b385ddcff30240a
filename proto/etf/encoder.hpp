// JSON → ETF encoder for `encoding=etf` (gateway.md §12.2, the "server should emit" column).
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace parley::proto::etf {

// Appends the version byte 131 and the term for `value` to `out`.
void encode(const boost::json::value& value, std::string& out);

// Appends only the term, without the version byte: the gateway encodes an event body once with
// this and writes each session's envelope (write_version, write_map_header(4), write_key("op"),
// ...) around it.
// Mapping: null/true/false → SMALL_ATOM nil/true/false; strings → BINARY_EXT; integers →
// SMALL_INTEGER/INTEGER/SMALL_BIG (minimal); doubles → NEW_FLOAT; arrays → LIST_EXT + NIL tail,
// the empty array → NIL_EXT; objects → MAP_EXT with keys as write_key() decides.
// Precondition: doubles are finite (values built by Boost.JSON's parser always are).
void encode_term(const boost::json::value& value, std::string& out);

} // namespace parley::proto::etf
