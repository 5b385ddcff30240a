// The voice role's /metrics families; see voice_metrics.hpp.
#include "server/voice/voice_metrics.hpp"

#include <stdexcept>
#include <string_view>

namespace parley::server::voice {

namespace {

constexpr std::array<std::string_view, voice_metrics::outcome_count> outcome_names{
    "received", "discovery_answered", "discovery_refused", "rtp_accepted", "rtp_forwarded",
    "dropped_malformed", "dropped_unknown_ssrc", "dropped_undiscovered", "dropped_unauthentic", "dropped_muted",
    "dropped_nonce_exhausted", "rtcp", "keepalive", "roamed",
    "oversize", "send_dropped", "receive_batches", "send_calls"};

std::array<std::uint64_t, voice_metrics::outcome_count> values_of(const udp_counters& c) {
  const auto& s = c.sfu;
  return {s.datagrams_in, s.discovery_answered, s.discovery_refused, s.rtp_in, s.rtp_out,
          s.dropped_malformed, s.dropped_unknown_ssrc, s.dropped_undiscovered, s.dropped_unauthentic, s.dropped_muted,
          s.dropped_nonce_exhausted, s.rtcp, s.keepalive, s.roamed,
          c.oversize, c.send_dropped, c.receive_batches, c.send_calls};
}

} // namespace

voice_metrics::voice_metrics(metrics::registry& registry) {
  auto family = registry.add_counter("parley_voice_datagrams_total",
                                     "UDP datagrams and events of the voice SFU, by outcome", {"outcome"});
  auto open = registry.add_gauge("parley_voice_connections", "Open voice gateway WebSockets");
  if (!family || !open) throw std::runtime_error("voice metrics: names already registered");
  for (std::size_t i = 0; i < outcome_count; ++i) outcomes_[i] = &(*family)->with({outcome_names[i]});
  connections_ = &(*open)->get();
}

void voice_metrics::update(const udp_counters& counters, std::size_t connections) {
  const auto now = values_of(counters);
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < outcome_count; ++i) {
    if (now[i] > seen_[i]) outcomes_[i]->inc(now[i] - seen_[i]);
    seen_[i] = now[i];
  }
  connections_->set(static_cast<double>(connections));
}

} // namespace parley::server::voice
