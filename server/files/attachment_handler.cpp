// Attachment downloads (rest.md §6.6.3; RFC 9110 §14 range requests, §9.3.2 HEAD).
#include "server/files/attachment_handler.hpp"

#include <cerrno>
#include <string>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/snowflake.hpp"
#include "server/files/byte_range.hpp"

namespace parley::server::files {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view prefix = "/attachments/";

struct extension_type {
  std::string_view extension;
  std::string_view type;
};

// Types a browser displays or plays but does not run; html, svg, xml and scripts are absent on
// purpose and fall back to application/octet-stream.
constexpr extension_type types[] = {
    {"png", "image/png"},   {"jpg", "image/jpeg"},        {"jpeg", "image/jpeg"},     {"gif", "image/gif"},
    {"webp", "image/webp"}, {"avif", "image/avif"},       {"bmp", "image/bmp"},       {"mp4", "video/mp4"},
    {"webm", "video/webm"}, {"mov", "video/quicktime"},   {"mp3", "audio/mpeg"},      {"ogg", "audio/ogg"},
    {"oga", "audio/ogg"},   {"opus", "audio/ogg"},        {"wav", "audio/wav"},       {"flac", "audio/flac"},
    {"m4a", "audio/mp4"},   {"txt", "text/plain; charset=utf-8"}, {"log", "text/plain; charset=utf-8"},
    {"md", "text/plain; charset=utf-8"}, {"csv", "text/plain; charset=utf-8"}, {"json", "application/json"},
    {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
};

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

http::response json_reply(const http::request& req, bhttp::status status, std::string_view body) {
  http::response res{status, req.version()};
  res.set(bhttp::field::server, "parley");
  res.set(bhttp::field::content_type, "application/json");
  res.body() = body;
  return res;
}

// An open file descriptor, closed on scope exit.
struct file_handle {
  int fd = -1;
  ~file_handle() {
    if (fd >= 0) ::close(fd);
  }
};

bool read_exactly(int fd, std::string& out, std::uint64_t offset, std::size_t length) {
  out.resize(length);
  std::size_t done = 0;
  while (done < length) {
    const auto n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // error, or the file shrank under us
    done += static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

std::string_view attachment_content_type(std::string_view filename) noexcept {
  const auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto extension = filename.substr(dot + 1);
  for (const auto& t : types)
    if (iequals(t.extension, extension)) return t.type;
  return "application/octet-stream";
}

attachment_handler::attachment_handler(const store::file_store& files, http::request_handler& next)
    : files_(files), next_(next) {}

boost::asio::awaitable<http::response> attachment_handler::handle(http::request& req, const http::peer_info& peer) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));  // Discord's CDN adds ?ex=...
  if (!path.starts_with(prefix)) co_return co_await next_.handle(req, peer);
  co_return serve(req, path.substr(prefix.size()));
}

http::response attachment_handler::serve(const http::request& req, std::string_view rest) const {
  const bool head = req.method() == bhttp::verb::head;
  if (!head && req.method() != bhttp::verb::get)
    return json_reply(req, bhttp::status::method_not_allowed, R"({"message":"405: Method Not Allowed","code":0})");
  const auto not_found = [&req] {
    return json_reply(req, bhttp::status::not_found, R"({"message":"404: Not Found","code":0})");
  };

  // {channel_id}/{attachment_id}/{filename}: exactly three non-empty segments.
  const auto slash1 = rest.find('/');
  if (slash1 == std::string_view::npos) return not_found();
  const auto slash2 = rest.find('/', slash1 + 1);
  if (slash2 == std::string_view::npos) return not_found();
  const auto filename = rest.substr(slash2 + 1);
  if (filename.empty() || filename.find('/') != std::string_view::npos) return not_found();
  const auto channel_id = model::parse_snowflake(rest.substr(0, slash1));
  const auto attachment_id = model::parse_snowflake(rest.substr(slash1 + 1, slash2 - slash1 - 1));
  if (!channel_id || !attachment_id) return not_found();

  const auto located = files_.locate(*channel_id, *attachment_id);
  if (!located) return not_found();
  file_handle file{::open(located->c_str(), O_RDONLY | O_CLOEXEC)};
  struct ::stat st{};
  if (file.fd < 0 || ::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) return not_found();  // removed meanwhile
  const auto size = static_cast<std::uint64_t>(st.st_size);

  http::response res{bhttp::status::ok, req.version()};
  res.set(bhttp::field::server, "parley");
  res.set(bhttp::field::content_type, attachment_content_type(filename));
  res.set(bhttp::field::accept_ranges, "bytes");
  res.set(bhttp::field::access_control_allow_origin, "*");
  res.set(bhttp::field::cache_control, "public, max-age=86400");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "sandbox; default-src 'none'");

  std::uint64_t first = 0, length = size;
  const auto range = parse_byte_range(req[bhttp::field::range], size);
  if (range.what == byte_range_request::kind::unsatisfiable) {
    res.result(bhttp::status::range_not_satisfiable);
    res.set(bhttp::field::content_range, "bytes */" + std::to_string(size));
    res.set(bhttp::field::content_type, "application/json");
    res.body() = R"({"message":"416: Range Not Satisfiable","code":0})";
    return res;
  }
  if (range.what == byte_range_request::kind::partial) {
    first = range.first;
    length = range.last - range.first + 1;
    res.result(bhttp::status::partial_content);
    res.set(bhttp::field::content_range,
            "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(size));
  }
  if (head) {
    res.content_length(length);  // the HTTP server keeps it for HEAD (server/http/http_server.cpp)
    return res;
  }
  if (!read_exactly(file.fd, res.body(), first, static_cast<std::size_t>(length))) {
    return json_reply(req, bhttp::status::internal_server_error,
                      R"({"message":"500: Internal Server Error","code":0})");
  }
  return res;
}

} // namespace parley::server::files
