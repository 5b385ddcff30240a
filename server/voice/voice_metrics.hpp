// The voice role's /metrics families: what the SFU did with datagrams (one counter per outcome,
// sfu.hpp and udp_transport.hpp) and the open voice WebSockets. Counters are kept by the UDP thread
// without atomics per packet; these families catch up with them when /metrics is scraped.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>

#include "server/metrics/registry.hpp"
#include "server/voice/udp_transport.hpp"

namespace parley::server::voice {

class voice_metrics {
 public:
  static constexpr std::size_t outcome_count = 18;

  // Registers parley_voice_datagrams_total{outcome} and parley_voice_connections. Throws
  // std::runtime_error when the names are taken (a startup error).
  explicit voice_metrics(metrics::registry& registry);

  // Called when /metrics is scraped (any thread).
  void update(const udp_counters& counters, std::size_t connections);

 private:
  std::mutex mutex_;
  std::array<metrics::counter*, outcome_count> outcomes_{};
  std::array<std::uint64_t, outcome_count> seen_{};
  metrics::gauge* connections_ = nullptr;
};

} // namespace parley::server::voice
