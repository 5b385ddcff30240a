// What a session's home thread may ask of the connection currently carrying that session. Every
// call must run on the connection's own executor (posted there when the home thread differs).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/replay_ring.hpp"

namespace parley::server::gateway {

using dispatch_ptr = std::shared_ptr<const proto::gateway::dispatch_event>;

class connection_base : public std::enable_shared_from_this<connection_base> {
 public:
  explicit connection_base(boost::asio::any_io_executor ex) : executor_(std::move(ex)) {}
  virtual ~connection_base() = default;

  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

  // A live dispatch, numbered by the session's home.
  virtual void deliver(std::uint64_t seq, const dispatch_ptr& event) = 0;
  // The session accepted this connection's Identify: READY follows through deliver().
  virtual void identified(std::string session_id, std::size_t home) = 0;
  // The session accepted this connection's Resume: the replay, then RESUMED (with its seq).
  virtual void resumed(std::string session_id, std::size_t home, std::vector<proto::gateway::replay_entry> replay,
                       std::uint64_t resumed_seq, dispatch_ptr resumed_event, std::uint64_t intents) = 0;
  // The Resume could not be honoured: op 9 false.
  virtual void resume_refused() = 0;
  // The session moved to another connection, or ended: close this socket with `code`.
  virtual void evict(proto::gateway::close_code code) = 0;
  // Graceful shutdown: op 7, then close.
  virtual void request_reconnect() = 0;
  // Shutdown deadline passed: drop the socket now (the session stays resumable).
  virtual void abort() = 0;

 private:
  boost::asio::any_io_executor executor_;
};

} // namespace parley::server::gateway
