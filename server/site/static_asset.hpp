// One file of the browser client, ready to serve: bytes, gzip'd bytes when worth it, a strong
// ETag from the content and the Content-Type (RFC 9110 §8.8.3 entity tags).
#pragma once

#include <string>
#include <string_view>

namespace parley::server::site {

struct static_asset {
  std::string body;
  std::string gzip_body;  // empty when the type is not compressible or gzip did not help
  std::string etag;       // quoted, e.g. "\"3f2a…\""; `W/"…"` for the gzip variant is not used: each variant has its own
  std::string gzip_etag;
  std::string_view content_type;
};

// Computes the ETags and, for text types, the gzip variant (once per file, not per request).
static_asset make_static_asset(std::string_view path, std::string body);

// True when an If-None-Match header value lists `etag` (or is "*"). Weak comparison (§13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// True when an Accept-Encoding header value accepts gzip (a q=0 entry refuses it).
bool accepts_gzip(std::string_view accept_encoding);

} // namespace parley::server::site
