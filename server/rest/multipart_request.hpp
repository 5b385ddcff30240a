// Multipart message bodies (rest.md §5): a multipart/form-data request turned into what a route
// handler sees for JSON requests (the body object) plus the uploaded files, within the upload
// limits, with Discord's errors (413 40005 for sizes, 400 50035 / 50109 otherwise).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "model/api_error.hpp"
#include "service/upload.hpp"

namespace parley::server::rest {

struct upload_limits {
  std::size_t max_file_size = 10 << 20;   // one file (rest.md §5: 10 MiB default)
  std::size_t max_files = 10;
  std::size_t max_total_size = 25 << 20;  // all files of one request
  // What the HTTP layer lets through for such a request: the files plus the JSON and framing.
  std::size_t body_limit() const { return max_total_size + (1 << 20); }
};

struct multipart_body {
  boost::json::value body;  // payload_json, else an object of the top-level form fields
  std::vector<service::upload> uploads;
};

// `content_type` must be multipart/form-data. Parts: `payload_json` (a JSON object) or plain
// fields (strings; "true"/"false" of tts and enforce_nonce become booleans); `files[n]`, `file`
// (placeholder 0) and `file<n>` are uploads, with the filename made URL-safe (upload_filename).
// Other parts with a filename are refused (400 50035 under their name): silently dropping a file
// would lose it.
model::api_result<multipart_body> read_multipart(std::string_view content_type, std::string_view body,
                                                 const upload_limits& limits);

// The filename an upload is stored and served under (it is the last segment of the attachment
// URL): percent-escapes decoded (aiohttp, hence discord.py, escapes every filename), path
// components dropped, then ASCII letters, digits, '.', '-' and '_' kept, other ASCII turned into
// '_', non-ASCII dropped; at most 255 bytes; "unknown" when nothing usable is left.
std::string upload_filename(std::string_view raw);

} // namespace parley::server::rest
