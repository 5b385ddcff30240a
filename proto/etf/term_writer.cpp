// ETF primitive writers (gateway.md §12.1–12.2): big-endian lengths, minimal integer forms,
// SMALL_ATOM_EXT atoms.
#include "proto/etf/term_writer.hpp"

#include "proto/etf/tags.hpp"

#include <bit>
#include <cassert>
#include <cstring>
#include <limits>

namespace parley::proto::etf {
namespace {

void put_u8(std::uint8_t v, std::string& out) { out.push_back(static_cast<char>(v)); }

void put_u16(std::uint16_t v, std::string& out) {
  const char bytes[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(bytes, 2);
}

void put_u32(std::uint32_t v, std::string& out) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                         static_cast<char>(v)};
  out.append(bytes, 4);
}

// SMALL_BIG_EXT with the fewest magnitude bytes (gateway.md §12.2 example: 7 bytes for a snowflake
// whose top byte is zero), little-endian.
void put_small_big(std::uint64_t magnitude, bool negative, std::string& out) {
  char bytes[3 + 8];
  std::size_t n = 0;
  for (std::uint64_t m = magnitude; m != 0; m >>= 8) bytes[3 + n++] = static_cast<char>(m & 0xff);
  bytes[0] = static_cast<char>(tag::small_big_ext);
  bytes[1] = static_cast<char>(n);
  bytes[2] = negative ? 1 : 0;
  out.append(bytes, 3 + n);
}

bool is_identifier_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) noexcept { return is_identifier_start(c) || (c >= '0' && c <= '9'); }

} // namespace

void write_version(std::string& out) { put_u8(tag::version, out); }

void write_null(std::string& out) { out.append("\x73\x03nil", 5); }

void write_bool(bool value, std::string& out) {
  if (value) {
    out.append("\x73\x04true", 6);
  } else {
    out.append("\x73\x05" "false", 7);
  }
}

void write_int(std::int64_t value, std::string& out) {
  if (value >= 0 && value <= 255) {
    const char bytes[2] = {static_cast<char>(tag::small_integer_ext), static_cast<char>(value)};
    out.append(bytes, 2);
  } else if (value >= std::numeric_limits<std::int32_t>::min() && value <= std::numeric_limits<std::int32_t>::max()) {
    put_u8(tag::integer_ext, out);
    put_u32(static_cast<std::uint32_t>(static_cast<std::int32_t>(value)), out);
  } else if (value < 0) {
    // 0 - unsigned wraps to the magnitude, INT64_MIN included.
    put_small_big(std::uint64_t{0} - static_cast<std::uint64_t>(value), true, out);
  } else {
    put_small_big(static_cast<std::uint64_t>(value), false, out);
  }
}

void write_uint(std::uint64_t value, std::string& out) {
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
    write_int(static_cast<std::int64_t>(value), out);
  } else {
    put_small_big(value, false, out);
  }
}

void write_double(double value, std::string& out) {
  put_u8(tag::new_float_ext, out);
  const auto bits = std::bit_cast<std::uint64_t>(value);
  put_u32(static_cast<std::uint32_t>(bits >> 32), out);
  put_u32(static_cast<std::uint32_t>(bits), out);
}

void write_binary(std::string_view bytes, std::string& out) {
  assert(bytes.size() <= std::numeric_limits<std::uint32_t>::max());
  put_u8(tag::binary_ext, out);
  put_u32(static_cast<std::uint32_t>(bytes.size()), out);
  out.append(bytes);
}

void write_atom(std::string_view name, std::string& out) {
  if (name.size() <= 255) {
    put_u8(tag::small_atom_ext, out);
    put_u8(static_cast<std::uint8_t>(name.size()), out);
  } else {
    assert(name.size() <= 65535);
    put_u8(tag::atom_ext, out);
    put_u16(static_cast<std::uint16_t>(name.size()), out);
  }
  out.append(name);
}

bool key_is_atom(std::string_view key) noexcept {
  if (key.empty() || key.size() > 255 || !is_identifier_start(key.front())) return false;
  for (char c : key) {
    if (!is_identifier_char(c)) return false;
  }
  return key != "nil" && key != "null" && key != "true" && key != "false";
}

void write_key(std::string_view key, std::string& out) {
  if (key_is_atom(key)) {
    write_atom(key, out);
  } else {
    write_binary(key, out);
  }
}

void write_map_header(std::uint32_t arity, std::string& out) {
  put_u8(tag::map_ext, out);
  put_u32(arity, out);
}

void write_list_header(std::uint32_t count, std::string& out) {
  assert(count > 0);  // the empty array is a bare NIL_EXT
  put_u8(tag::list_ext, out);
  put_u32(count, out);
}

void write_list_tail(std::string& out) { put_u8(tag::nil_ext, out); }

} // namespace parley::proto::etf
