// Non-blocking loopback connects for the load generator; see loopback_connect.hpp.
#include "bench/gateway_load/loopback_connect.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace parley::bench::gateway_load {

int start_connect(const connect_target& target, std::uint64_t client, int epoll_fd, std::uint64_t tag,
                  std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket(): ") + std::strerror(errno);
    return -1;
  }
  auto fail = [&](const char* what) {
    error = std::string(what) + std::strerror(errno);
    ::close(fd);
    return -1;
  };
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (target.source_ips > 1) {
    ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl(0x7f000001u + static_cast<std::uint32_t>(client % target.source_ips));
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&src), sizeof src) != 0) return fail("bind(): ");
  }
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(target.port);
  ::inet_pton(AF_INET, target.host.c_str(), &dst.sin_addr);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT;
  ev.data.u64 = tag;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) return fail("epoll_ctl(): ");
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&dst), sizeof dst) != 0 && errno != EINPROGRESS) {
    const int saved = errno;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    errno = saved;
    return fail("connect(): ");
  }
  return fd;
}

drain_result drain_output(int fd, std::string& out, std::size_t& offset, int& error) {
  while (offset < out.size()) {
    const ssize_t n = ::send(fd, out.data() + offset, out.size() - offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return drain_result::would_block;
      error = errno;
      return drain_result::failed;
    }
    offset += static_cast<std::size_t>(n);
  }
  out.clear();
  offset = 0;
  return drain_result::done;
}

int connect_result(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}

} // namespace parley::bench::gateway_load
