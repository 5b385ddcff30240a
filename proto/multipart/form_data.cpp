// multipart/form-data body parsing (RFC 7578 §4, RFC 2046 §5.1.1 grammar; RFC 8187 for filename*).
#include "proto/multipart/form_data.hpp"

#include <algorithm>
#include <functional>

#include "proto/multipart/detail/header_parameters.hpp"
#include "proto/multipart/error.hpp"

namespace parley::proto::multipart {
namespace {

using detail::iequals;

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 8187 ext-value: charset "'" [language] "'" value-chars. Only UTF-8 is accepted (the RFC
// requires recipients to support it; ISO-8859-1 names are rare enough to fall back to filename).
std::optional<std::string> decode_ext_value(std::string_view v) {
  const auto q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  const auto q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || !iequals(v.substr(0, q1), "utf-8")) return std::nullopt;
  std::string out;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] != '%') {
      out += v[i];
      continue;
    }
    if (i + 2 >= v.size()) return std::nullopt;
    const int hi = hex_value(v[i + 1]), lo = hex_value(v[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool is_token_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != ':' && c != '(' && c != ')' && c != '<' && c != '>' && c != '@' &&
         c != ',' && c != ';' && c != '\\' && c != '"' && c != '/' && c != '[' && c != ']' && c != '?' &&
         c != '=' && c != '{' && c != '}';
}

std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

result<void> apply_disposition(std::string_view value, form_part& part) {
  auto parsed = detail::parse_header_parameters(value);
  if (!parsed || !iequals(parsed->value, "form-data")) return errc::invalid_disposition;
  const std::string* name = parsed->find("name");
  if (!name) return errc::invalid_disposition;
  part.name = *name;
  if (const std::string* ext = parsed->find("filename*"))
    part.filename = decode_ext_value(*ext);
  if (!part.filename)
    if (const std::string* plain = parsed->find("filename")) part.filename = *plain;
  return {};
}

// One header line (without its CRLF) of a part.
result<void> apply_header(std::string_view line, form_part& part, bool& seen_disposition, bool& seen_type) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return errc::malformed_header;
  const auto name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), is_token_char)) return errc::malformed_header;  // also folding
  const auto value = trim_ows(line.substr(colon + 1));
  if (iequals(name, "content-disposition")) {
    if (seen_disposition) return errc::malformed_header;
    seen_disposition = true;
    return apply_disposition(value, part);
  }
  if (iequals(name, "content-type")) {
    if (seen_type) return errc::malformed_header;
    seen_type = true;
    part.content_type = value;
  }
  return {};
}

} // namespace

result<std::vector<form_part>> parse_form_data(std::string_view body, std::string_view boundary,
                                               const form_limits& limits) {
  if (body.size() > limits.max_body_size) return errc::body_too_large;
  if (boundary.empty()) return errc::invalid_boundary;

  // Every delimiter after the first is CRLF "--" boundary (RFC 2046 §5.1.1); the first may also
  // open the body directly. The boundary cannot occur inside a part, so its first occurrence ends it.
  std::string delimiter = "\r\n--";
  delimiter += boundary;
  const std::string_view dash_boundary = std::string_view(delimiter).substr(2);
  const std::boyer_moore_horspool_searcher search(delimiter.begin(), delimiter.end());
  const auto find_delimiter = [&](std::size_t from) -> std::size_t {
    const auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), search);
    return it == body.end() ? std::string_view::npos : static_cast<std::size_t>(it - body.begin());
  };

  std::size_t pos = 0;
  if (!body.starts_with(dash_boundary)) {
    const auto first = find_delimiter(0);
    if (first == std::string_view::npos) return errc::no_opening_delimiter;
    pos = first + 2;
  }
  pos += dash_boundary.size();

  std::vector<form_part> parts;
  for (;;) {
    // Just after a boundary: "--" closes the body (the epilogue is ignored), else padding + CRLF.
    if (body.size() - pos < 2) return errc::truncated;
    if (body.compare(pos, 2, "--") == 0) return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.size() - pos < 2) return errc::truncated;
    if (body.compare(pos, 2, "\r\n") != 0) return errc::malformed_delimiter;
    pos += 2;
    if (parts.size() == limits.max_parts) return errc::too_many_parts;

    form_part part;
    bool seen_disposition = false, seen_type = false;
    const std::size_t header_start = pos;
    for (;;) {
      // Search no further than the header limit allows, so a body without CRLF costs little.
      const std::size_t window = std::min(body.size() - pos, limits.max_header_size + 2 - (pos - header_start));
      const auto eol = body.substr(pos, window).find("\r\n");
      if (eol == std::string_view::npos)
        return window == body.size() - pos ? errc::truncated : errc::header_too_large;
      const auto line = body.substr(pos, eol);
      pos += eol + 2;
      if (pos - header_start > limits.max_header_size + 2) return errc::header_too_large;
      if (line.empty()) break;
      if (auto applied = apply_header(line, part, seen_disposition, seen_type); !applied) return applied.error();
    }
    if (!seen_disposition) return errc::missing_disposition;

    // From the CRLF that ended the headers: an empty part is often sent as headers, an empty
    // line and the delimiter directly (that CRLF then serves as the delimiter's).
    const auto next = find_delimiter(pos - 2);
    if (next == std::string_view::npos) return errc::truncated;
    part.body = body.substr(pos, next < pos ? 0 : next - pos);  // an empty body still points into `body`
    parts.push_back(std::move(part));
    pos = next + delimiter.size();
  }
}

} // namespace parley::proto::multipart
