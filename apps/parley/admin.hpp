// `parley admin`: administration of a data directory (works while the server runs: SQLite WAL).
#pragma once

#include <CLI/CLI.hpp>

namespace parley::apps {

// Adds the `admin` subcommand and its subcommands to the app; the callbacks run the commands.
void add_admin_commands(CLI::App& app, int& exit_code);

} // namespace parley::apps
