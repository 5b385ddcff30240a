// The `type; name=value; name="quoted"` shape shared by Content-Type (RFC 9110 §8.3.1) and
// Content-Disposition (RFC 6266 §4.1): a leading value and a parameter list whose values are
// tokens or quoted-strings (backslash escapes removed).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proto/base/result.hpp"

namespace parley::proto::multipart::detail {

struct header_parameters {
  std::string_view value;  // the leading media type or disposition type (a view into the input)
  // Parameter names as written (compare case-insensitively) and their unquoted values.
  std::vector<std::pair<std::string_view, std::string>> params;

  // The first parameter with this name (ASCII case-insensitive), or null.
  const std::string* find(std::string_view name) const;
};

// errc::malformed_parameters when the list does not parse; a trailing ';' is tolerated.
result<header_parameters> parse_header_parameters(std::string_view header);

bool iequals(std::string_view a, std::string_view b) noexcept;

} // namespace parley::proto::multipart::detail
