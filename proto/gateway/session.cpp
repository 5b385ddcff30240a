// Resumable session state and the resume decision (gateway.md §3.5, §3.6).
#include "proto/gateway/session.hpp"

#include "proto/gateway/close_code.hpp"

namespace parley::proto::gateway {

session::session(session_config config) : config_(std::move(config)), ring_(config_.replay) {}

void session::detach(time_point now) noexcept {
  if (!detached_at_) detached_at_ = now;
}

std::optional<time_point> session::expiry() const noexcept {
  if (!detached_at_) return std::nullopt;
  return *detached_at_ + config_.resume_window;
}

result<std::vector<replay_entry>> session::resume(std::uint64_t client_seq, time_point now,
                                                  const replay_log& log) const {
  if (expired(now)) return close_code::session_timed_out;
  auto events = ring_.since(client_seq, last_seq_, log);
  if (!events) return close_code::invalid_seq;
  return std::move(*events);
}

} // namespace parley::proto::gateway
