// Primitive ETF writers (gateway.md §12.1, emitting the forms §12.2 prescribes), so the gateway can
// write an envelope {op, s, t, d} around a body encoded once and shared by every recipient.
// Every function appends to `out`; none writes the version byte except write_version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::proto::etf {

// The version byte 131 that starts every message.
void write_version(std::string& out);

// JSON null: SMALL_ATOM_EXT `nil`.
void write_null(std::string& out);
// SMALL_ATOM_EXT `true` / `false`.
void write_bool(bool value, std::string& out);
// The smallest of SMALL_INTEGER_EXT (0..255), INTEGER_EXT (i32) and SMALL_BIG_EXT (minimal bytes).
void write_int(std::int64_t value, std::string& out);
void write_uint(std::uint64_t value, std::string& out);
// NEW_FLOAT_EXT. Precondition: finite (Erlang has no NaN or infinity).
void write_double(double value, std::string& out);
// BINARY_EXT: JSON strings. Precondition: size < 2^32.
void write_binary(std::string_view bytes, std::string& out);
// SMALL_ATOM_EXT (115) for up to 255 bytes, ATOM_EXT beyond; never the UTF-8 atom tags, which
// erlpack's decoder does not know. Precondition: size <= 65535.
void write_atom(std::string_view name, std::string& out);
// An object key as Discord sends it: an atom for field names (identifier-like ASCII: letter or '_'
// then letters, digits, '_'; at most 255 bytes), a binary for everything else, such as the ids
// keying `resolved.users`. `nil`, `null`, `true` and `false` stay binaries, since decoders turn
// those atoms into null/booleans.
void write_key(std::string_view key, std::string& out);
// True when write_key writes `key` as an atom.
bool key_is_atom(std::string_view key) noexcept;
// MAP_EXT header; `arity` key/value pairs must follow.
void write_map_header(std::uint32_t arity, std::string& out);
// LIST_EXT header; `count` (> 0) terms and then write_list_tail must follow.
void write_list_header(std::uint32_t count, std::string& out);
// NIL_EXT: the tail of a list, and on its own the empty array.
void write_list_tail(std::string& out);
inline void write_empty_list(std::string& out) { write_list_tail(out); }

} // namespace parley::proto::etf
