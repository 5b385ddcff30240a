// parley: the command-line tool. `parley admin ...` administers a data directory; the other
// subcommands are the terminal client (client_commands.hpp); no subcommand starts the interactive
// chat (chat_session.hpp). Exit codes: 0 ok, 1 API error, 2 usage.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "apps/parley/admin.hpp"
#include "apps/parley/chat_session.hpp"
#include "apps/parley/client_commands.hpp"
#include "apps/parley/command_line.hpp"
#include "apps/parley/voice_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"parley: Parley's command-line tool and terminal client"};
  app.require_subcommand(0, 1);
  int exit_code = 0;
  parley::apps::add_admin_commands(app, exit_code);
  parley::apps::client_command command;
  parley::apps::add_client_commands(app, command);
  spdlog::set_level(spdlog::level::warn);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : parley::apps::exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "parley: " << e.what() << "\n";
    return 1;
  }
  if (app.got_subcommand("admin")) return exit_code;
  try {
    if (command.action == parley::apps::client_action::none || command.action == parley::apps::client_action::chat)
      return parley::apps::run_chat(command);
    if (command.action == parley::apps::client_action::voice) return parley::apps::run_voice_command(command);
    return parley::apps::run_client_command(command);
  } catch (const std::exception& e) {
    std::cerr << "parley: " << e.what() << "\n";
    return parley::apps::exit_api_error;
  }
}
