// A keep-alive HTTP/1.1 client on a plain TCP socket.
#include "bench/gateway_load/http_client.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace parley::bench::gateway_load {
namespace {

result<int> open_socket(const std::string& ip, std::uint16_t port) {
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(port);
  if (inet_pton(AF_INET, ip.c_str(), &dst.sin_addr) != 1) return errc::connect_failed;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errc::connect_failed;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&dst), sizeof dst) != 0) {
    ::close(fd);
    return errc::connect_failed;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// result<bool> cannot be built from an error_code implicitly (bool is constructible from it too).
result<bool> failed(error_code ec) { return result<bool>(boost::system::in_place_error, ec); }

} // namespace

void format_request(const http_request& req, std::string_view host, std::string& out) {
  out.clear();
  out.append(req.method).append(" ").append(req.target).append(" HTTP/1.1\r\nHost: ").append(host);
  out.append("\r\nUser-Agent: parley-gateway-load\r\nAccept: application/json\r\n");
  if (!req.authorization.empty()) out.append("Authorization: ").append(req.authorization).append("\r\n");
  if (!req.json_body.empty()) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, req.json_body.size()).ptr;
    out.append("Content-Type: application/json\r\nContent-Length: ").append(digits, end).append("\r\n");
  } else if (req.method == "POST" || req.method == "PATCH" || req.method == "PUT") {
    out.append("Content-Length: 0\r\n");
  }
  out.append("\r\n").append(req.json_body);
}

http_client::http_client(int fd, std::string ip, std::uint16_t port) noexcept
    : fd_(fd), ip_(std::move(ip)), port_(port) {
  host_header_ = ip_ + ":" + std::to_string(port_);
}

result<http_client> http_client::connect(std::string_view ip, std::uint16_t port) {
  std::string address(ip);
  auto fd = open_socket(address, port);
  if (!fd) return fd.error();
  return http_client(*fd, std::move(address), port);
}

http_client::http_client(http_client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      ip_(std::move(other.ip_)),
      port_(other.port_),
      host_header_(std::move(other.host_header_)),
      out_(std::move(other.out_)),
      parser_(std::move(other.parser_)),
      in_flight_(other.in_flight_),
      nonblocking_(other.nonblocking_) {}

http_client& http_client::operator=(http_client&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    ip_ = std::move(other.ip_);
    port_ = other.port_;
    host_header_ = std::move(other.host_header_);
    out_ = std::move(other.out_);
    parser_ = std::move(other.parser_);
    in_flight_ = other.in_flight_;
    nonblocking_ = other.nonblocking_;
  }
  return *this;
}

http_client::~http_client() {
  if (fd_ >= 0) ::close(fd_);
}

result<void> http_client::reconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  auto fd = open_socket(ip_, port_);
  if (!fd) return fd.error();
  fd_ = *fd;
  if (nonblocking_) ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  return {};
}

result<void> http_client::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 1000);
        continue;
      }
      return errc::io_failed;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

result<http_response> http_client::request(const http_request& req) {
  format_request(req, host_header_, out_);
  // A keep-alive connection the server closed while idle shows up as a failed write or an empty
  // read before any response byte: reconnect once in that case.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) {
      if (auto r = reconnect(); !r) return r.error();
    }
    parser_.reset(req.method == "HEAD");
    bool got_bytes = false;
    bool retry = false;
    if (auto w = write_all(out_); !w) {
      retry = true;
    } else {
      char buf[16384];
      while (!parser_.complete()) {
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          if (!got_bytes) {
            retry = true;
            break;
          }
          if (auto r = parser_.feed_eof(); !r) return r.error();
          break;
        }
        got_bytes = true;
        auto used = parser_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        if (!used) return used.error();
      }
    }
    if (retry) {
      ::close(fd_);
      fd_ = -1;
      continue;
    }
    if (!parser_.keep_alive()) {
      ::close(fd_);
      fd_ = -1;
    }
    return http_response{parser_.status(), parser_.body()};
  }
  return errc::io_failed;
}

void http_client::set_nonblocking() {
  nonblocking_ = true;
  if (fd_ >= 0) ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

result<void> http_client::start_request(const http_request& req) {
  format_request(req, host_header_, out_);
  if (fd_ < 0) {
    if (auto r = reconnect(); !r) return r.error();
  }
  parser_.reset(req.method == "HEAD");
  in_flight_ = true;
  return write_all(out_);
}

result<bool> http_client::on_readable() {
  char buf[16384];
  while (true) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
      return failed(errc::io_failed);
    }
    if (n == 0) {
      in_flight_ = false;
      ::close(fd_);
      fd_ = -1;
      if (auto r = parser_.feed_eof(); !r) return failed(r.error());
      return true;
    }
    auto used = parser_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    if (!used) return failed(used.error());
    if (parser_.complete()) {
      in_flight_ = false;
      if (!parser_.keep_alive()) {
        ::close(fd_);
        fd_ = -1;
      }
      return true;
    }
  }
}

} // namespace parley::bench::gateway_load
