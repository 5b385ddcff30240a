// parley-bench: the load generator every benchmark uses (DESIGN.md "What runs").
//   parley-bench [gateway] --port P (--tokens FILE | --register) [options]   N gateway sessions on the
//                                     SDK core: identify rate, idle memory, fan-out (or one --shard)
//   parley-bench merge [FILE...]      merge the JSON lines of --shard processes
//   parley-bench irc --port P [options]     the same fan-out scenario against an IRC server
//   parley-bench sink --port P [options]    the receive-ceiling stand-in server
#include "bench/gateway_load/http_client.hpp"
#include "bench/gateway_load/load_options.hpp"
#include "bench/gateway_load/load_runner.hpp"
#include "bench/gateway_load/result_merge.hpp"
#include "bench/parley_bench/irc_options.hpp"
#include "bench/parley_bench/irc_runner.hpp"
#include "bench/parley_bench/sink_server.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <variant>
#include <vector>

namespace gl = parley::bench::gateway_load;

namespace {

std::vector<std::string> read_tokens(const std::string& path) {
  std::vector<std::string> tokens;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    tokens.push_back(line.substr(first, last - first + 1));
  }
  return tokens;
}

// POST /api/v10/auth/register for `count` fresh accounts (the server runs with minimal password
// cost and without rate limits for benchmarks).
std::vector<std::string> register_accounts(const gl::load_options& o) {
  std::vector<std::string> tokens;
  auto http = gl::http_client::connect(o.host, o.port);
  if (!http) {
    std::fprintf(stderr, "register: %s\n", http.error().message().c_str());
    return tokens;
  }
  const std::string prefix = "pbench_" + std::to_string(::getpid()) + "_" + std::to_string(::time(nullptr) % 100000) + "_";
  for (std::uint32_t i = 0; i < o.accounts; ++i) {
    const std::string body = boost::json::serialize(
        boost::json::object{{"username", prefix + std::to_string(i)}, {"password", "parley-load-password-1"}});
    auto r = http->request({.method = "POST", .target = "/api/v10/auth/register", .authorization = {}, .json_body = body});
    if (!r || r->status / 100 != 2) {
      std::fprintf(stderr, "register: %s\n", r ? ("HTTP " + std::to_string(r->status) + " " + r->body).c_str()
                                                : r.error().message().c_str());
      return {};
    }
    boost::system::error_code ec;
    const auto reply = boost::json::parse(r->body, ec);
    const auto* token = !ec && reply.is_object() ? reply.get_object().if_contains("token") : nullptr;
    if (!token || !token->is_string()) {
      std::fprintf(stderr, "register: no token in %s\n", r->body.c_str());
      return {};
    }
    tokens.emplace_back(token->get_string());
  }
  return tokens;
}

int merge_main(int argc, char** argv) {
  std::vector<boost::json::object> shards;
  auto read_stream = [&](std::istream& in, const char* name) -> bool {
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      boost::system::error_code ec;
      auto v = boost::json::parse(line, ec);
      if (ec || !v.is_object()) {
        std::fprintf(stderr, "merge: %s: not a JSON object line\n", name);
        return false;
      }
      shards.push_back(std::move(v.get_object()));
    }
    return true;
  };
  if (argc <= 2) {
    if (!read_stream(std::cin, "stdin")) return 1;
  } else {
    for (int i = 2; i < argc; ++i) {
      std::ifstream in(argv[i]);
      if (!in) {
        std::fprintf(stderr, "merge: cannot open %s\n", argv[i]);
        return 1;
      }
      if (!read_stream(in, argv[i])) return 1;
    }
  }
  auto merged = gl::merge_results(shards);
  if (!merged) {
    std::fprintf(stderr, "merge: %s (need the shard 0 line)\n", merged.error().message().c_str());
    return 1;
  }
  std::printf("%s\n", boost::json::serialize(*merged).c_str());
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "merge") == 0) return merge_main(argc, argv);
  if (argc >= 2 && std::strcmp(argv[1], "irc") == 0) {
    auto parsed = parley::bench::irc::parse_irc_options(argc - 1, argv + 1);
    if (const int* code = std::get_if<int>(&parsed)) return *code;
    return parley::bench::irc::run_irc(std::get<parley::bench::irc::irc_options>(parsed));
  }
  if (argc >= 2 && std::strcmp(argv[1], "sink") == 0) {
    auto parsed = parley::bench::sink::parse_sink_options(argc - 1, argv + 1);
    if (const int* code = std::get_if<int>(&parsed)) return *code;
    return parley::bench::sink::run_sink(std::get<parley::bench::sink::sink_options>(parsed));
  }
  // "gateway" is the default mode, so the gateway benchmarks' command lines stay as they were.
  const bool named = argc >= 2 && std::strcmp(argv[1], "gateway") == 0;
  auto parsed = gl::parse_load_options(argc - (named ? 1 : 0), argv + (named ? 1 : 0));
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const auto& options = std::get<gl::load_options>(parsed);
  // The sink accepts any token.
  const auto tokens = !options.trigger.via_rest && options.tokens_file.empty() && !options.register_accounts
                          ? std::vector<std::string>{"sink"}
                          : options.register_accounts ? register_accounts(options) : read_tokens(options.tokens_file);
  if (tokens.empty()) {
    std::fprintf(stderr, "no tokens (%s)\n", options.register_accounts ? "registration failed" : options.tokens_file.c_str());
    return 2;
  }
  return gl::run_load(options, tokens);
}
