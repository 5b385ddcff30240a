// The SFU's UDP socket with recvmmsg/sendmmsg on its own thread; see udp_transport.hpp.
#include "server/voice/udp_transport.hpp"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>

namespace parley::server::voice {

namespace asio = boost::asio;

namespace {

udp_peer to_peer(const sockaddr_storage& a) noexcept {
  if (a.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(a);
    return udp_peer::v4(ntohl(in.sin_addr.s_addr), ntohs(in.sin_port));
  }
  const auto& in6 = reinterpret_cast<const sockaddr_in6&>(a);
  return udp_peer::v6(std::span<const std::uint8_t, 16>(in6.sin6_addr.s6_addr, 16), ntohs(in6.sin6_port));
}

socklen_t to_sockaddr(const udp_peer& p, bool v6, sockaddr_storage& out) noexcept {
  std::memset(&out, 0, sizeof(sockaddr_in6));
  if (!v6) {
    auto& in = reinterpret_cast<sockaddr_in&>(out);
    in.sin_family = AF_INET;
    in.sin_port = htons(p.port);
    in.sin_addr.s_addr = htonl(p.v4_address());
    return sizeof(sockaddr_in);
  }
  auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(p.port);
  std::memcpy(in6.sin6_addr.s6_addr, p.ip.data(), 16);
  return sizeof(sockaddr_in6);
}

} // namespace

udp_transport::udp_transport(const asio::ip::udp::endpoint& bind)
    : socket_(io_, bind.protocol()),
      v6_(bind.address().is_v6()),
      sfu_([this](std::span<const sfu::datagram_out> batch) { send(batch); }, send_batch),
      in_(new std::uint8_t[receive_batch * sfu::max_datagram]) {
  if (v6_) socket_.set_option(asio::ip::v6_only(false));  // IPv4 clients on a dual-stack socket
  socket_.bind(bind);
  socket_.non_blocking(true);
  // Room for bursts while the thread encrypts: a few hundred frames each way.
  socket_.set_option(asio::socket_base::receive_buffer_size(4 << 20));
  socket_.set_option(asio::socket_base::send_buffer_size(4 << 20));
  for (std::size_t i = 0; i < receive_batch; ++i) {
    in_iov_[i] = {in_.get() + i * sfu::max_datagram, sfu::max_datagram};
    in_headers_[i].msg_hdr.msg_iov = &in_iov_[i];
    in_headers_[i].msg_hdr.msg_iovlen = 1;
  }
}

udp_transport::~udp_transport() { stop(); }

asio::ip::udp::endpoint udp_transport::local_endpoint() const { return socket_.local_endpoint(); }

void udp_transport::start() {
  wait_readable();
  thread_ = std::thread([this] { io_.run(); });
}

void udp_transport::stop() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void udp_transport::post(media_command command) {
  asio::post(io_, [this, command = std::move(command)] { sfu_.apply(command); });
}

udp_counters udp_transport::counters() const {
  std::lock_guard lock(counters_mutex_);
  return published_;
}

void udp_transport::wait_readable() {
  socket_.async_wait(asio::socket_base::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    on_readable();
    wait_readable();
  });
}

void udp_transport::on_readable() {
  const int fd = socket_.native_handle();
  // A bounded number of batches per wake-up, so posted commands are not starved by a flood.
  for (int round = 0; round < 16; ++round) {
    for (std::size_t i = 0; i < receive_batch; ++i) {
      in_headers_[i].msg_hdr.msg_name = &in_addr_[i];
      in_headers_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      in_headers_[i].msg_hdr.msg_flags = 0;
    }
    const int n = ::recvmmsg(fd, in_headers_.data(), receive_batch, MSG_DONTWAIT, nullptr);
    if (n <= 0) break;  // EAGAIN: drained
    ++local_.receive_batches;
    for (int i = 0; i < n; ++i) {
      const auto& h = in_headers_[static_cast<std::size_t>(i)];
      if (h.msg_hdr.msg_flags & MSG_TRUNC) {
        ++local_.oversize;
        continue;
      }
      sfu_.receive(std::span<std::uint8_t>(in_.get() + static_cast<std::size_t>(i) * sfu::max_datagram, h.msg_len),
                   to_peer(in_addr_[static_cast<std::size_t>(i)]));
    }
    sfu_.flush();
    if (static_cast<std::size_t>(n) < receive_batch) break;
  }
  publish_counters();
}

void udp_transport::send(std::span<const sfu::datagram_out> batch) {
  const std::size_t count = std::min(batch.size(), send_batch);
  for (std::size_t i = 0; i < count; ++i) {
    out_iov_[i] = {const_cast<std::uint8_t*>(batch[i].bytes.data()), batch[i].bytes.size()};
    auto& h = out_headers_[i].msg_hdr;
    h = {};
    h.msg_iov = &out_iov_[i];
    h.msg_iovlen = 1;
    h.msg_name = &out_addr_[i];
    h.msg_namelen = to_sockaddr(batch[i].to, v6_, out_addr_[i]);
  }
  std::size_t done = 0;
  while (done < count) {
    const int n = ::sendmmsg(socket_.native_handle(), out_headers_.data() + done, static_cast<unsigned>(count - done),
                             MSG_DONTWAIT);
    ++local_.send_calls;
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // EAGAIN (buffer full) or an error for the first datagram (e.g. an unreachable address):
    // skip that one and go on with the rest.
    ++local_.send_dropped;
    ++done;
  }
}

void udp_transport::publish_counters() {
  local_.sfu = sfu_.counters();
  std::lock_guard lock(counters_mutex_);
  published_ = local_;
}

} // namespace parley::server::voice
