// Command line of `parley-bench gateway`: what to connect to, how many clients, compression,
// tokens, the fan-out trigger and pacing, sharding over processes, and phase time bounds.
#pragma once

#include "bench/gateway_load/fanout_trigger.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace parley::bench::gateway_load {

struct load_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string path = "/gateway";
  std::uint32_t clients = 1000;        // N, over all shards
  std::uint32_t connect_concurrency = 500; // clients between connect() and READY at once
  std::uint32_t source_ips = 1;        // K: sources 127.0.0.1 .. 127.0.0.K (1: kernel's choice)
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  std::string sync_dir;                // barrier files when shard_count > 1
  bool zlib_stream = false;
  std::string tokens_file;
  bool register_accounts = false;
  std::uint32_t accounts = 1;          // with --register
  int server_pid = 0;
  std::uint32_t intents = 513;
  int api_version = 10;

  fanout_trigger trigger = user_update_trigger();
  std::uint32_t events = 100;          // M fan-out events (0: no fan-out phase)
  std::uint32_t window = 4;            // closed loop: events triggered but not yet fully delivered
  double rate = 0;                     // open loop: events per second (0: closed loop)
  std::uint32_t trigger_connections = 4;
  // Decode every dispatch's d into a JSON document (the SDK's default) instead of scanning the
  // raw text for the marker (gateway_options::raw_dispatch_data): to measure what decoding costs.
  bool decode_dispatches = false;

  double idle_seconds = 5;
  double setup_timeout = 300;
  double fanout_timeout = 120;
  std::string label;
  bool quiet = false;
};

// The parsed options, or the exit code to return (help printed, or a usage error reported).
// `argv[0]` is the mode's name ("gateway").
std::variant<load_options, int> parse_load_options(int argc, char** argv);

} // namespace parley::bench::gateway_load
