// Serves attachment files (rest.md §6.6.3 `url`): GET and HEAD of
// /attachments/{channel_id}/{attachment_id}/{filename}, public like Discord's CDN (the ids are
// unguessable enough to be the capability), with Content-Length, Accept-Ranges: bytes and single
// Range requests (206, 416). Every other path goes to the next handler.
//
// Content-Type comes from the filename's extension, from a short list of types a browser will
// not execute (application/octet-stream otherwise): the file store keeps bytes only, and the
// filename in the URL is the uploader's, cleaned (server/rest/multipart_request.hpp). Responses
// also carry nosniff and a sandbox CSP, since uploads are served from the API's own origin.
//
// The response type of the HTTP layer holds its body in memory, so a request reads the bytes it
// serves (at most one file, bounded by the upload limit); the read runs on the io thread.
#pragma once

#include <string_view>

#include "server/http/handler.hpp"
#include "store/file_store.hpp"

namespace parley::server::files {

class attachment_handler final : public http::request_handler {
 public:
  // Both must outlive this handler.
  attachment_handler(const store::file_store& files, http::request_handler& next);

  boost::asio::awaitable<http::response> handle(http::request& req, const http::peer_info& peer) override;

 private:
  http::response serve(const http::request& req, std::string_view path) const;

  const store::file_store& files_;
  http::request_handler& next_;
};

// The Content-Type served for a filename (by its extension, case-insensitive).
std::string_view attachment_content_type(std::string_view filename) noexcept;

} // namespace parley::server::files
