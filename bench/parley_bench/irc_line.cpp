// IRC line parsing (irc_line.hpp; RFC 1459 §2.3.1, RFC 2812 §2.3.1).
#include "bench/parley_bench/irc_line.hpp"

namespace parley::bench::irc {

result<irc_message> parse_irc_line(std::string_view line) noexcept {
  irc_message m;
  auto skip_spaces = [&line] {
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  };
  auto take_word = [&line] {
    const std::size_t end = line.find(' ');
    const std::string_view word = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return word;
  };
  skip_spaces();
  if (!line.empty() && line.front() == '@') {
    (void)take_word();
    skip_spaces();
  }
  if (!line.empty() && line.front() == ':') {
    line.remove_prefix(1);
    m.prefix = take_word();
    skip_spaces();
  }
  m.command = take_word();
  if (m.command.empty()) return gateway_load::errc::irc_malformed;
  for (;;) {
    skip_spaces();
    if (line.empty()) break;
    if (line.front() == ':' || m.param_count == m.params.size() - 1) {
      // The trailing parameter (or the 15th, which takes the rest of the line).
      if (line.front() == ':') line.remove_prefix(1);
      m.params[m.param_count++] = line;
      break;
    }
    m.params[m.param_count++] = take_word();
  }
  return m;
}

} // namespace parley::bench::irc
