// ETF → JSON decoder (gateway.md §12.1–12.2): a bounds-checked recursive reader over one message.
// Every count is compared with the bytes left before reserving, so a claimed 2^32 elements costs
// nothing; depth is capped, so recursion is bounded.
#include "proto/etf/decoder.hpp"

#include "proto/etf/detail/utf8.hpp"
#include "proto/etf/etf_error.hpp"
#include "proto/etf/tags.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace parley::proto::etf {
namespace {

namespace json = boost::json;

bool is_ascii(std::string_view s) noexcept {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Latin-1 is the first 256 code points: each high byte becomes two UTF-8 bytes.
void latin1_to_utf8(std::string_view in, std::string& out) {
  out.clear();
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
}

class reader {
 public:
  reader(const unsigned char* begin, const unsigned char* end, std::size_t max_depth) noexcept
      : p_(begin), end_(end), max_depth_(max_depth) {}

  bool at_end() const noexcept { return p_ == end_; }

  // `depth` counts the containers enclosing this term.
  error_code read_term(json::value& out, std::size_t depth) {
    std::uint8_t t = 0;
    if (!u8(t)) return etf_errc::truncated;
    switch (t) {
      case tag::small_integer_ext: {
        std::uint8_t v = 0;
        if (!u8(v)) return etf_errc::truncated;
        out = static_cast<std::int64_t>(v);
        return {};
      }
      case tag::integer_ext: {
        std::uint32_t v = 0;
        if (!u32(v)) return etf_errc::truncated;
        out = static_cast<std::int64_t>(static_cast<std::int32_t>(v));
        return {};
      }
      case tag::new_float_ext: {
        if (remaining() < 8) return etf_errc::truncated;
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | *p_++;
        const double v = std::bit_cast<double>(bits);
        if (!std::isfinite(v)) return etf_errc::bad_float;
        out = v;
        return {};
      }
      case tag::float_ext: return read_float_ext(out);
      case tag::atom_ext:
      case tag::small_atom_ext:
      case tag::atom_utf8_ext:
      case tag::small_atom_utf8_ext: {
        std::string_view name;
        if (auto ec = read_atom(t, name)) return ec;
        if (name == "nil" || name == "null") {
          out = nullptr;
        } else if (name == "true") {
          out = true;
        } else if (name == "false") {
          out = false;
        } else {
          out.emplace_string().assign(name.data(), name.size());
        }
        return {};
      }
      case tag::nil_ext:
        out.emplace_array();
        return {};
      case tag::string_ext: {
        std::uint16_t length = 0;
        std::string_view bytes;
        if (!u16(length) || !take(length, bytes)) return etf_errc::truncated;
        if (detail::is_valid_utf8(bytes)) {
          out.emplace_string().assign(bytes.data(), bytes.size());
        } else {
          // Erlang writes a list of small integers this way; keep it as the numbers it is.
          auto& array = out.emplace_array();
          array.reserve(bytes.size());
          for (char c : bytes) array.emplace_back(static_cast<std::int64_t>(static_cast<unsigned char>(c)));
        }
        return {};
      }
      case tag::binary_ext: {
        std::uint32_t length = 0;
        std::string_view bytes;
        if (!u32(length) || !take(length, bytes)) return etf_errc::truncated;
        if (!detail::is_valid_utf8(bytes)) return etf_errc::invalid_utf8;
        out.emplace_string().assign(bytes.data(), bytes.size());
        return {};
      }
      case tag::small_big_ext: {
        std::uint8_t n = 0;
        if (!u8(n)) return etf_errc::truncated;
        return read_big(n, out);
      }
      case tag::large_big_ext: {
        std::uint32_t n = 0;
        if (!u32(n)) return etf_errc::truncated;
        return read_big(n, out);
      }
      case tag::list_ext: {
        std::uint32_t count = 0;
        if (!u32(count)) return etf_errc::truncated;
        // Each element is at least one byte, and the tail one more.
        if (count >= remaining()) return etf_errc::truncated;
        if (auto ec = read_elements(count, out, depth)) return ec;
        std::uint8_t tail = 0;
        if (!u8(tail)) return etf_errc::truncated;
        if (tail != tag::nil_ext) return etf_errc::improper_list;
        return {};
      }
      case tag::small_tuple_ext: {
        std::uint8_t arity = 0;
        if (!u8(arity)) return etf_errc::truncated;
        if (arity > remaining()) return etf_errc::truncated;
        return read_elements(arity, out, depth);
      }
      case tag::large_tuple_ext: {
        std::uint32_t arity = 0;
        if (!u32(arity)) return etf_errc::truncated;
        if (arity > remaining()) return etf_errc::truncated;
        return read_elements(arity, out, depth);
      }
      case tag::map_ext: {
        std::uint32_t pairs = 0;
        if (!u32(pairs)) return etf_errc::truncated;
        return read_map(pairs, out, depth);
      }
      case tag::compressed: return etf_errc::compressed_term;
      default: return etf_errc::unknown_tag;
    }
  }

 private:
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }

  bool take(std::size_t n, std::string_view& bytes) noexcept {
    if (n > remaining()) return false;
    bytes = {reinterpret_cast<const char*>(p_), n};
    p_ += n;
    return true;
  }

  bool u8(std::uint8_t& v) noexcept {
    if (remaining() < 1) return false;
    v = *p_++;
    return true;
  }

  bool u16(std::uint16_t& v) noexcept {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>((p_[0] << 8) | p_[1]);
    p_ += 2;
    return true;
  }

  bool u32(std::uint32_t& v) noexcept {
    if (remaining() < 4) return false;
    v = (std::uint32_t{p_[0]} << 24) | (std::uint32_t{p_[1]} << 16) | (std::uint32_t{p_[2]} << 8) | p_[3];
    p_ += 4;
    return true;
  }

  // The atom's text as UTF-8; `name` may point into the input or into scratch_.
  error_code read_atom(std::uint8_t t, std::string_view& name) {
    std::uint16_t length = 0;
    if (t == tag::small_atom_ext || t == tag::small_atom_utf8_ext) {
      std::uint8_t short_length = 0;
      if (!u8(short_length)) return etf_errc::truncated;
      length = short_length;
    } else if (!u16(length)) {
      return etf_errc::truncated;
    }
    std::string_view bytes;
    if (!take(length, bytes)) return etf_errc::truncated;
    if (t == tag::atom_utf8_ext || t == tag::small_atom_utf8_ext) {
      if (!detail::is_valid_utf8(bytes)) return etf_errc::invalid_utf8;
      name = bytes;
    } else if (is_ascii(bytes)) {
      name = bytes;
    } else {
      latin1_to_utf8(bytes, scratch_);
      name = scratch_;
    }
    return {};
  }

  error_code read_float_ext(json::value& out) {
    std::string_view text;
    if (!take(31, text)) return etf_errc::truncated;
    text = text.substr(0, text.find('\0'));  // "%.20e", NUL-padded
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return etf_errc::bad_float;
    out = v;
    return {};
  }

  // Digits are little-endian; bytes beyond the eighth must be zero (the 8-byte form of a 7-byte
  // value, gateway.md §12.2, and any zero padding).
  error_code read_big(std::size_t n, json::value& out) {
    std::uint8_t sign = 0;
    std::string_view digits;
    if (!u8(sign) || !take(n, digits)) return etf_errc::truncated;
    if (sign > 1) return etf_errc::bad_sign;
    std::uint64_t magnitude = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      const auto b = static_cast<unsigned char>(digits[i]);
      if (i < 8) {
        magnitude |= std::uint64_t{b} << (8 * i);
      } else if (b != 0) {
        return etf_errc::integer_overflow;
      }
    }
    constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (sign == 0) {
      // Same convention as Boost.JSON's parser: int64 when it fits, uint64 above.
      if (magnitude <= int64_max) {
        out = static_cast<std::int64_t>(magnitude);
      } else {
        out = magnitude;
      }
    } else {
      if (magnitude > int64_max + 1) return etf_errc::integer_overflow;
      out = static_cast<std::int64_t>(std::uint64_t{0} - magnitude);
    }
    return {};
  }

