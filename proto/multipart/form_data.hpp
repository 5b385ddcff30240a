// A whole-buffer multipart/form-data parser (RFC 7578, body syntax of RFC 2046 §5.1.1): splits a
// body that is already in memory into its parts without copying their contents. The HTTP layer
// reads request bodies whole within a size limit, so an incremental parser would only add copies.
//
// Tolerated as RFC 2046 asks: a preamble before the first boundary, transport padding (spaces and
// tabs) after a boundary, an epilogue after the close delimiter. Not supported (refused as
// malformed_header): obsolete header line folding. Headers other than Content-Disposition and
// Content-Type are ignored (RFC 7578 §4.7: Content-Transfer-Encoding is deprecated).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.hpp"

namespace parley::proto::multipart {

struct form_limits {
  std::size_t max_body_size = 32 << 20;
  std::size_t max_parts = 64;
  std::size_t max_header_size = 8 << 10;  // one part's header block, up to its empty line
};

struct form_part {
  std::string name;                     // Content-Disposition name
  // filename* (RFC 8187, UTF-8 only) when present and valid, else filename, exactly as sent
  // (quoted-string escapes removed). None when the part is a plain field.
  std::optional<std::string> filename;
  std::string_view content_type;        // the part's Content-Type, "" when absent
  std::string_view body;                // the part's bytes: a view into the parsed body
};

// Parses `body` with the boundary from form_data_boundary(). The returned views point into `body`,
// which must outlive them. Errors: see errc (body_too_large, too_many_parts, header_too_large,
// no_opening_delimiter, truncated, malformed_delimiter, malformed_header, missing_disposition,
// invalid_disposition).
result<std::vector<form_part>> parse_form_data(std::string_view body, std::string_view boundary,
                                               const form_limits& limits = {});

} // namespace parley::proto::multipart
