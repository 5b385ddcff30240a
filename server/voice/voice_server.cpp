// The voice role: upgrades, the shared gateway core, the UDP transport; see voice_server.hpp.
#include "server/voice/voice_server.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "proto/websocket/handshake.hpp"
#include "server/voice/voice_connection.hpp"
#include "server/voice/voice_url.hpp"

namespace parley::server::voice {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

std::string announced_ip(const voice_options& o, const asio::ip::udp::endpoint& bound) {
  if (!o.public_ip.empty()) return o.public_ip;
  const auto a = bound.address();
  if (a.is_unspecified()) return "127.0.0.1";
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

} // namespace

voice_server::voice_server(asio::io_context& control, service::voice_states& states, voice_options options)
    : control_(control), states_(states), options_(std::move(options)), udp_(options_.udp_bind), ticker_(control) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  gateway_config config;
  config.heartbeat_interval = options_.heartbeat_interval;
  config.resume_window = options_.resume_window;
  config.udp_ip = announced_ip(options_, udp_.local_endpoint());
  config.udp_port = udp_.local_endpoint().port();
  config.legacy_modes = options_.legacy_modes;
  auto check = [this](std::uint64_t server_id, std::uint64_t user_id, std::string_view session_id,
                      std::string_view token) {
    credentials_verdict v;
    if (auto state = states_.validate(server_id, user_id, session_id, token)) {
      v.result = credentials_verdict::kind::ok;
      v.state = std::move(*state);
    } else if (!states_.of(server_id, user_id)) {
      // No voice state of that user in that server at all: nothing to connect to (4011).
      v.result = credentials_verdict::kind::server_not_found;
    }
    return v;
  };
  auto keys = [](std::span<std::uint8_t> key) { randombytes_buf(key.data(), key.size()); };
  core_.emplace(std::move(config), std::move(check), std::move(keys));
  states_.on_change([this](const service::voice_change& change) {
    // The service's thread must not wait on our lock: hand the change over.
    asio::post(control_, [this, change] {
      std::lock_guard lock(mutex_);
      core_->apply(change, std::chrono::steady_clock::now());
      flush_locked();
    });
  });
}

voice_server::~voice_server() { udp_.stop(); }

bool voice_server::accepts(const http::request& req) const { return voice_upgrade_version(req.target()).has_value(); }

std::uint16_t voice_server::udp_port() const { return udp_.local_endpoint().port(); }

void voice_server::start() {
  udp_.start();
  tick();
  spdlog::info("voice: UDP on {}:{}, announced as {}", udp_.local_endpoint().address().to_string(), udp_port(),
               announced_ip(options_, udp_.local_endpoint()));
}

void voice_server::tick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    {
      std::lock_guard lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      if (auto deadline = core_->next_deadline(); deadline && *deadline <= now) {
        core_->on_deadline(now);
        flush_locked();
      }
    }
    tick();
  });
}

void voice_server::shutdown() {
  {
    std::lock_guard lock(mutex_);
    core_->shutdown();
    flush_locked();
  }
  asio::post(control_, [this] {
    stopping_ = true;
    ticker_.cancel();
  });
  udp_.stop();
}

void voice_server::abort_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, weak] : links_)
    if (auto conn = weak.lock()) asio::post(conn->executor(), [conn] { conn->abort(); });
}

template <class Stream>
void voice_server::accept_upgrade(Stream stream, const http::request& req, boost::beast::flat_buffer leftover) {
  const std::string_view key = req[bhttp::field::sec_websocket_key];
  auto response = req[bhttp::field::sec_websocket_version] == "13" && proto::websocket::is_valid_client_key(key)
                      ? proto::websocket::make_upgrade_response(key)
                      : result<std::string>(boost::system::error_code(EINVAL, boost::system::generic_category()));
  if (!response) {
    auto s = std::make_shared<Stream>(std::move(stream));
    auto body = std::make_shared<std::string>(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 52\r\n\r\n"
        "{\"message\":\"Invalid WebSocket handshake\",\"code\":0}\n");
    asio::async_write(*s, asio::buffer(*body), [s, body](const boost::system::error_code&, std::size_t) {
      boost::system::error_code ignored;
      http::lowest_stream(*s).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    });
    return;
  }
  const int version = voice_upgrade_version(req.target()).value_or(0);
  auto conn = std::make_shared<voice_connection<Stream>>(*this, next_id_.fetch_add(1), std::move(stream), version);
  conn->start(std::move(*response), std::move(leftover));
}

void voice_server::upgrade(http::plain_stream stream, http::request req, boost::beast::flat_buffer leftover,
                           const http::peer_info&) {
  accept_upgrade(std::move(stream), req, std::move(leftover));
}

void voice_server::upgrade(http::tls_stream stream, http::request req, boost::beast::flat_buffer leftover,
                           const http::peer_info&) {
  accept_upgrade(std::move(stream), req, std::move(leftover));
}

void voice_server::opened(conn_id id, const std::shared_ptr<voice_connection_base>& conn, int version) {
  connections_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  links_.emplace(id, conn);
  core_->open(id, version, std::chrono::steady_clock::now());
  flush_locked();
}

void voice_server::text(conn_id id, std::string_view text) {
  std::lock_guard lock(mutex_);
  core_->receive_text(id, text, std::chrono::steady_clock::now());
  flush_locked();
}

void voice_server::binary(conn_id id, std::span<const std::byte> bytes) {
  std::lock_guard lock(mutex_);
  core_->receive_binary(id, bytes, std::chrono::steady_clock::now());
  flush_locked();
}

void voice_server::closed(conn_id id, std::optional<std::uint16_t> peer_code) {
  std::lock_guard lock(mutex_);
  if (links_.erase(id)) connections_.fetch_sub(1, std::memory_order_relaxed);
  core_->closed(id, peer_code, std::chrono::steady_clock::now());
  flush_locked();
}

void voice_server::flush_locked() {
  for (auto& out : core_->take_output()) {
    std::visit([this](auto& o) {
      auto it = links_.find(o.conn);
      if (it == links_.end()) return;
      auto conn = it->second.lock();
      if (!conn) return;
      if constexpr (std::is_same_v<std::decay_t<decltype(o)>, send_text>) {
        asio::post(conn->executor(), [conn, text = std::move(o.text)]() mutable { conn->send(std::move(text)); });
      } else {
        asio::post(conn->executor(), [conn, code = static_cast<std::uint16_t>(o.code)] { conn->close(code); });
      }
    }, out);
  }
  for (auto& command : core_->take_media_commands()) udp_.post(std::move(command));
}

} // namespace parley::server::voice
