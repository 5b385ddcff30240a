// The gateway role (gateway.md; DESIGN.md "Threads", "Fan-out", "Sessions"): takes over WebSocket
// upgrades on /gateway (and /, for D++), runs a gateway connection per socket, keeps resumable
// sessions, and fans bus events out to them.
//
// Threads: every network thread has a `home` holding the sessions created on it. A session's
// sequence numbers, replay ring and routing live on its home thread only, so ordering is decided
// in one place without locks. The connection carrying a session usually lives on the same thread;
// after a Resume that landed on another thread (SO_REUSEPORT spreads sockets), the home posts each
// numbered dispatch to the connection's thread. The only lock guards the session-id → home map,
// touched on Identify, Resume and expiry.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "bus/bus.hpp"
#include "proto/gateway/identify.hpp"
#include "proto/gateway/identify_limiter.hpp"
#include "proto/gateway/presence.hpp"
#include "proto/gateway/resume.hpp"
#include "server/gateway/connection_base.hpp"
#include "server/gateway/gateway_options.hpp"
#include "server/http/handler.hpp"
#include "service/gateway_sessions.hpp"
#include "service/presence.hpp"

namespace parley::server::gateway {

// A presence from Identify or op 3 as the presence service records it (online when absent).
service::presence_state to_presence_state(const std::optional<proto::gateway::presence>& p);

class gateway_server final : public http::upgrade_handler {
 public:
  gateway_server(std::vector<boost::asio::io_context*> threads, boost::asio::thread_pool& store_pool,
                 service::gateway_sessions& sessions, service::presences& presences, bus::bus& bus,
                 gateway_options options);
  ~gateway_server() override;

  bool accepts(const http::request& req) const override;
  void upgrade(http::plain_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override;
  void upgrade(http::tls_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override;

  // Graceful shutdown: every connection gets op 7 and is then closed; sessions stay resumable
  // for as long as the process lives.
  void shutdown();
  // After shutdown(): drops every connection still open.
  void abort_all();
  std::size_t connection_count() const noexcept { return connections_.load(std::memory_order_relaxed); }
  std::size_t session_count() const noexcept { return sessions_.load(std::memory_order_relaxed); }
  // session_start_limit for GET /gateway/bot.
  proto::gateway::session_start_limit start_limit(std::uint64_t bot_user_id);

  // --- used by connections (on their own thread) --------------------------------------------
  const gateway_options& options() const noexcept { return options_; }
  // Set before the network threads start (the port may be known only after binding).
  void set_resume_gateway_url(std::string url) { options_.resume_gateway_url = std::move(url); }
  boost::asio::thread_pool& store_pool() noexcept { return store_pool_; }
  service::gateway_sessions& sessions() noexcept { return service_; }
  // Counts an Identify against the bot's limits (people are not limited).
  proto::gateway::identify_verdict try_identify(const service::gateway_identity& who, std::uint32_t shard_id);
  // Creates the session on `home` (the calling connection's thread) and sends READY.
  void start_session(std::size_t home, const std::shared_ptr<connection_base>& conn,
                     const service::gateway_identity& who, std::vector<service::session_guild> guilds,
                     const proto::gateway::identify& identify, int api_version);
  // Finds the session wherever it lives and moves it to `conn`, or refuses.
  void resume_session(const std::shared_ptr<connection_base>& conn, std::uint64_t user_id,
                      const proto::gateway::resume& request);
  // Dispatches for one session (op 8's chunks), numbered by its home in order.
  void deliver_to_session(std::size_t home, const std::string& session_id, std::vector<dispatch_ptr> events);
  // Op 3: the session's new presence, told to the user's guilds.
  void update_presence(std::size_t home, const std::string& session_id, service::presence_state state);
  // The connection carrying the session is gone. `resumable` false ends the session now.
  void detach(std::size_t home, const std::string& session_id, const connection_base* conn, bool resumable);
  // Live connections, for shutdown and metrics; called on the connection's thread.
  void track(std::size_t home, connection_base* conn, bool alive);
  std::size_t home_of(const boost::asio::any_io_executor& ex) const;

  struct home;
  struct shared_dispatch;

 private:
  template <class Stream>
  void accept_upgrade(Stream stream, http::request req, boost::beast::flat_buffer leftover);
  void on_event(const bus::event_ptr& e);
  // The audiences of bus/bus.hpp, on the home's own thread.
  static void deliver_to_user(home& h, shared_dispatch& shared);
  static void deliver_to_private_channel(home& h, shared_dispatch& shared);
  static void deliver_to_guild(home& h, shared_dispatch& shared);
  void sweep(home& h);

  std::vector<std::unique_ptr<home>> homes_;
  boost::asio::thread_pool& store_pool_;
  service::gateway_sessions& service_;
  service::presences& presences_;
  gateway_options options_;

  std::mutex registry_mutex_;
  std::unordered_map<std::string, std::size_t> registry_;  // session id → home index

  std::mutex limits_mutex_;
  std::unordered_map<std::uint64_t, proto::gateway::identify_limiter> limits_;  // per bot user

  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> sessions_{0};
};

} // namespace parley::server::gateway
