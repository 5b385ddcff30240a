// `parley voice`: see voice_command.hpp.
#include "apps/parley/voice_command.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "apps/parley/client_commands.hpp"
#include "apps/parley/client_config.hpp"
#include "apps/parley/server_login.hpp"
#include "client/voice/voice_cli.hpp"

namespace parley::apps {

int run_voice_command(const client_command& command) {
  namespace pcv = client::voice;
  auto options = pcv::parse_voice_cli(command.voice_args);
  if (!options) return pcv::voice_cli_usage("parley voice");

  std::optional<client_config> saved;
  const auto getenv = [](const char* name) { return std::getenv(name); };
  if (auto path = config_path(getenv)) {
    auto loaded = load_client_config(*path);
    if (!loaded) {
      std::cerr << "parley: cannot read " << path->string() << ": " << loaded.error().message() << "\n";
      return exit_usage;
    }
    saved = std::move(*loaded);
  }
  client_command where;
  where.server = options->url;
  where.token = options->token;
  std::string problem;
  auto login = resolve_login(where, saved, getenv, problem);
  if (!login) {
    std::cerr << "parley: " << problem << "\n";
    return exit_usage;
  }
  options->url = login->server;
  // The config holds the REST Authorization value; the gateway's Identify takes the bare token.
  options->token = login->bot ? login->authorization.substr(4) : login->authorization;
  return pcv::run_voice_cli(*options);
}

} // namespace parley::apps
