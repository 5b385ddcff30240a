// Reading the password for `parley login`: from the terminal with echo off, or the first line of
// stdin for scripts (--password-stdin), so it never appears in argv or the shell history.
#pragma once

#include <optional>
#include <string>

namespace parley::apps {

// nullopt when stdin ended before a line (or is not a terminal and from_stdin is false).
std::optional<std::string> read_password(bool from_stdin);

} // namespace parley::apps
