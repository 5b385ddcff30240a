// Non-blocking TCP sockets for the load generator's modes (gateway and IRC): connects spread over
// 127.0.0.1..127.0.0.K as source addresses when K > 1 (so more than ~28,000 connections fit the
// ephemeral port range), registered with epoll for the connect to finish, and output draining.
#pragma once

#include <cstdint>
#include <string>

namespace parley::bench::gateway_load {

struct connect_target {
  std::string host;          // IPv4 address of the server
  std::uint16_t port = 0;
  unsigned source_ips = 1;   // K above
};

// Starts connecting client number `client` (its source address is chosen from it) and adds the
// socket to `epoll_fd` for EPOLLIN | EPOLLOUT with `tag` as its data. Returns the socket, or -1
// with `error` saying which call failed (the socket is then already closed or never made).
int start_connect(const connect_target& target, std::uint64_t client, int epoll_fd, std::uint64_t tag,
                  std::string& error);

// After EPOLLOUT on a connecting socket: 0 when connected, else the connect's errno.
int connect_result(int fd);

enum class drain_result { done, would_block, failed };

// Sends out[offset..] on the non-blocking socket `fd`, advancing `offset`; when all is sent, clears
// `out` and `offset` (done). would_block: wait for EPOLLOUT; failed: `error` holds the errno.
drain_result drain_output(int fd, std::string& out, std::size_t& offset, int& error);

} // namespace parley::bench::gateway_load
