// `parley` / `parley chat`: the interactive terminal client (issue 6 item 4). It logs in like the
// other commands, loads the DM list over REST, keeps a gateway session with the SDK runtime
// (parley::client::client) for live messages, typing and presence, and runs the chat_screen on the
// same single-threaded io_context as the REST client.
//
// Keys: Enter sends; Tab / Ctrl-N next channel, Shift-Tab / Ctrl-P previous; PageUp/PageDown
// scroll (PageUp at the top loads older messages); Ctrl-U clears the line. Commands: /join NAME,
// /dm USER_ID, /status online|idle|dnd|invisible, /help, /quit.
#pragma once

#include "apps/parley/command_line.hpp"

namespace parley::apps {

// Answers the process exit code (0 after /quit or a signal; 1 when the server cannot be used;
// 2 without a login or a terminal).
int run_chat(const client_command& command);

} // namespace parley::apps
