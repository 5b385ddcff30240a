// Parsing the reaction routes' {emoji} path segment and the partial emoji JSON (rest.md §6.7).
#include "model/emoji.hpp"

#include <cstdint>
#include <optional>

#include "model/snowflake.hpp"

namespace parley::model {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one code point at the front of `bytes` (already known to be valid UTF-8).
char32_t take_code_point(std::string_view& bytes) {
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  std::size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(bytes[i]) & 0x3F);
  bytes.remove_prefix(n);
  return cp;
}

// The blocks Unicode's emoji data draws from (emoji-data.txt, Emoji=Yes and the sequence
// components): pictographs, dingbats, arrows, symbols, regional indicators, skin tones, plus the
// joiner, variation selectors, the keycap mark and the tag characters of subdivision flags.
bool is_emoji_code_point(char32_t cp) {
  return cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139 ||
         (cp >= 0x2194 && cp <= 0x21AA) || (cp >= 0x231A && cp <= 0x23FF) || cp == 0x24C2 ||
         (cp >= 0x25AA && cp <= 0x27BF) || (cp >= 0x2934 && cp <= 0x2935) || (cp >= 0x2B05 && cp <= 0x2B55) ||
         cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299 || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
         cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F);
}

// Keycap bases ("1️⃣", "#️⃣", "*️⃣"): the only ASCII inside an emoji.
bool is_keycap_base(char32_t cp) { return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*'; }

bool is_unicode_emoji(std::string_view text) {
  if (text.empty() || text.size() > max_unicode_emoji_bytes) return false;
  std::size_t code_points = 0;
  bool non_ascii = false;
  while (!text.empty()) {
    const char32_t cp = take_code_point(text);
    if (++code_points > max_unicode_emoji_code_points) return false;
    if (cp < 0x80) {
      if (!is_keycap_base(cp)) return false;
    } else if (is_emoji_code_point(cp)) {
      non_ascii = true;
    } else {
      return false;
    }
  }
  return non_ascii;
}

bool is_custom_emoji_name(std::string_view name) {
  if (name.empty() || name.size() > max_custom_emoji_name) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const char c = segment[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (segment.size() - i < 3) return std::nullopt;
    const int hi = hex_value(segment[i + 1]);
    const int lo = hex_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
    i += 2;
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2, min = 0x80, cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3, min = 0x800, cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
      return false;  // continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (bytes.size() - i < n) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(bytes[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

api_error unknown_emoji() { return api_error(400, json_code::unknown_emoji, "Unknown Emoji"); }

api_result<emoji_ref> parse_path_emoji(std::string_view segment) {
  // An emoji never needs more than a few dozen bytes, even fully percent-encoded.
  if (segment.empty() || segment.size() > 3 * max_unicode_emoji_bytes) return unknown_emoji();
  auto decoded = percent_decode(segment);
  if (!decoded || !is_valid_utf8(*decoded)) return unknown_emoji();
  std::string_view text = *decoded;

  const auto last_colon = text.rfind(':');
  if (last_colon == std::string_view::npos) {
    if (!is_unicode_emoji(text)) return unknown_emoji();
    emoji_ref e;
    e.name = std::move(*decoded);
    return e;
  }

  // Custom: [a]:name:id or name:id; the id decides, the name is what the client called it.
  emoji_ref e;
  const auto id = parse_snowflake(text.substr(last_colon + 1));
  if (!id || *id == 0) return unknown_emoji();
  std::string_view head = text.substr(0, last_colon);
  if (const auto colon = head.find(':'); colon != std::string_view::npos) {
    const auto prefix = head.substr(0, colon);
    if (prefix == "a") {
      e.animated = true;
    } else if (!prefix.empty()) {
      return unknown_emoji();
    }
    head.remove_prefix(colon + 1);
  }
  if (!is_custom_emoji_name(head)) return unknown_emoji();
  e.id = *id;
  e.name = std::string(head);
  return e;
}

boost::json::object to_json(const emoji_ref& e) {
  boost::json::object o;
  if (e.id) {
    o["id"] = to_string(*e.id);
  } else {
    o["id"] = nullptr;
  }
  o["name"] = e.name;
  if (e.animated) o["animated"] = true;
  return o;
}

} // namespace parley::model
