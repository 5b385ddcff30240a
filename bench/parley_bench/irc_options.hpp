// Command line of `parley-bench irc`: the gateway fan-out scenario against an IRC server (one
// channel of N members, one sender whose PRIVMSGs carry send timestamps), closed or open loop.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace parley::bench::irc {

struct irc_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6667;
  std::uint32_t clients = 1000;            // N receivers (the sender is one more connection)
  std::uint32_t connect_concurrency = 2000; // between connect() and 001 (InspIRCd registers on a 1 s timer)
  std::uint32_t join_concurrency = 20;     // between JOIN and the end of NAMES
  std::uint32_t source_ips = 1;            // 127.0.0.1 .. 127.0.0.K
  std::string channel = "#pbench";
  std::string nick_prefix = "pb";
  int server_pid = 0;
  std::uint32_t events = 100;              // PRIVMSGs
  std::uint32_t window = 4;                // closed loop: messages sent but not yet fully delivered
  double rate = 0;                         // open loop: messages per second (0: closed loop)
  std::uint32_t payload = 64;              // message text bytes (marker + padding)
  double idle_seconds = 5;
  double setup_timeout = 300;
  double fanout_timeout = 120;
  std::string label;
  bool quiet = false;
};

// `argv[0]` is "irc". The parsed options, or the exit code to return.
std::variant<irc_options, int> parse_irc_options(int argc, char** argv);

} // namespace parley::bench::irc
