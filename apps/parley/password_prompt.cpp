// Reading the password for `parley login`: see password_prompt.hpp.
#include "apps/parley/password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace parley::apps {

std::optional<std::string> read_password(bool from_stdin) {
  std::string line;
  if (from_stdin) {
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (!::isatty(STDIN_FILENO)) return std::nullopt;
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  std::cerr << "Password: " << std::flush;
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!ok) return std::nullopt;
  return line;
}

} // namespace parley::apps
