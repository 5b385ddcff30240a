// Error codes of the ETF codec (gateway.md §12, External Term Format for `encoding=etf`).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace parley::proto::etf {

enum class etf_errc {
  // The input is larger than decode_options::max_input_size.
  input_too_large = 1,
  // The first byte is not the version 131.
  bad_version,
  // A term, length or count runs past the end of the input.
  truncated,
  // Bytes follow the one term of the message.
  trailing_bytes,
  // A tag outside the subset of gateway.md §12.1 (pids, refs, funs, bit binaries, ...).
  unknown_tag,
  // COMPRESSED (80): clients must not send it (gateway.md §12.2), and we do not decode it.
  compressed_term,
  // Containers nest deeper than decode_options::max_depth.
  depth_exceeded,
  // A SMALL_BIG/LARGE_BIG whose value does not fit 64 bits (or below INT64_MIN).
  integer_overflow,
  // A big integer whose sign byte is neither 0 nor 1.
  bad_sign,
  // NEW_FLOAT that is NaN or infinite (JSON cannot carry it), or an unparsable FLOAT_EXT.
  bad_float,
  // A binary or UTF-8 atom that is not valid UTF-8.
  invalid_utf8,
  // A map key that is neither a binary, a string nor an atom.
  invalid_map_key,
  // A LIST_EXT whose tail is not NIL_EXT (an improper list).
  improper_list,
};

const boost::system::error_category& etf_category() noexcept;

inline boost::system::error_code make_error_code(etf_errc e) noexcept {
  return {static_cast<int>(e), etf_category()};
}

} // namespace parley::proto::etf

template <>
struct boost::system::is_error_code_enum<parley::proto::etf::etf_errc> : std::true_type {};
