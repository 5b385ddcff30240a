// Tag bytes of the External Term Format subset the gateway uses (gateway.md §12.1).
#pragma once

#include <cstdint>

namespace parley::proto::etf::tag {

inline constexpr std::uint8_t version = 131;

inline constexpr std::uint8_t new_float_ext = 70;       // 'F'
inline constexpr std::uint8_t compressed = 80;          // 'P'
inline constexpr std::uint8_t small_integer_ext = 97;   // 'a'
inline constexpr std::uint8_t integer_ext = 98;         // 'b'
inline constexpr std::uint8_t float_ext = 99;           // 'c'
inline constexpr std::uint8_t atom_ext = 100;           // 'd'
inline constexpr std::uint8_t small_tuple_ext = 104;    // 'h'
inline constexpr std::uint8_t large_tuple_ext = 105;    // 'i'
inline constexpr std::uint8_t nil_ext = 106;            // 'j'
inline constexpr std::uint8_t string_ext = 107;         // 'k'
inline constexpr std::uint8_t list_ext = 108;           // 'l'
inline constexpr std::uint8_t binary_ext = 109;         // 'm'
inline constexpr std::uint8_t small_big_ext = 110;      // 'n'
inline constexpr std::uint8_t large_big_ext = 111;      // 'o'
inline constexpr std::uint8_t small_atom_ext = 115;     // 's'
inline constexpr std::uint8_t map_ext = 116;            // 't'
inline constexpr std::uint8_t atom_utf8_ext = 118;      // 'v'
inline constexpr std::uint8_t small_atom_utf8_ext = 119;  // 'w'

} // namespace parley::proto::etf::tag
