// Settings of the gateway role (gateway.md §3, §10; DESIGN.md "Sessions", "Fan-out").
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "proto/gateway/replay_ring.hpp"

namespace parley::server::gateway {

struct gateway_options {
  std::chrono::milliseconds heartbeat_interval{41250};
  std::string resume_gateway_url;                        // no query string: discord.js appends one
  proto::gateway::replay_limits replay;                  // per session: count, bytes and age
  std::chrono::milliseconds resume_window{std::chrono::minutes(3)};
  // A connection whose unsent output exceeds either bound is disconnected (resumably).
  std::size_t max_queued_bytes = 2 << 20;
  std::size_t max_queued_messages = 8192;
  std::uint32_t session_start_total = 1000;              // identifies per 24 h per bot
  std::uint32_t max_concurrency = 1;                     // identifies per 5 s per bucket per bot
  // A zlib-stream session without dispatches for this long frees its deflate state (~30 KB); the
  // next payload starts a fresh raw deflater in the same stream (costs ratio and one deflateInit).
  std::chrono::milliseconds idle_trim_after{std::chrono::seconds(1)};
  // Fan-out write coalescing: after a write pass that reached at least this many connections,
  // the next pass waits this long so more events share each connection's write, and that long
  // again while events keep arriving, up to a quarter of the previous pass (0: never wait).
  std::chrono::microseconds write_coalesce{1000};
  std::size_t write_coalesce_min_connections = 256;
};

} // namespace parley::server::gateway
