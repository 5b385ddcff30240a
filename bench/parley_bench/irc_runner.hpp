// `parley-bench irc`: N IRC clients register (NICK/USER, wait for 001) and join one channel, stay
// idle while the server's RSS is read, then one more client sends M PRIVMSGs to the channel, each
// carrying its send time ("plb.<seq>.<us>", fanout_marker.hpp), closed loop (--window) or open
// loop (--rate). Reported like the gateway mode: registrations/s, idle bytes per client,
// deliveries/s, deliveries per server-CPU-second, latency percentiles; one JSON line on stdout and
// a summary on stderr. Single-threaded epoll; the line handling is irc_line.hpp.
#pragma once

#include "bench/parley_bench/irc_options.hpp"

namespace parley::bench::irc {

// Exit code: 0 when every client joined and every message reached every receiver once.
int run_irc(const irc_options& options);

} // namespace parley::bench::irc
