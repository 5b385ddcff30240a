// Text output of the terminal client: see message_format.hpp.
#include "apps/parley/message_format.hpp"

#include <cstdint>

#include <boost/json/value.hpp>

namespace parley::apps {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

std::string_view string_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

// Length of the valid UTF-8 sequence at text[i], 0 when invalid (RFC 3629 ranges: no overlongs,
// no surrogates, nothing past U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i, std::uint32_t& code_point) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const auto c0 = b(0);
  if (c0 < 0x80) {
    code_point = c0;
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((c0 & 0xE0) == 0xC0) n = 2, min = 0x80, code_point = c0 & 0x1F;
  else if ((c0 & 0xF0) == 0xE0) n = 3, min = 0x800, code_point = c0 & 0x0F;
  else if ((c0 & 0xF8) == 0xF0) n = 4, min = 0x10000, code_point = c0 & 0x07;
  else return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (b(k) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return n;
}

} // namespace

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const auto n = utf8_length(text, i, cp);
    if (n == 0) {
      out += replacement;
      ++i;
      continue;
    }
    if (cp == '\n') out += keep_newlines ? '\n' : ' ';
    else if (cp == '\t') out += ' ';
    else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) out += replacement;
    else out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string display_name(const boost::json::object& user) {
  if (auto g = string_field(user, "global_name"); !g.empty()) return terminal_safe(g);
  if (auto u = string_field(user, "username"); !u.empty()) return terminal_safe(u);
  return terminal_safe(string_field(user, "id"));
}

std::string format_timestamp(std::string_view iso, bool short_form) {
  // YYYY-MM-DDTHH:MM at least.
  const bool shaped = iso.size() >= 16 && iso[4] == '-' && iso[7] == '-' && (iso[10] == 'T' || iso[10] == ' ') &&
                      iso[13] == ':';
  if (!shaped) return terminal_safe(iso);
  if (short_form) return terminal_safe(iso.substr(11, 5));
  return terminal_safe(iso.substr(0, 10)) + " " + terminal_safe(iso.substr(11, 5));
}

std::string message_body(const boost::json::object& message) {
  std::string body = terminal_safe(string_field(message, "content"), true);
  if (const auto* files = message.if_contains("attachments"); files && files->is_array()) {
    for (const auto& f : files->get_array()) {
      if (!f.is_object()) continue;
      if (!body.empty()) body += ' ';
      body += "[file: " + terminal_safe(string_field(f.get_object(), "filename")) + "]";
    }
  }
  if (const auto* embeds = message.if_contains("embeds"); embeds && embeds->is_array()) {
    for (const auto& e : embeds->get_array()) {
      if (!e.is_object()) continue;
      if (!body.empty()) body += ' ';
      body += "[embed: " + terminal_safe(string_field(e.get_object(), "title")) + "]";
    }
  }
  if (const auto* edited = message.if_contains("edited_timestamp"); edited && edited->is_string())
    body += " (edited)";
  return body;
}

std::string format_message_line(const boost::json::object& message) {
  std::string author = "?";
  if (const auto* a = message.if_contains("author"); a && a->is_object()) author = display_name(a->get_object());
  std::string line = "[" + format_timestamp(string_field(message, "timestamp")) + "] " + author + ": ";
  for (char c : message_body(message)) {
    if (c == '\n') line += "\n    ";
    else line += c;
  }
  return line;
}

std::string format_guild_line(const boost::json::object& guild) {
  return terminal_safe(string_field(guild, "id")) + "\t" + terminal_safe(string_field(guild, "name"));
}

std::string channel_label(const boost::json::object& channel) {
  std::int64_t type = 0;
  if (const auto* t = channel.if_contains("type"); t && t->is_int64()) type = t->get_int64();
  const auto name = terminal_safe(string_field(channel, "name"));
  switch (type) {
    case 0: return "#" + name;
    case 1: {
      const auto* r = channel.if_contains("recipients");
      if (r && r->is_array() && !r->get_array().empty() && r->get_array()[0].is_object())
        return "@" + display_name(r->get_array()[0].get_object());
      return "@" + name;
    }
    case 2: return "[voice] " + name;
    case 3: return "[group] " + name;
    case 4: return "[category] " + name;
    case 5: return "[news] #" + name;
    case 13: return "[stage] " + name;
    case 15: return "[forum] " + name;
    default: return "[type " + std::to_string(type) + "] " + name;
  }
}

std::string format_channel_line(const boost::json::object& channel) {
  return terminal_safe(string_field(channel, "id")) + "\t" + channel_label(channel);
}

} // namespace parley::apps
