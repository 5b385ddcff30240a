// parley: the command-line tool. `parley admin ...` administers a data directory.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "apps/parley/admin.hpp"

int main(int argc, char** argv) {
  CLI::App app{"parley: Parley's command-line tool"};
  app.require_subcommand(1);
  int exit_code = 0;
  parley::apps::add_admin_commands(app, exit_code);
  spdlog::set_level(spdlog::level::warn);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "parley: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
