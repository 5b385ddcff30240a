// multipart/form-data bodies for uploads (rest.md §5, RFC 7578 §4).
#include "client/rest/multipart_body.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace parley::client::rest {

namespace {

// RFC 7578 §4.2 leaves filename escaping to the HTML form rules: quote, CR and LF are
// percent-encoded so a filename cannot end the header early.
void append_quoted(std::string& out, std::string_view value) {
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') out.append("%22");
    else if (c == '\r') out.append("%0D");
    else if (c == '\n') out.append("%0A");
    else out.push_back(c);
  }
  out.push_back('"');
}

void append_content_type(std::string& out, std::string_view type) {
  out.append("Content-Type: ");
  for (const char c : type)
    if (c != '\r' && c != '\n') out.push_back(c);
  out.append("\r\n");
}

} // namespace

multipart_body make_multipart_body(boost::json::object payload, const std::vector<file_upload>& files,
                                   std::string_view boundary) {
  if (!files.empty() && !payload.contains("attachments")) {
    boost::json::array attachments;
    for (std::size_t i = 0; i < files.size(); ++i) {
      boost::json::object a{{"id", i}, {"filename", files[i].filename}};
      if (!files[i].description.empty()) a["description"] = files[i].description;
      attachments.push_back(std::move(a));
    }
    payload["attachments"] = std::move(attachments);
  }
  const auto json = boost::json::serialize(payload);

  std::size_t size = json.size() + 256;
  for (const auto& f : files) size += f.data.size() + f.filename.size() + f.content_type.size() + 160;
  multipart_body body;
  body.content_type.append("multipart/form-data; boundary=").append(boundary);
  auto& out = body.data;
  out.reserve(size);
  out.append("--").append(boundary).append("\r\n");
  out.append("Content-Disposition: form-data; name=\"payload_json\"\r\n");
  out.append("Content-Type: application/json\r\n\r\n");
  out.append(json).append("\r\n");
  for (std::size_t i = 0; i < files.size(); ++i) {
    out.append("--").append(boundary).append("\r\n");
    out.append("Content-Disposition: form-data; name=\"files[").append(std::to_string(i)).append("]\"; filename=");
    append_quoted(out, files[i].filename);
    out.append("\r\n");
    append_content_type(out, files[i].content_type.empty() ? "application/octet-stream" : files[i].content_type);
    out.append("\r\n").append(files[i].data).append("\r\n");
  }
  out.append("--").append(boundary).append("--\r\n");
  return body;
}

} // namespace parley::client::rest
