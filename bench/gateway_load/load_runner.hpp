// The epoll engine of parley-gateway-load: one thread drives every simulated client through
// three phases and reports them the way ircload reports IRC servers (one JSON line on stdout, a
// summary on stderr):
//   1. identify: connect, upgrade, Hello, Identify, READY for N clients (connect → Nth READY);
//   2. idle: all clients identified and heartbeating for a few seconds, then the server's RSS;
//   3. fan-out: M REST triggers, each dispatching one marked event to every receiving client;
//      per-delivery latency from the marker's timestamp, server CPU over the phase.
#pragma once

#include "bench/gateway_load/load_options.hpp"

#include <string>
#include <vector>

namespace parley::bench::gateway_load {

// Runs one process's share (its shard) of the benchmark. `tokens` are used round-robin by the
// global client index. Returns the process exit code: 0 if every client got through every phase.
int run_load(const load_options& options, const std::vector<std::string>& tokens);

} // namespace parley::bench::gateway_load