  error_code read_elements(std::size_t count, json::value& out, std::size_t depth) {
    if (depth + 1 > max_depth_) return etf_errc::depth_exceeded;
    auto& array = out.emplace_array();
    array.reserve(count);  // count <= remaining bytes, checked by the caller
    for (std::size_t i = 0; i < count; ++i) {
      if (auto ec = read_term(array.emplace_back(nullptr), depth + 1)) return ec;
    }
    return {};
  }

  error_code read_map(std::size_t pairs, json::value& out, std::size_t depth) {
    if (depth + 1 > max_depth_) return etf_errc::depth_exceeded;
    // The smallest pair is a 2-byte empty atom key and a 1-byte NIL value.
    if (pairs > remaining() / 3) return etf_errc::truncated;
    auto& object = out.emplace_object();
    object.reserve(pairs);
    for (std::size_t i = 0; i < pairs; ++i) {
      std::string_view key;
      if (auto ec = read_key(key)) return ec;
      // operator[] returns the existing value for a duplicate key: the last one wins.
      if (auto ec = read_term(object[key], depth + 1)) return ec;
    }
    return {};
  }

  error_code read_key(std::string_view& key) {
    std::uint8_t t = 0;
    if (!u8(t)) return etf_errc::truncated;
    switch (t) {
      case tag::binary_ext: {
        std::uint32_t length = 0;
        if (!u32(length) || !take(length, key)) return etf_errc::truncated;
        break;
      }
      case tag::string_ext: {
        std::uint16_t length = 0;
        if (!u16(length) || !take(length, key)) return etf_errc::truncated;
        break;
      }
      case tag::atom_ext:
      case tag::small_atom_ext:
      case tag::atom_utf8_ext:
      case tag::small_atom_utf8_ext:
        return read_atom(t, key);  // already UTF-8
      default:
        return etf_errc::invalid_map_key;
    }
    if (!detail::is_valid_utf8(key)) return etf_errc::invalid_utf8;
    return {};
  }

  const unsigned char* p_;
  const unsigned char* end_;
  std::size_t max_depth_;
  std::string scratch_;  // Latin-1 atoms converted to UTF-8; rare
};

} // namespace

result<json::value> decode(std::span<const std::byte> message, const decode_options& options,
                           json::storage_ptr storage) {
  if (message.size() > options.max_input_size) return etf_errc::input_too_large;
  if (message.empty()) return etf_errc::truncated;
  if (static_cast<std::uint8_t>(message[0]) != tag::version) return etf_errc::bad_version;
  const auto* begin = reinterpret_cast<const unsigned char*>(message.data());
  reader r(begin + 1, begin + message.size(), options.max_depth);
  json::value value(std::move(storage));
  if (auto ec = r.read_term(value, 0)) return ec;
  if (!r.at_end()) return etf_errc::trailing_bytes;
  return value;
}

} // namespace parley::proto::etf
