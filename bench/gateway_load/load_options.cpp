// Command-line parsing for `parley-bench gateway` (CLI11).
#include "bench/gateway_load/load_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace parley::bench::gateway_load {

std::variant<load_options, int> parse_load_options(int argc, char** argv) {
  load_options o;
  CLI::App app{"parley-bench gateway: N gateway sessions on the SDK core (identify rate, idle memory, fan-out)"};
  std::string compress = "none";
  std::string encoding = "json";
  std::string shard;
  std::string trigger = "user-update";
  app.add_option("--host", o.host, "server IPv4 address")->capture_default_str();
  app.add_option("--port", o.port, "server port")->required();
  app.add_option("--path", o.path, "gateway path")->capture_default_str();
  app.add_option("-n,--clients", o.clients, "clients over all shards")->capture_default_str()->check(CLI::Range(1u, 1000000u));
  app.add_option("--connect-conc", o.connect_concurrency, "clients between connect() and READY at once")
      ->capture_default_str()->check(CLI::Range(1u, 100000u));
  app.add_option("--src-ips", o.source_ips, "spread sources over 127.0.0.1..127.0.0.K")->capture_default_str()
      ->check(CLI::Range(1u, 254u));
  app.add_option("--shard", shard, "i/n: run the i-th of n equal slices of the clients (needs --sync-dir)");
  app.add_option("--sync-dir", o.sync_dir, "empty directory shared by the shards of one run (barrier files)");
  app.add_option("--compress", compress, "zlib-stream or none")->check(CLI::IsMember({"zlib-stream", "none"}))->capture_default_str();
  app.add_option("--encoding", encoding, "json (etf is not supported)")->check(CLI::IsMember({"json"}))->capture_default_str();
  auto* tokens = app.add_option("--tokens", o.tokens_file, "file with one token per line (used round-robin)");
  auto* reg = app.add_flag("--register", o.register_accounts, "create accounts through POST /api/v10/auth/register");
  tokens->excludes(reg);
  app.add_option("--accounts", o.accounts, "accounts to create with --register")->capture_default_str()->check(CLI::Range(1u, 100000u));
  app.add_option("--server-pid", o.server_pid, "server PID: CPU and RSS from /proc");
  app.add_option("--intents", o.intents, "Identify intents")->capture_default_str();
  app.add_option("--api-version", o.api_version, "v= of the gateway URL")->capture_default_str();
  app.add_option("--trigger", trigger, "user-update, message-create:<channel_id>, sink (parley-bench sink: the receive ceiling), or sink:user-update (sink --event user-update)")->capture_default_str();
  app.add_option("-m,--events", o.events, "fan-out events (0: skip the fan-out phase)")->capture_default_str();
  app.add_option("--window", o.window, "closed loop: events triggered but not yet fully delivered")->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--rate", o.rate, "open loop: events per second (0: closed loop with --window)")->capture_default_str();
  app.add_option("--trigger-conns", o.trigger_connections, "keep-alive REST connections firing triggers")
      ->capture_default_str()->check(CLI::Range(1u, 256u));
  app.add_flag("--decode-dispatches", o.decode_dispatches, "decode every dispatch's d into JSON (default: scan the raw text)");
  app.add_option("--idle-seconds", o.idle_seconds, "idle time before reading the server's RSS")->capture_default_str();
  app.add_option("--setup-timeout", o.setup_timeout, "bound on connect+identify, seconds")->capture_default_str();
  app.add_option("--fanout-timeout", o.fanout_timeout, "bound on the fan-out phase, seconds")->capture_default_str();
  app.add_option("--label", o.label, "label copied into the JSON result");
  app.add_flag("-q,--quiet", o.quiet, "no progress lines on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  o.zlib_stream = compress == "zlib-stream";
  if (auto t = parse_trigger(trigger)) {
    o.trigger = *t;
  } else {
    std::fprintf(stderr, "--trigger: expected user-update, message-create:<channel_id>, sink or sink:user-update\n");
    return 1;
  }
  if (!shard.empty()) {
    unsigned i = 0, n = 0;
    char extra = 0;
    if (std::sscanf(shard.c_str(), "%u/%u%c", &i, &n, &extra) != 2 || n == 0 || i >= n || n > o.clients) {
      std::fprintf(stderr, "--shard: expected i/n with i < n <= clients\n");
      return 1;
    }
    o.shard_index = i;
    o.shard_count = n;
  }
  if (o.shard_count > 1 && o.sync_dir.empty()) {
    std::fprintf(stderr, "--shard needs --sync-dir\n");
    return 1;
  }
  if (o.shard_count > 1 && o.register_accounts) {
    std::fprintf(stderr, "--register creates accounts per process: with --shard, register once and pass --tokens\n");
    return 1;
  }
  if (!o.register_accounts && o.tokens_file.empty() && o.trigger.via_rest) {
    std::fprintf(stderr, "give --tokens FILE or --register\n");
    return 1;
  }
  if (o.rate < 0 || o.idle_seconds < 0 || o.setup_timeout <= 0 || o.fanout_timeout <= 0) {
    std::fprintf(stderr, "rates and times must not be negative\n");
    return 1;
  }
  return o;
}

} // namespace parley::bench::gateway_load
