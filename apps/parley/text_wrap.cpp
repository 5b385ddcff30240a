// Word wrapping for the chat pane: see text_wrap.hpp.
#include "apps/parley/text_wrap.hpp"

namespace parley::apps {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Wraps one paragraph (no '\n') into `out`.
void wrap_paragraph(std::string_view text, std::size_t width, std::size_t indent, std::vector<std::string>& out) {
  bool first = out.empty();
  do {
    const std::size_t room = first || indent >= width ? width : width - indent;
    std::string prefix = first || indent >= width ? std::string() : std::string(indent, ' ');
    first = false;
    auto fitting = fit_columns(text, room);
    if (fitting.size() < text.size()) {
      // Prefer to break after the last space that fits; a word longer than the line is cut.
      if (auto space = fitting.rfind(' '); space != std::string_view::npos && space > 0) fitting = fitting.substr(0, space + 1);
    }
    std::string_view line = fitting;
    while (!line.empty() && line.back() == ' ' && fitting.size() < text.size()) line.remove_suffix(1);
    out.push_back(prefix + std::string(line));
    text.remove_prefix(fitting.size());
    // A space where the line broke is not carried to the next line.
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  } while (!text.empty());
}

} // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += continuation(c) ? 0 : 1;
  return n;
}

std::string_view fit_columns(std::string_view utf8, std::size_t columns) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (continuation(utf8[i])) continue;
    if (used == columns) return utf8.substr(0, i);
    ++used;
  }
  return utf8;
}

std::vector<std::string> wrap_text(std::string_view text, std::size_t width, std::size_t indent) {
  if (width == 0) width = 1;
  std::vector<std::string> lines;
  for (;;) {
    const auto nl = text.find('\n');
    wrap_paragraph(text.substr(0, nl), width, indent, lines);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

} // namespace parley::apps
