// The receive-ceiling sink (sink_server.hpp): RFC 6455 server side through the project's codec
// (proto/websocket), gateway.md §3 Hello/Identify/READY/heartbeat reduced to what a client core
// needs to reach `ready`, then a blast of pre-built dispatch frames.
#include "bench/parley_bench/sink_server.hpp"

#include "bench/gateway_load/fanout_marker.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/frame_header.hpp"
#include "proto/websocket/handshake.hpp"

#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace parley::bench::sink {
namespace {

namespace ws = proto::websocket;

std::uint64_t now_us() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

void append_frame(std::string& out, std::string_view payload) {
  std::array<std::byte, ws::max_frame_header_size> header{};
  const std::size_t n = ws::write_frame_header(header, ws::opcode::text, true, payload.size());
  out.append(reinterpret_cast<const char*>(header.data()), n);
  out.append(payload);
}

// The value of one header field in an HTTP request head (case-insensitive name), or empty.
std::string_view header_value(std::string_view head, std::string_view name) {
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at + 2 < head.size()) {
    const std::size_t begin = at + 2;
    const std::size_t end = head.find("\r\n", begin);
    const std::string_view line = head.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    const std::size_t colon = line.find(':');
    if (colon == name.size() &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return value;
    }
    at = end;
  }
  return {};
}

struct session {
  int fd = -1;
  bool upgraded = false;
  bool ready = false;
  bool want_out = false;
  bool in_batch = false;                       // still writing the current blast batch
  std::string head;                            // the request head until upgraded
  std::unique_ptr<ws::connection> codec;       // server role
  std::string out;
  std::size_t out_offset = 0;
};

class sink {
 public:
  explicit sink(const sink_options& o) : o_(o) {}
  int run();

 private:
  void accept_all();
  void on_readable(std::uint32_t i);
  void on_message(std::uint32_t i, std::string_view text);
  void queue(std::uint32_t i, std::string_view bytes);
  bool flush(std::uint32_t i);
  void set_want_out(std::uint32_t i, bool want);
  void drop(std::uint32_t i);
  void next_batch();

  const sink_options& o_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  std::vector<session> sessions_;
  std::uint32_t open_ = 0, ready_ = 0;
  std::vector<char> read_buffer_ = std::vector<char>(64 * 1024);
  std::string scratch_;

  bool blasting_ = false, blasted_ = false;
  std::uint32_t next_event_ = 0;
  std::uint32_t pending_ = 0; // ready sessions still writing the current batch
  std::string batch_;
  std::uint64_t blast_start_us_ = 0;
};

void sink::queue(std::uint32_t i, std::string_view bytes) {
  session& s = sessions_[i];
  s.out.append(bytes);
}

void sink::set_want_out(std::uint32_t i, bool want) {
  session& s = sessions_[i];
  if (s.want_out == want) return;
  epoll_event ev{};
  ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
  ev.data.u32 = i;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, s.fd, &ev);
  s.want_out = want;
}

// True when everything queued is written.
bool sink::flush(std::uint32_t i) {
  session& s = sessions_[i];
  if (s.fd < 0) return true;
  while (s.out_offset < s.out.size()) {
    const ssize_t n = ::send(s.fd, s.out.data() + s.out_offset, s.out.size() - s.out_offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        set_want_out(i, true);
        return false;
      }
      drop(i);
      return true;
    }
    s.out_offset += static_cast<std::size_t>(n);
  }
  s.out.clear();
  s.out_offset = 0;
  set_want_out(i, false);
  if (s.in_batch) {
    s.in_batch = false;
    --pending_;
  }
  return true;
}

void sink::drop(std::uint32_t i) {
  session& s = sessions_[i];
  if (s.fd < 0) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, s.fd, nullptr);
  ::close(s.fd);
  s.fd = -1;
  --open_;
  if (s.ready) --ready_;
  if (s.in_batch) {
    s.in_batch = false;
    --pending_;
  }
  s.ready = false;
  s.codec.reset();
  std::string().swap(s.out);
}

void sink::accept_all() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const auto i = static_cast<std::uint32_t>(sessions_.size());
    sessions_.emplace_back();
    sessions_[i].fd = fd;
    ++open_;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = i;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
}

