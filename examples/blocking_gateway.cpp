// The SDK's sans-I/O gateway core (client/core/gateway_connection.hpp) driven by plain blocking
// POSIX sockets: connect to ws://host:port/?v=10&encoding=json, identify, print every dispatch,
// heartbeat on the core's deadlines, and reconnect (resuming when possible) until told to stop.
// Usage: parley_example_blocking_gateway <host> <port> <bot token> [intents]
#include "client/core/gateway_connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

using namespace parley::client;
using clock_type = std::chrono::steady_clock;

static int dial(const char* host, const char* port) {
  addrinfo hints{}, *list = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &list) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = list; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) { close(fd); fd = -1; }
  }
  freeaddrinfo(list);
  return fd;
}

static bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int main(int argc, char** argv) {
  if (argc < 4) { std::fprintf(stderr, "usage: %s host port token [intents]\n", argv[0]); return 2; }
  std::random_device entropy; // jitter and WebSocket masking keys
  gateway_connection gw(gateway_options{}, [&entropy] { return (std::uint64_t{entropy()} << 32) | entropy(); });
  identify_params identify;
  identify.token = argv[3];
  identify.intents = argc > 4 ? std::stoull(argv[4]) : 513; // GUILDS | GUILD_MESSAGES
  const std::string host = std::string(argv[1]) + ":" + argv[2];

  for (;;) { // one pass per connection; Parley's resume_gateway_url is this same server
    const int fd = dial(argv[1], argv[2]);
    if (fd >= 0 && gw.connect(host, "/", clock_type::now())) {
      std::string out;
      for (bool open = true; open;) {
        gw.take_output(out);
        if (!send_all(fd, out)) gw.connection_lost(clock_type::now());
        while (auto event = gw.next_event()) {
          if (std::holds_alternative<hello_event>(*event)) {
            auto sent = gw.should_resume() ? gw.resume(clock_type::now()) : gw.identify(identify, clock_type::now());
            if (!sent) std::fprintf(stderr, "cannot identify: %s\n", sent.error().message().c_str());
          } else if (auto* ready = std::get_if<ready_event>(&*event)) {
            std::printf("READY session %s\n", ready->session_id.c_str());
          } else if (std::holds_alternative<resumed_event>(*event)) {
            std::printf("RESUMED\n");
          } else if (auto* dispatch = std::get_if<dispatch_event>(&*event)) {
            std::printf("%s (seq %llu)\n", dispatch->name.c_str(), static_cast<unsigned long long>(dispatch->seq));
          } else if (auto* closed = std::get_if<closed_event>(&*event)) {
            std::printf("closed %u %s\n", closed->code, closed->error ? closed->error.message().c_str() : "");
            open = false;
          }
        }
        std::fflush(stdout);
        if (!open || gw.has_output()) continue; // the loop head flushes what is left
        int timeout = -1;
        if (auto deadline = gw.next_deadline()) {
          timeout = static_cast<int>(std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::milliseconds>(
                                                                    *deadline - clock_type::now()).count()));
        }
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, timeout) == 0) { gw.on_timer(clock_type::now()); continue; }
        char buffer[16384];
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) gw.connection_lost(clock_type::now());
        else gw.receive(std::string_view(buffer, static_cast<std::size_t>(n)), clock_type::now());
      }
      gw.take_output(out);
      send_all(fd, out); // e.g. the echo of the server's Close
    }
    if (fd >= 0) close(fd);
    if (!gw.should_reconnect()) return 1;
    const auto delay = gw.reconnect_delay();
    std::printf("reconnecting in %lld ms (%s)\n", static_cast<long long>(delay.count()), gw.should_resume() ? "resume" : "identify");
    std::this_thread::sleep_for(delay);
  }
}
