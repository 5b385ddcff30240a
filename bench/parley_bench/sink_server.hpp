// `parley-bench sink`: a tiny gateway server that exists to measure parley-bench's own receive
// ceiling (issue 6: the generator must receive faster than parleyd sends). It answers the
// WebSocket upgrade, sends Hello, answers Identify with a minimal READY and heartbeats with ACKs;
// when any session sends op 3 it writes M pre-built MESSAGE_CREATE (or USER_UPDATE) dispatches
// (each carrying "plb.<seq>.<us>" like a parleyd fan-out) to every identified session, --batch
// events per write, as fast as the sessions read them. Run `parley-bench gateway --trigger sink`
// (or sink:user-update) against it.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace parley::bench::sink {

struct sink_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::uint32_t events = 1000;
  std::uint32_t batch = 8;        // events per write to one session
  std::uint32_t body_size = 400;  // approximate bytes of each dispatch's d
  // "message-create" (the default), or "user-update": the shape parleyd's fan-out benchmark
  // sends, padded to exactly body_size bytes of d, so the sink writes the same bytes per delivery.
  std::string event = "message-create";
  bool exit_after = true;         // exit once a blast is done and every session has closed
  bool quiet = false;
};

std::variant<sink_options, int> parse_sink_options(int argc, char** argv);

int run_sink(const sink_options& options);

} // namespace parley::bench::sink
