// The voice role (voice.md; DESIGN.md "What runs"): takes over voice gateway upgrades on the HTTP
// port (voice_url.hpp), runs every voice WebSocket through one gateway_core, and drives the SFU's
// UDP socket (udp_transport.hpp).
//
// Threads: connections live on the network thread that accepted them. The gateway core is shared
// by all of them under one mutex: voice signalling is a few small messages per second per
// participant, and one lock keeps calls, relays and resumes (which may land on another thread)
// in one consistent place. The core's outputs are posted to each connection's executor while the
// lock is held, so every connection sees its messages in the core's order; media commands go to
// the UDP thread the same way. Timeouts are checked by a one-second tick on `control`; voice
// state changes from the service are posted to `control` too.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/http/handler.hpp"
#include "server/voice/gateway_core.hpp"
#include "server/voice/udp_transport.hpp"
#include "server/voice/voice_metrics.hpp"
#include "service/voice_states.hpp"

namespace parley::server::voice {

class voice_connection_base;

struct voice_options {
  boost::asio::ip::udp::endpoint udp_bind;  // port 0: any free port
  // Ready's `ip`: the address clients send UDP to. Empty: the bound address, or 127.0.0.1 when
  // bound to the wildcard (set it for any deployment reachable from elsewhere).
  std::string public_ip;
  bool legacy_modes = false;
  std::chrono::milliseconds heartbeat_interval{13'750};
  std::chrono::milliseconds resume_window{60'000};
};

class voice_server final : public http::upgrade_handler {
 public:
  // Binds the UDP socket (throws boost::system::system_error) and subscribes to `states`; call
  // before the network threads and the first voice state change.
  voice_server(boost::asio::io_context& control, service::voice_states& states, voice_options options);
  ~voice_server() override;

  bool accepts(const http::request& req) const override;
  void upgrade(http::plain_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override;
  void upgrade(http::tls_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override;

  // Starts the UDP thread and the timeout tick.
  void start();
  // Graceful shutdown: every voice socket gets 4015; the UDP thread stops.
  void shutdown();
  // After shutdown(): drops every socket still open.
  void abort_all();

  std::uint16_t udp_port() const;
  std::size_t connection_count() const noexcept { return connections_.load(std::memory_order_relaxed); }
  udp_counters media_counters() const { return udp_.counters(); }
  // /metrics: registers the voice families once at startup; refresh when scraped (any thread).
  void attach_metrics(metrics::registry& registry) { metrics_ = std::make_unique<voice_metrics>(registry); }
  void refresh_metrics() {
    if (metrics_) metrics_->update(udp_.counters(), connection_count());
  }

  // --- used by connections, on their own thread ---------------------------------------------
  void opened(conn_id id, const std::shared_ptr<voice_connection_base>& conn, int version);
  void text(conn_id id, std::string_view text);
  void binary(conn_id id, std::span<const std::byte> bytes);
  void closed(conn_id id, std::optional<std::uint16_t> peer_code);

 private:
  template <class Stream>
  void accept_upgrade(Stream stream, const http::request& req, boost::beast::flat_buffer leftover);
  void flush_locked();  // mutex_ held
  void tick();

  boost::asio::io_context& control_;
  service::voice_states& states_;
  voice_options options_;
  udp_transport udp_;
  boost::asio::steady_timer ticker_;
  bool stopping_ = false;  // control thread only

  std::mutex mutex_;
  std::optional<gateway_core> core_;
  std::unordered_map<conn_id, std::weak_ptr<voice_connection_base>> links_;
  std::atomic<conn_id> next_id_{1};
  std::atomic<std::size_t> connections_{0};
  std::unique_ptr<voice_metrics> metrics_;
};

} // namespace parley::server::voice
