// Building multipart/form-data request bodies for uploads (rest.md §5, RFC 7578): a payload_json
// part with the JSON body and one files[n] part per file, with `attachments` metadata whose ids
// match the part numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace parley::client::rest {

struct file_upload {
  std::string filename;
  std::string data;
  std::string content_type = "application/octet-stream";
  std::string description;  // alt text, "" for none
};

struct multipart_body {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string data;
};

// `boundary`: 1-70 characters from RFC 2046's set, unlikely to occur in the data (the caller
// makes a random one). When `payload` has no "attachments" key, one entry per file is added
// ({id: n, filename, description?}); otherwise the caller's list is kept as given.
multipart_body make_multipart_body(boost::json::object payload, const std::vector<file_upload>& files,
                                   std::string_view boundary);

} // namespace parley::client::rest
