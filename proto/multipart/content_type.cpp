// multipart/form-data Content-Type parsing (RFC 7578 §4.1, RFC 2046 §5.1.1 boundary grammar).
#include "proto/multipart/content_type.hpp"

#include "proto/multipart/detail/header_parameters.hpp"
#include "proto/multipart/error.hpp"

namespace parley::proto::multipart {
namespace {

constexpr std::string_view form_data_type = "multipart/form-data";

bool is_bchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '\'': case '(': case ')': case '+': case '_': case ',': case '-': case '.': case '/': case ':':
    case '=': case '?': case ' ':
      return true;
    default:
      return false;
  }
}

} // namespace

bool is_form_data(std::string_view content_type) noexcept {
  auto media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  return detail::iequals(media, form_data_type);
}

result<std::string> form_data_boundary(std::string_view content_type) {
  if (!is_form_data(content_type)) return errc::not_form_data;
  auto parsed = detail::parse_header_parameters(content_type);
  if (!parsed) return parsed.error();
  const std::string* boundary = parsed->find("boundary");
  if (!boundary) return errc::missing_boundary;
  if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ') return errc::invalid_boundary;
  for (const char c : *boundary)
    if (!is_bchar(c)) return errc::invalid_boundary;
  return std::string(*boundary);
}

} // namespace parley::proto::multipart
