#include "model/username.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace parley::model {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

} // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::nullopt;
    i += n;
    ++count;
  }
  return count;
}

std::optional<rule_violation> check_username(std::string_view u) {
  if (u.size() < 2 || u.size() > 32)
    return rule_violation{"BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length."};
  const bool allowed = std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
  if (!allowed || u.find("..") != std::string_view::npos)
    return rule_violation{"USERNAME_INVALID_CHARACTERS",
                          "Username can only contain lowercase letters, numbers, underscores and periods, with no two periods in a row."};
  if (u == "everyone" || u == "here" || u.find("discord") != std::string_view::npos)
    return rule_violation{"USERNAME_INVALID_CONTAINS", "Username cannot be \"everyone\" or \"here\" or contain \"discord\"."};
  return std::nullopt;
}

std::optional<rule_violation> check_display_name(std::string_view name) {
  const auto first = name.find_first_not_of(" \t\r\n");
  const auto last = name.find_last_not_of(" \t\r\n");
  const std::string_view trimmed = first == std::string_view::npos ? std::string_view{} : name.substr(first, last - first + 1);
  const auto length = utf8_length(trimmed);
  if (!length) return rule_violation{"BASE_TYPE_BAD_LENGTH", "Must be valid UTF-8."};
  if (*length < 1 || *length > 32) return rule_violation{"BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."};
  for (std::string_view bad : {"@", "#", ":", "```"})
    if (trimmed.find(bad) != std::string_view::npos)
      return rule_violation{"NAME_INVALID_CHARACTERS", "Name cannot contain \"@\", \"#\", \":\" or \"```\"."};
  const std::string lower = lowercase(trimmed);
  if (lower == "everyone" || lower == "here" || lower.find("discord") != std::string::npos)
    return rule_violation{"NAME_INVALID_CONTAINS", "Name cannot be \"everyone\" or \"here\" or contain \"discord\"."};
  return std::nullopt;
}

} // namespace parley::model
