// The scriptable client commands of `parley` (issue 6 item 4): login, logout, guilds, channels,
// send, history, tail, dm, status. Text output by default, Discord's JSON with --json. Errors go
// to stderr as "parley: HTTP 404, code 10003: Unknown Channel".
#pragma once

#include "apps/parley/command_line.hpp"

namespace parley::apps {

inline constexpr int exit_ok = 0;
inline constexpr int exit_api_error = 1;  // the server refused, or could not be reached
inline constexpr int exit_usage = 2;

// Runs one command (not chat: chat_session.hpp); answers the process exit code.
int run_client_command(const client_command& command);

} // namespace parley::apps
