// The Content-Type of a static file of the browser client, chosen by its extension.
#pragma once

#include <string_view>

namespace parley::server::site {

// "application/octet-stream" for an unknown extension; text types carry "; charset=utf-8".
std::string_view content_type_for(std::string_view path);

// Whether gzip is worth it for this type (text; images and fonts are compressed already).
bool is_compressible(std::string_view content_type);

} // namespace parley::server::site
