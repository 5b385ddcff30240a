// Header parameter lists (RFC 9110 §5.6.4 quoted-string, §5.6.6 parameters).
#include "proto/multipart/detail/header_parameters.hpp"

#include "proto/multipart/error.hpp"

namespace parley::proto::multipart::detail {
namespace {

bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Unquoted values are read liberally (anything up to ';' or whitespace that is not a control or a
// quote): clients send unquoted boundaries with '/', ':', '=' and similar RFC 2046 bchars.
bool is_bare_value_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != ';' && c != '"' && c != ',';
}

void skip_ows(std::string_view s, std::size_t& i) noexcept {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

const std::string* header_parameters::find(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (iequals(n, name)) return &v;
  return nullptr;
}

result<header_parameters> parse_header_parameters(std::string_view s) {
  header_parameters out;
  std::size_t i = 0;
  skip_ows(s, i);
  const std::size_t value_start = i;
  while (i < s.size() && s[i] != ';' && s[i] != ' ' && s[i] != '\t') ++i;
  out.value = s.substr(value_start, i - value_start);
  skip_ows(s, i);
  while (i < s.size()) {
    if (s[i] != ';') return errc::malformed_parameters;
    ++i;
    skip_ows(s, i);
    if (i == s.size()) break;  // trailing ';'
    if (s[i] == ';') continue;  // empty parameter
    const std::size_t name_start = i;
    while (i < s.size() && is_tchar(s[i])) ++i;
    if (i == name_start || i == s.size() || s[i] != '=') return errc::malformed_parameters;
    const auto name = s.substr(name_start, i - name_start);
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        const char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i == s.size()) return errc::malformed_parameters;
          value += s[i++];
        } else if (c == '\r' || c == '\n') {
          return errc::malformed_parameters;
        } else {
          value += c;
        }
      }
      if (!closed) return errc::malformed_parameters;
    } else {
      const std::size_t start = i;
      while (i < s.size() && is_bare_value_char(s[i])) ++i;
      if (i == start) return errc::malformed_parameters;
      value.assign(s.substr(start, i - start));
    }
    out.params.emplace_back(name, std::move(value));
    skip_ows(s, i);
  }
  return out;
}

} // namespace parley::proto::multipart::detail
