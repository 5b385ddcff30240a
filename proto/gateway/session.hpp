// The resumable gateway session that outlives one connection: ids, intents, shard, the sequence
// counter and the replay ring, plus the resume window after the socket is lost
// (gateway.md §3.4-§3.6).
#pragma once

#include "proto/base/result.hpp"
#include "proto/gateway/identify.hpp"
#include "proto/gateway/replay_ring.hpp"
#include "proto/gateway/time.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::proto::gateway {

struct session_config {
  std::string session_id; // random, chosen by the caller
  std::uint64_t user_id = 0;
  std::uint64_t intents = 0;
  shard_info shard;
  replay_limits replay;
  std::chrono::milliseconds resume_window = std::chrono::minutes(3);
};

// Not thread-safe: owned by the thread that runs the session's connection.
class session {
 public:
  explicit session(session_config config);

  const std::string& id() const noexcept { return config_.session_id; }
  std::uint64_t user_id() const noexcept { return config_.user_id; }
  std::uint64_t intents() const noexcept { return config_.intents; }
  const shard_info& shard() const noexcept { return config_.shard; }

  // The sequence number for the next dispatch: 1 for READY, then 2, 3, ...
  std::uint64_t next_seq() noexcept { return ++last_seq_; }
  // The last sequence number handed out (0 before READY).
  std::uint64_t last_seq() const noexcept { return last_seq_; }

  // Keeps dispatch `seq` (from next_seq()) for replay: the event is at position `at` of `log`,
  // the thread's shared replay log.
  void record(std::uint64_t seq, const replay_log& log, replay_log::position at) { ring_.push(seq, log, at); }
  // next_seq() + record(): the usual path for a live dispatch. Returns the seq to put in the
  // envelope.
  std::uint64_t sequence(const replay_log& log, replay_log::position at) {
    std::uint64_t seq = next_seq();
    record(seq, log, at);
    return seq;
  }

  // The socket was lost (or closed with a resumable code): the resume window starts at `now`.
  void detach(time_point now) noexcept;
  // A connection took the session over (after Identify or a successful resume).
  void attach() noexcept { detached_at_.reset(); }
  bool attached() const noexcept { return !detached_at_.has_value(); }

  // When a detached session may be discarded; nullopt while attached.
  std::optional<time_point> expiry() const noexcept;
  bool expired(time_point now) const noexcept { return expiry() && now >= *expiry(); }

  // The resume decision for a client that last saw `client_seq`: every dispatch with s > seq, in
  // order, or an error:
  //   session_timed_out (4009) the resume window has passed;
  //   invalid_seq (4007)       seq is greater than the last sent, or older than the ring (or the
  //                            log) covers.
  // The server answers either error with op 9 false (or closes with the code). Token and
  // session-id checks are the server's; a session that is still attached elsewhere may be
  // resumed (the server then closes the old socket). Does not attach the session.
  result<std::vector<replay_entry>> resume(std::uint64_t client_seq, time_point now, const replay_log& log) const;

  const replay_ring& ring() const noexcept { return ring_; }

 private:
  session_config config_;
  std::uint64_t last_seq_ = 0;
  std::optional<time_point> detached_at_;
  replay_ring ring_;
};

} // namespace parley::proto::gateway
