// The Content-Type of a multipart/form-data request (RFC 7578 §4.1, RFC 2046 §5.1.1): the media
// type check and the boundary parameter, quoted or not.
#pragma once

#include <string>
#include <string_view>

#include "proto/base/result.hpp"

namespace parley::proto::multipart {

// True when the media type (parameters ignored, case-insensitive) is multipart/form-data.
bool is_form_data(std::string_view content_type) noexcept;

// The boundary of a multipart/form-data Content-Type. Errors: not_form_data, malformed_parameters,
// missing_boundary, invalid_boundary (RFC 2046: 1–70 bchars, not ending in a space).
result<std::string> form_data_boundary(std::string_view content_type);

} // namespace parley::proto::multipart
