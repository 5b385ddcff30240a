// Errors of the multipart/form-data parser (RFC 7578, RFC 2046 §5.1) as an error_code category
// (STYLE.md "Errors"): why a Content-Type or a body was refused.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::multipart {

enum class errc {
  // The Content-Type header.
  not_form_data = 1,     // the media type is not multipart/form-data
  missing_boundary,      // no boundary parameter
  invalid_boundary,      // empty, above 70 characters, or characters outside RFC 2046 bchars
  malformed_parameters,  // the header's `; name=value` list does not parse

  // Limits (form_limits).
  body_too_large,
  too_many_parts,
  header_too_large,      // one part's header block

  // The body.
  no_opening_delimiter,  // the boundary never appears
  truncated,             // the body ends before the close delimiter "--boundary--"
  malformed_delimiter,   // a boundary followed by something other than "--" or padding + CRLF
  malformed_header,      // a part header line that is not `name: value`, or a repeated header
  missing_disposition,   // a part without Content-Disposition (RFC 7578 §4.2 requires it)
  invalid_disposition,   // Content-Disposition is not form-data, has no name, or bad parameters
};

const boost::system::error_category& multipart_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), multipart_category()};
}

} // namespace parley::proto::multipart

template <>
struct boost::system::is_error_code_enum<parley::proto::multipart::errc> : std::true_type {};