void sink::on_readable(std::uint32_t i) {
  session& s = sessions_[i];
  for (;;) {
    if (s.fd < 0) return;
    const ssize_t n = ::recv(s.fd, read_buffer_.data(), read_buffer_.size(), 0);
    if (n == 0) {
      drop(i);
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) drop(i);
      return;
    }
    std::string_view bytes(read_buffer_.data(), static_cast<std::size_t>(n));
    if (!s.upgraded) {
      s.head.append(bytes);
      const std::size_t end = s.head.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (s.head.size() > 16 * 1024) drop(i);
        continue;
      }
      const std::string_view key = header_value(std::string_view(s.head).substr(0, end + 2), "Sec-WebSocket-Key");
      if (!ws::is_valid_client_key(key)) {
        queue(i, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        flush(i);
        drop(i);
        return;
      }
      auto response = ws::make_upgrade_response(key);
      if (!response) {
        drop(i);
        return;
      }
      queue(i, *response);
      scratch_.clear();
      append_frame(scratch_, R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
      queue(i, scratch_);
      s.upgraded = true;
      s.codec = std::make_unique<ws::connection>(ws::role::server);
      const std::string rest = s.head.substr(end + 4);
      std::string().swap(s.head);
      s.codec->feed(rest);
    } else {
      s.codec->feed(bytes);
    }
    for (ws::event ev = s.codec->next_event(); ev.kind != ws::event_kind::need_more; ev = s.codec->next_event()) {
      if (ev.kind == ws::event_kind::text) {
        on_message(i, ev.text());
      } else if (ev.kind == ws::event_kind::close || ev.kind == ws::event_kind::error) {
        if (s.codec->has_output()) {
          s.codec->take_output(scratch_);
          queue(i, scratch_);
        }
        flush(i);
        drop(i);
        return;
      }
      if (s.fd < 0) return;
    }
    if (s.codec && s.codec->has_output()) {
      s.codec->take_output(scratch_);
      queue(i, scratch_);
    }
    flush(i);
  }
}

void sink::on_message(std::uint32_t i, std::string_view text) {
  session& s = sessions_[i];
  // Client payloads are written by the SDK core without spaces (client_payload.cpp).
  if (text.find("\"op\":1,") != std::string_view::npos || text.find("\"op\":1}") != std::string_view::npos) {
    scratch_.clear();
    append_frame(scratch_, R"({"op":11,"d":null,"s":null,"t":null})");
    queue(i, scratch_);
  } else if (text.find("\"op\":2") != std::string_view::npos && !s.ready) {
    scratch_.clear();
    append_frame(scratch_, R"({"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"sink-)" + std::to_string(i) +
                               R"(","resume_gateway_url":"ws://127.0.0.1","user":{"id":"1","username":"sink","discriminator":"0"},"guilds":[],"private_channels":[],"application":{"id":"1","flags":0}}})");
    queue(i, scratch_);
    s.ready = true;
    ++ready_;
  } else if (text.find("\"op\":3") != std::string_view::npos && !blasting_ && !blasted_) {
    blasting_ = true;
    blast_start_us_ = now_us();
    if (!o_.quiet) std::fprintf(stderr, "[sink] blasting %u events to %u sessions, %u per write\n", o_.events, ready_, o_.batch);
  }
}

