// multipart/form-data message bodies (rest.md §5 "Uploading files") on top of proto/multipart.
#include "server/rest/multipart_request.hpp"

#include <charconv>
#include <optional>

#include <boost/json/parse.hpp>

#include "proto/multipart/content_type.hpp"
#include "proto/multipart/error.hpp"
#include "proto/multipart/form_data.hpp"

namespace parley::server::rest {
namespace {

using model::api_error;
using model::json_code;

constexpr std::size_t max_filename = 255;
constexpr std::size_t max_content_type = 255;
constexpr std::size_t max_fields = 64;  // form fields and payload_json besides the files

api_error too_large() { return api_error(413, json_code::entity_too_large, "Request entity too large"); }

api_error invalid_form(std::string_view field, std::string_view code, std::string_view message) {
  auto e = api_error::invalid_form_body();
  e.field(field, code, message);
  return e;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::int64_t> parse_index(std::string_view digits) {
  std::int64_t n = 0;
  if (digits.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size() || n < 0) return std::nullopt;
  return n;
}

// The placeholder of a file part's name: files[n], file (0), file<n>; none for other names.
std::optional<std::int64_t> file_placeholder(std::string_view name) {
  if (name.starts_with("files[") && name.ends_with("]")) return parse_index(name.substr(6, name.size() - 7));
  if (name == "file") return 0;
  if (name.starts_with("file")) return parse_index(name.substr(4));
  return std::nullopt;
}

// The part's Content-Type when it is a plausible one; anything odd is dropped rather than stored
// and echoed back in a response header later.
std::string clean_content_type(std::string_view ct) {
  if (ct.size() > max_content_type) return {};
  for (const char c : ct) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return {};
  }
  return std::string(ct);
}

} // namespace

std::string upload_filename(std::string_view raw) {
  std::string decoded;
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      const int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi >= 0 && lo >= 0) {
        decoded += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    decoded += raw[i];
  }
  std::string_view base = decoded;
  if (const auto slash = base.find_last_of("/\\"); slash != std::string_view::npos) base.remove_prefix(slash + 1);

  std::string out;
  for (const char c : base) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '-' || c == '_';
    out += keep ? c : '_';
    if (out.size() == max_filename) break;
  }
  // "." and ".." would be resolved away by clients as URL segments.
  if (out.find_first_not_of('.') == std::string::npos) return "unknown";
  return out;
}

model::api_result<multipart_body> read_multipart(std::string_view content_type, std::string_view body,
                                                 const upload_limits& limits) {
  namespace mp = proto::multipart;
  auto boundary = mp::form_data_boundary(content_type);
  if (!boundary) return api_error::invalid_form_body();
  mp::form_limits form;
  form.max_body_size = body.size();  // the HTTP layer already bounded it
  form.max_parts = limits.max_files + max_fields;
  auto parts = mp::parse_form_data(body, *boundary, form);
  if (!parts) {
    if (parts.error() == mp::errc::too_many_parts)
      return invalid_form("files", "BASE_TYPE_MAX_LENGTH",
                          "Must be " + std::to_string(limits.max_files) + " or fewer in length.");
    return api_error::invalid_form_body();
  }

  // Sizes first, before anything is copied.
  std::size_t files = 0, total = 0;
  for (const auto& p : *parts) {
    if (!file_placeholder(p.name)) continue;
    ++files;
    total += p.body.size();
    if (p.body.size() > limits.max_file_size || total > limits.max_total_size) return too_large();
  }
  if (files > limits.max_files)
    return invalid_form("files", "BASE_TYPE_MAX_LENGTH",
                        "Must be " + std::to_string(limits.max_files) + " or fewer in length.");

  multipart_body out;
  out.uploads.reserve(files);
  std::optional<boost::json::value> payload;
  boost::json::object fields;
  for (const auto& p : *parts) {
    if (const auto placeholder = file_placeholder(p.name)) {
      for (const auto& u : out.uploads)
        if (u.placeholder == *placeholder)
          return invalid_form(p.name, "MULTIPART_DUPLICATE_FILE", "Each file needs its own index.");
      service::upload u;
      u.placeholder = *placeholder;
      u.filename = upload_filename(p.filename ? *p.filename : std::string_view("unknown"));
      u.content_type = clean_content_type(p.content_type);
      u.bytes.assign(p.body);
      out.uploads.push_back(std::move(u));
    } else if (p.filename) {
      return invalid_form(p.name, "MULTIPART_UNKNOWN_FILE_FIELD", "Files go in parts named files[n].");
    } else if (p.name == "payload_json") {
      if (payload) return invalid_form("payload_json", "MULTIPART_DUPLICATE_FIELD", "Sent more than once.");
      boost::system::error_code ec;
      auto v = boost::json::parse(p.body, ec);
      if (ec) return api_error(400, json_code::invalid_json, "The request body contains invalid JSON.");
      if (!v.is_object()) return api_error::invalid_form_body();
      payload = std::move(v);
    } else {
      if (p.name == "tts" || p.name == "enforce_nonce") {
        if (p.body == "true") {
          fields[p.name] = true;
          continue;
        }
        if (p.body == "false") {
          fields[p.name] = false;
          continue;
        }
      }
      fields[p.name] = boost::json::string(p.body);
    }
  }
  out.body = payload ? std::move(*payload) : boost::json::value(std::move(fields));
  return out;
}

} // namespace parley::server::rest
