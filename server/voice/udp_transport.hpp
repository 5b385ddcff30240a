// The SFU's socket (DESIGN.md "Voice"): one UDP socket per voice node, read with recvmmsg and
// written with sendmmsg in batches, on a thread of its own that owns the sfu (sfu.hpp).
//
// Why its own thread: the media path is the latency-critical one (20 ms frames) and must not
// wait behind a gateway fan-out burst or a TLS handshake on a network thread; one owner keeps
// the participant tables and ciphers lock-free (a packet touches state of every listener in its
// call, which may have signalled on any network thread); and one socket has one reader anyway.
// The control plane (voice gateway) posts media_commands here; nothing on the packet path takes
// a lock. A node that needs more than one core of forwarding runs more voice nodes.
#pragma once

#include "server/voice/media_command.hpp"
#include "server/voice/sfu.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/socket.h>

namespace parley::server::voice {

struct udp_counters {
  sfu_counters sfu;
  std::uint64_t receive_batches = 0;
  std::uint64_t send_calls = 0;
  std::uint64_t oversize = 0;      // datagrams larger than sfu::max_datagram, dropped
  std::uint64_t send_dropped = 0;  // the kernel's buffer was full: late audio is worthless
};

class udp_transport {
 public:
  // Binds the socket. Throws boost::system::system_error (a startup error).
  explicit udp_transport(const boost::asio::ip::udp::endpoint& bind);
  ~udp_transport();
  udp_transport(const udp_transport&) = delete;
  udp_transport& operator=(const udp_transport&) = delete;

  boost::asio::ip::udp::endpoint local_endpoint() const;
  void start();
  // Stops the thread; pending commands are dropped. Idempotent.
  void stop();
  // Any thread; applied in the order posted.
  void post(media_command command);
  // A snapshot, published after each receive batch. Any thread.
  udp_counters counters() const;

 private:
  static constexpr std::size_t receive_batch = 32;
  static constexpr std::size_t send_batch = 64;

  void wait_readable();
  void on_readable();
  void send(std::span<const sfu::datagram_out> batch);
  void publish_counters();

  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
  bool v6_ = false;
  sfu sfu_;
  std::thread thread_;

  // Receive buffers, reused for every batch (the SFU decrypts in place in them).
  std::unique_ptr<std::uint8_t[]> in_;
  std::array<mmsghdr, receive_batch> in_headers_{};
  std::array<iovec, receive_batch> in_iov_{};
  std::array<sockaddr_storage, receive_batch> in_addr_{};
  std::array<mmsghdr, send_batch> out_headers_{};
  std::array<iovec, send_batch> out_iov_{};
  std::array<sockaddr_storage, send_batch> out_addr_{};
  udp_counters local_;

  mutable std::mutex counters_mutex_;
  udp_counters published_;
};

} // namespace parley::server::voice
