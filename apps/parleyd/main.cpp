// parleyd: every server role in one process by default. See config.hpp for the options.
#include <iostream>

#include <spdlog/spdlog.h>

#include "apps/parleyd/config.hpp"
#include "apps/parleyd/node.hpp"

int main(int argc, char** argv) {
  auto loaded = parley::apps::load_config(argc, argv);
  if (auto* code = std::get_if<int>(&loaded)) return *code;
  auto& cfg = std::get<parley::apps::config>(loaded);

  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  // logfmt-style lines: easy to read, easy to parse.
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l thread=%t msg=\"%v\"", spdlog::pattern_time_type::utc);
  try {
    parley::apps::node n(std::move(cfg));
    n.start();
    return n.run();
  } catch (const std::exception& e) {
    spdlog::critical("startup failed: {}", e.what());
    std::cerr << "parleyd: " << e.what() << "\n";
    return 1;
  }
}
