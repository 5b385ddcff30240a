// What the load generator reads about the server under test from /proc (proc(5)): CPU time
// (utime + stime of all threads, /proc/PID/stat fields 14-15) and resident memory (VmRSS of
// /proc/PID/status), plus the kernel's TCP memory for context (/proc/net/sockstat).
#pragma once

#include <optional>
#include <string_view>

namespace parley::bench::gateway_load {

// Seconds of CPU the process has used, or nullopt if it cannot be read.
std::optional<double> process_cpu_seconds(int pid);
// VmRSS in KiB, or nullopt.
std::optional<long> process_rss_kib(int pid);
// TCP "mem" of /proc/net/sockstat in pages (whole machine), or nullopt.
std::optional<long> tcp_memory_pages();

// The CPU seconds in the text of a /proc/PID/stat file (comm may hold spaces and parentheses).
std::optional<double> parse_stat_cpu_seconds(std::string_view stat, long clock_ticks_per_second);
// The VmRSS value in KiB from the text of a /proc/PID/status file.
std::optional<long> parse_status_rss_kib(std::string_view status);

// Our own CPU seconds (getrusage), to show the load generator was not the bottleneck.
double self_cpu_seconds();

} // namespace parley::bench::gateway_load