// One batch of pre-built frames, identical for every session (as a server that serializes an
// event once); the marker's timestamp is taken when the batch is built.
void sink::next_batch() {
  batch_.clear();
  const std::uint32_t end = std::min(o_.events, next_event_ + o_.batch);
  std::string payload;
  for (; next_event_ < end; ++next_event_) {
    std::array<char, gateway_load::max_marker_size> buffer{};
    const std::string_view marker = gateway_load::format_marker({next_event_, now_us()}, buffer);
    // The envelope parleyd writes, then d.
    const bool user_update = o_.event == "user-update";
    payload.assign(user_update ? R"({"t":"USER_UPDATE","s":)" : R"({"t":"MESSAGE_CREATE","s":)");
    payload.append(std::to_string(next_event_ + 2));
    payload.append(R"(,"op":0,"d":)");
    const std::size_t d_start = payload.size();
    if (user_update) {
      payload.append(R"({"id":"1300000000000000002","username":"sender","discriminator":"0","global_name":")");
      payload.append(marker);
      payload.append(R"(","avatar":null,"bot":false,"system":false,"public_flags":0,"banner":null,"accent_color":null,)"
                     R"("avatar_decoration_data":null,"flags":0,"mfa_enabled":false,"locale":"en-US","premium_type":0,)"
                     R"("verified":false,"email":null,"filler":")");
      while (payload.size() - d_start + 2 < o_.body_size) payload.push_back('x');  // d is exactly body_size
    } else {
      payload.append(R"({"type":0,"tts":false,"timestamp":"2026-11-21T10:00:00.000000+00:00","pinned":false,)"
                     R"("mentions":[],"mention_roles":[],"mention_everyone":false,"id":"1310000000000000000",)"
                     R"("flags":0,"embeds":[],"edited_timestamp":null,"content":")");
      payload.append(marker);
      payload.append(R"(","components":[],"channel_id":"1300000000000000001","author":{"username":"sender","id":"1300000000000000002","global_name":null,"discriminator":"0","avatar":null},"attachments":[],"guild_id":"1300000000000000000","filler":")");
      while (payload.size() < o_.body_size + 40) payload.push_back('x');
    }
    payload.append("\"}}");
    append_frame(batch_, payload);
  }
  pending_ = 0;
  for (std::uint32_t i = 0; i < sessions_.size(); ++i) {
    session& s = sessions_[i];
    if (s.fd < 0 || !s.ready) continue;
    s.out.append(batch_);
    s.in_batch = true;
    ++pending_;
    flush(i);
  }
}

int sink::run() {
  ::signal(SIGPIPE, SIG_IGN);
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o_.port);
  ::inet_pton(AF_INET, o_.host.c_str(), &addr.sin_addr);
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 4096) != 0) {
    std::fprintf(stderr, "sink: cannot listen on %s:%u: %s\n", o_.host.c_str(), o_.port, std::strerror(errno));
    return 2;
  }
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event lev{};
  lev.events = EPOLLIN;
  lev.data.u32 = UINT32_MAX;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &lev);
  if (!o_.quiet) std::fprintf(stderr, "[sink] listening on %s:%u\n", o_.host.c_str(), o_.port);

  std::array<epoll_event, 512> events{};
  for (;;) {
    if (blasting_ && pending_ == 0) {
      if (next_event_ < o_.events) {
        next_batch();
      } else {
        blasting_ = false;
        blasted_ = true;
        if (!o_.quiet)
          std::fprintf(stderr, "[sink] blast done in %.3f s\n", static_cast<double>(now_us() - blast_start_us_) / 1e6);
      }
      continue;
    }
    if (blasted_ && o_.exit_after && open_ == 0) break;
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0 && errno != EINTR) return 2;
    for (int k = 0; k < n; ++k) {
      const std::uint32_t i = events[k].data.u32;
      if (i == UINT32_MAX) {
        accept_all();
        continue;
      }
      session& s = sessions_[i];
      if (s.fd < 0) continue;
      if (events[k].events & EPOLLOUT) flush(i);
      if (s.fd >= 0 && (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(i);
    }
  }
  ::close(epoll_fd_);
  ::close(listen_fd_);
  return 0;
}

} // namespace

std::variant<sink_options, int> parse_sink_options(int argc, char** argv) {
  sink_options o;
  CLI::App app{"parley-bench sink: a gateway stand-in that writes pre-built dispatches as fast as they are read\n"
               "(the receive ceiling: run `parley-bench gateway --trigger sink` against it)"};
  app.add_option("--host", o.host, "listen address")->capture_default_str();
  app.add_option("--port", o.port, "listen port")->required();
  app.add_option("-m,--events", o.events, "events per blast")->capture_default_str()->check(CLI::Range(1u, 100000000u));
  app.add_option("--batch", o.batch, "events per write to one session")->capture_default_str()->check(CLI::Range(1u, 4096u));
  app.add_option("--body-size", o.body_size, "approximate bytes of each event's d")->capture_default_str()
      ->check(CLI::Range(300u, 4000u));
  app.add_option("--event", o.event, "the dispatch written: message-create, or user-update (d exactly --body-size bytes)")
      ->capture_default_str()->check(CLI::IsMember({"message-create", "user-update"}));
  bool stay = false;
  app.add_flag("--stay", stay, "keep running after the blast");
  app.add_flag("-q,--quiet", o.quiet, "no progress lines on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  o.exit_after = !stay;
  return o;
}

int run_sink(const sink_options& options) { return sink(options).run(); }

} // namespace parley::bench::sink
