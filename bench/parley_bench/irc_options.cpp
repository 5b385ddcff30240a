// Command-line parsing for `parley-bench irc` (CLI11).
#include "bench/parley_bench/irc_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace parley::bench::irc {

std::variant<irc_options, int> parse_irc_options(int argc, char** argv) {
  irc_options o;
  CLI::App app{"parley-bench irc: the fan-out scenario against an IRC server (e.g. InspIRCd)"};
  app.add_option("--host", o.host, "server IPv4 address")->capture_default_str();
  app.add_option("--port", o.port, "server port")->required();
  app.add_option("-n,--clients", o.clients, "receiving clients (the sender is one more)")->capture_default_str()
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--connect-conc", o.connect_concurrency, "clients between connect() and 001 at once")->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--join-conc", o.join_concurrency, "clients between JOIN and end of NAMES at once")->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--src-ips", o.source_ips, "spread sources over 127.0.0.1..127.0.0.K")->capture_default_str()
      ->check(CLI::Range(1u, 254u));
  app.add_option("--channel", o.channel, "channel to join")->capture_default_str();
  app.add_option("--nick-prefix", o.nick_prefix, "nick prefix")->capture_default_str();
  app.add_option("--server-pid", o.server_pid, "server PID: CPU and RSS from /proc");
  app.add_option("-m,--events", o.events, "messages the sender sends (0: no fan-out)")->capture_default_str();
  app.add_option("--window", o.window, "closed loop: messages sent but not yet fully delivered")->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--rate", o.rate, "open loop: messages per second (0: closed loop with --window)")->capture_default_str();
  app.add_option("--payload", o.payload, "message text bytes")->capture_default_str()->check(CLI::Range(40u, 400u));
  app.add_option("--idle-seconds", o.idle_seconds, "idle time before reading the server's RSS")->capture_default_str();
  app.add_option("--setup-timeout", o.setup_timeout, "bound on register+join, seconds")->capture_default_str();
  app.add_option("--fanout-timeout", o.fanout_timeout, "bound on the fan-out phase, seconds")->capture_default_str();
  app.add_option("--label", o.label, "label copied into the JSON result");
  app.add_flag("-q,--quiet", o.quiet, "no progress lines on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (o.channel.empty() || o.channel.front() != '#' || o.channel.find_first_of(" ,\r\n\a") != std::string::npos) {
    std::fprintf(stderr, "--channel: expected #name\n");
    return 1;
  }
  if (o.nick_prefix.empty() || o.nick_prefix.size() > 12 || o.nick_prefix.find_first_of(" \r\n:") != std::string::npos) {
    std::fprintf(stderr, "--nick-prefix: 1-12 characters, no spaces\n");
    return 1;
  }
  if (o.rate < 0 || o.idle_seconds < 0 || o.setup_timeout <= 0 || o.fanout_timeout <= 0) {
    std::fprintf(stderr, "rates and times must not be negative\n");
    return 1;
  }
  return o;
}

} // namespace parley::bench::irc
