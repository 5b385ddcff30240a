// A file that came with a message request (rest.md §5): the multipart part `files[n]` (or
// `file`, `file<n>`), already read into memory by the HTTP layer within the configured limits.
#pragma once

#include <cstdint>
#include <string>

namespace parley::service {

struct upload {
  std::int64_t placeholder = 0;  // the n of files[n]: attachments[].id in the JSON refers to it
  std::string filename;          // from Content-Disposition, path components stripped
  std::string content_type;      // the part's Content-Type ("" when absent)
  std::string bytes;
};

} // namespace parley::service
