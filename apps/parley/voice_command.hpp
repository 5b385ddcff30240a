// `parley voice play|record` (issue 7 item 4; voice.md): the SDK's voice command line
// (client/voice/voice_cli.hpp, the same code as parley-voice), with the server and token of the
// saved login (or PARLEY_SERVER/PARLEY_TOKEN) when --url/--token are not given.
#pragma once

#include "apps/parley/command_line.hpp"

namespace parley::apps {

// Answers the process exit code: 0 ok, 1 voice failure, 2 usage (bad arguments, not logged in).
int run_voice_command(const client_command& command);

} // namespace parley::apps
