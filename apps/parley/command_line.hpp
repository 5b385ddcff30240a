// The client subcommands of `parley` (issue 6 item 4): login, logout, chat and the scriptable
// guilds, channels, send, history, tail, dm and status, and voice (voice_command.hpp). Parsing
// only: the options land in a client_command that main() hands to run_client_command() (or
// run_voice_command()). `parley admin ...` is admin.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace parley::apps {

enum class client_action { none, login, logout, chat, guilds, channels, send, history, tail, dm, status, voice };

struct client_command {
  client_action action = client_action::none;
  // Where and as whom; empty = from the environment (PARLEY_SERVER, PARLEY_TOKEN) or the config file.
  std::string server;
  std::string token;
  bool json = false;  // machine output: Discord's JSON objects instead of text lines

  // login
  std::string username;
  bool password_stdin = false;

  std::uint64_t guild_id = 0;
  std::uint64_t channel_id = 0;
  std::uint64_t user_id = 0;
  std::vector<std::string> words;  // send/dm text; none = read stdin
  int limit = 50;                  // history page size, 1-100
  std::uint64_t before = 0;        // history: messages older than this id
  std::string status;              // online, idle, dnd, invisible
  bool stay = false;               // status: keep the session (and so the presence) until interrupted
  std::vector<std::string> voice_args;  // voice: `play|record [options] FILE`, parsed by client/voice/voice_cli
};

// Adds the client subcommands to `app`; the parsed subcommand sets `out.action`.
void add_client_commands(CLI::App& app, client_command& out);

// The words of a send/dm joined with single spaces.
std::string joined_text(const std::vector<std::string>& words);

} // namespace parley::apps
