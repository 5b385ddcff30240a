// Discord's rules for the unique username of a person (rest.md §6.1, §7.10): 2–32 characters of
// lowercase letters, digits, '_' and '.', no two periods in a row, not "everyone"/"here", and
// not containing "discord". Bot names (application names) follow the looser display-name rules.
#pragma once

#include <optional>
#include <string_view>

namespace parley::model {

struct rule_violation {
  std::string_view code;    // Discord's string error code, e.g. "USERNAME_INVALID_CHARACTERS"
  std::string_view message;
};

// nullopt when the username is acceptable.
std::optional<rule_violation> check_username(std::string_view username);
// Bot user names and global (display) names: 1–32 characters after trimming, no '@', '#', ':',
// "```", and not "discord", "everyone" or "here".
std::optional<rule_violation> check_display_name(std::string_view name);

// Length in Unicode code points (names are measured in characters, not bytes); invalid UTF-8 → nullopt.
std::optional<std::size_t> utf8_length(std::string_view s);

} // namespace parley::model
