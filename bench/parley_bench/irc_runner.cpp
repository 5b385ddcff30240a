// The epoll engine of `parley-bench irc` (irc_runner.hpp). IRC facts used: registration is NICK +
// USER answered by 001 RPL_WELCOME (RFC 2812 §3.1, §5.1); JOIN is answered by the JOIN echo, the
// topic and NAMES ending in 366 RPL_ENDOFNAMES (§3.2.1); PING must be answered with PONG (§3.7.2);
// a PRIVMSG to a channel reaches every member but its sender (§3.3.1).
#include "bench/parley_bench/irc_runner.hpp"

#include "bench/gateway_load/fanout_marker.hpp"
#include "bench/gateway_load/fanout_report.hpp"
#include "bench/gateway_load/latency_histogram.hpp"
#include "bench/gateway_load/loopback_connect.hpp"
#include "bench/gateway_load/proc_stats.hpp"
#include "bench/parley_bench/irc_line.hpp"

#include <arpa/inet.h>
#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace parley::bench::irc {
namespace {

using gateway_load::fanout_marker;
using gateway_load::latency_histogram;

std::uint64_t now_us() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

enum class client_state : std::uint8_t { unopened, connecting, registering, registered, joining, joined, dead };

struct irc_client {
  int fd = -1;
  client_state state = client_state::unopened;
  bool want_out = false;
  std::uint64_t connect_us = 0;
  irc_line_splitter lines;
  std::string out;
  std::size_t out_offset = 0;
};

class irc_runner {
 public:
  explicit irc_runner(const irc_options& o) : o_(o), clients_(o.clients + 1), received_(o.events, 0) {}
  int run();

 private:
  void log(const char* format, ...) __attribute__((format(printf, 2, 3)));
  bool is_sender(std::uint32_t i) const noexcept { return i == o_.clients; }
  std::string nick(std::uint32_t i) const {
    return is_sender(i) ? o_.nick_prefix + "send" : o_.nick_prefix + std::to_string(i);
  }

  void open(std::uint32_t i);
  void on_connected(std::uint32_t i);
  void send_line(std::uint32_t i, std::string_view line);
  void flush(std::uint32_t i);
  void set_want_out(std::uint32_t i, bool want);
  void read(std::uint32_t i);
  void on_line(std::uint32_t i, std::string_view line);
  void kill(std::uint32_t i, std::string_view why);
  template <class Done, class Tick>
  void loop(std::uint64_t deadline_us, Done done, Tick tick);

  bool send_message(std::uint64_t now);
  void fanout_tick(std::uint64_t now);
  void report();

  const irc_options& o_;
  int epoll_fd_ = -1;
  std::vector<irc_client> clients_;
  std::vector<char> read_buffer_ = std::vector<char>(64 * 1024);
  std::uint64_t now_ = 0;

  std::uint32_t opened_ = 0, connecting_ = 0, registered_ = 0, joining_ = 0, joined_ = 0, dead_ = 0;
  std::uint32_t join_next_ = 0;
  std::uint64_t first_connect_us_ = 0, last_registered_us_ = 0, last_joined_us_ = 0, setup_start_us_ = 0;
  latency_histogram register_latency_;
  std::map<std::string, std::uint32_t> failures_;
  std::optional<long> rss_baseline_kib_, rss_idle_kib_, rss_after_kib_;

  std::vector<std::uint32_t> received_;
  std::uint32_t receivers_ = 0, sent_ = 0, finished_ = 0, finished_prefix_ = 0;
  std::uint64_t deliveries_ = 0, duplicates_ = 0, foreign_ = 0, pings_ = 0;
  std::uint64_t fanout_start_us_ = 0, first_send_us_ = 0, last_delivery_us_ = 0, max_backlog_ = 0;
  latency_histogram delivery_latency_, completion_latency_;
  std::optional<double> server_cpu_s_;
  double loadgen_cpu_s_ = 0;
  bool fanout_ran_ = false;
  std::uint64_t last_progress_us_ = 0;
  std::string message_;
};

void irc_runner::log(const char* format, ...) {
  if (o_.quiet) return;
  std::fprintf(stderr, "[parley-bench irc %7.2fs] ", setup_start_us_ ? static_cast<double>(now_us() - setup_start_us_) / 1e6 : 0.0);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
}

void irc_runner::open(std::uint32_t i) {
  irc_client& c = clients_[i];
  c.state = client_state::connecting;
  c.connect_us = now_us();
  if (!first_connect_us_) first_connect_us_ = c.connect_us;
  ++connecting_;
  std::string error;
  const int fd = gateway_load::start_connect(gateway_load::connect_target{o_.host, o_.port, o_.source_ips}, i,
                                             epoll_fd_, i, error);
  if (fd < 0) {
    kill(i, error);
    return;
  }
  c.fd = fd;
  c.want_out = true;
}

void irc_runner::on_connected(std::uint32_t i) {
  irc_client& c = clients_[i];
  if (const int err = gateway_load::connect_result(c.fd)) {
    kill(i, std::string("connect: ") + std::strerror(err));
    return;
  }
  c.state = client_state::registering;
  const std::string n = nick(i);
  send_line(i, "NICK " + n);
  send_line(i, "USER " + n + " 0 * :parley-bench");
}

void irc_runner::set_want_out(std::uint32_t i, bool want) {
  irc_client& c = clients_[i];
  if (c.want_out == want) return;
  epoll_event ev{};
  ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
  ev.data.u32 = i;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.want_out = want;
}

void irc_runner::send_line(std::uint32_t i, std::string_view line) {
  irc_client& c = clients_[i];
  if (c.state == client_state::dead) return;
  c.out.append(line).append("\r\n");
  if (c.state != client_state::connecting) flush(i);
}

void irc_runner::flush(std::uint32_t i) {
  irc_client& c = clients_[i];
  int error = 0;
  switch (gateway_load::drain_output(c.fd, c.out, c.out_offset, error)) {
    case gateway_load::drain_result::done: set_want_out(i, false); return;
    case gateway_load::drain_result::would_block: set_want_out(i, true); return;
    case gateway_load::drain_result::failed: kill(i, std::string("send: ") + std::strerror(error)); return;
  }
}

void irc_runner::read(std::uint32_t i) {
  irc_client& c = clients_[i];
  while (c.state != client_state::dead) {
    const ssize_t n = ::recv(c.fd, read_buffer_.data(), read_buffer_.size(), 0);
    if (n == 0) {
      kill(i, "server closed the connection");
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) kill(i, std::string("recv: ") + std::strerror(errno));
      return;
    }
    now_ = now_us();
    auto fed = c.lines.feed(std::string_view(read_buffer_.data(), static_cast<std::size_t>(n)),
                            [this, i](std::string_view line) { on_line(i, line); });
    if (!fed) {
      kill(i, fed.error().message());
      return;
    }
    if (static_cast<std::size_t>(n) < read_buffer_.size()) return;
  }
}

void irc_runner::on_line(std::uint32_t i, std::string_view line) {
  irc_client& c = clients_[i];
  if (c.state == client_state::dead) return;
  auto parsed = parse_irc_line(line);
  if (!parsed) {
    kill(i, "malformed line from the server");
    return;
  }
  const irc_message& m = *parsed;
  // The hot path first: a fan-out delivery.
  if (m.command == "PRIVMSG") {
    const auto marker = gateway_load::find_marker(m.last());
    if (!marker || marker->seq >= received_.size() || c.state != client_state::joined || is_sender(i)) {
      ++foreign_;
      return;
    }
    const std::uint64_t latency = now_ > marker->sent_us ? now_ - marker->sent_us : 0;
    delivery_latency_.add(latency);
    ++deliveries_;
    last_delivery_us_ = now_;
    const std::uint32_t count = ++received_[marker->seq];
    if (count == receivers_) {
      completion_latency_.add(latency);
      ++finished_;
      while (finished_prefix_ < sent_ && received_[finished_prefix_] >= receivers_) ++finished_prefix_;
    } else if (count > receivers_) {
      ++duplicates_;
    }
    return;
  }
  if (m.command == "PING") {
    ++pings_;
    std::string pong = "PONG :";
    pong.append(m.last());
    send_line(i, pong);
  } else if (m.command == "001") {
    if (c.state != client_state::registering) return;
    c.state = client_state::registered;
    --connecting_;
    ++registered_;
    last_registered_us_ = now_;
    register_latency_.add(now_ - c.connect_us);
  } else if (m.command == "366") {
    if (c.state != client_state::joining) return;
    c.state = client_state::joined;
    --joining_;
    ++joined_;
    last_joined_us_ = now_;
  } else if (m.command == "ERROR" || m.command == "433" || m.command == "432" || m.command == "471" ||
             m.command == "473" || m.command == "474" || m.command == "475" || m.command == "405") {
    kill(i, "server: " + std::string(m.command) + " " + std::string(m.last().substr(0, 100)));
  }
}

void irc_runner::kill(std::uint32_t i, std::string_view why) {
  irc_client& c = clients_[i];
  if (c.state == client_state::dead) return;
  if (c.state == client_state::connecting || c.state == client_state::registering) --connecting_;
  if (c.state == client_state::joining) --joining_;
  c.state = client_state::dead;
  ++dead_;
  const std::string reason(why.substr(0, 160));
  if (++failures_[reason] == 1 || dead_ <= 5) log("client %u failed: %s\n", i, reason.c_str());
  if (c.fd >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
    const linger abort_close{1, 0};
    ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
    ::close(c.fd);
    c.fd = -1;
  }
  std::string().swap(c.out);
  c.out_offset = 0;
}

template <class Done, class Tick>
void irc_runner::loop(std::uint64_t deadline_us, Done done, Tick tick) {
  std::array<epoll_event, 512> events{};
  while (true) {
    const std::uint64_t now = now_us();
    tick(now);
    if (done() || now >= deadline_us) return;
    std::uint64_t wait_us = std::min<std::uint64_t>(50'000, deadline_us - now);
    if (fanout_start_us_ && o_.rate > 0) wait_us = std::min<std::uint64_t>(wait_us, 1000);
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), static_cast<int>((wait_us + 999) / 1000));
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "epoll_wait: %s\n", std::strerror(errno));
      return;
    }
    for (int k = 0; k < n; ++k) {
      const std::uint32_t i = events[k].data.u32;
      irc_client& c = clients_[i];
      if (c.state == client_state::dead) continue;
      if (c.state == client_state::connecting && (events[k].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        on_connected(i);
        if (c.state == client_state::dead) continue;
      }
      if (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read(i);
      if (c.state == client_state::dead) continue;
      if (events[k].events & EPOLLOUT) flush(i);
    }
  }
}

bool irc_runner::send_message(std::uint64_t now) {
  const std::uint32_t sender = o_.clients;
  if (clients_[sender].state != client_state::joined || sent_ >= o_.events) return false;
  std::array<char, gateway_load::max_marker_size> buffer{};
  const std::string_view marker = gateway_load::format_marker({sent_, now}, buffer);
  message_.assign("PRIVMSG ").append(o_.channel).append(" :").append(marker);
  message_.push_back(' ');
  const std::size_t text_start = message_.size() - marker.size() - 1;
  while (message_.size() - text_start < o_.payload) message_.push_back('x');
  if (!first_send_us_) first_send_us_ = now;
  ++sent_;
  send_line(sender, message_);
  return true;
}

void irc_runner::fanout_tick(std::uint64_t now) {
  if (now - last_progress_us_ > 2'000'000) {
    last_progress_us_ = now;
    log("fan-out: sent %u, complete %u, deliveries %llu\n", sent_, finished_, static_cast<unsigned long long>(deliveries_));
  }
  if (o_.rate > 0) {
    const auto due = std::min<std::uint64_t>(o_.events, static_cast<std::uint64_t>(static_cast<double>(now - fanout_start_us_) * o_.rate / 1e6) + 1);
    while (sent_ < due && send_message(now_us())) {
    }
    max_backlog_ = std::max<std::uint64_t>(max_backlog_, due - sent_);
  } else {
    while (sent_ < o_.events && sent_ - finished_prefix_ < o_.window && send_message(now_us())) {
    }
  }
}

int irc_runner::run() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return 2;
  rss_baseline_kib_ = gateway_load::process_rss_kib(o_.server_pid);
  const std::uint32_t total = o_.clients + 1;

  // Phase 1: register everyone (the sender last).
  setup_start_us_ = now_us();
  const std::uint64_t setup_deadline = setup_start_us_ + static_cast<std::uint64_t>(o_.setup_timeout * 1e6);
  log("registering %u clients + 1 sender with %s:%u\n", o_.clients, o_.host.c_str(), o_.port);
  loop(
      setup_deadline, [&] { return opened_ == total && connecting_ == 0; },
      [&](std::uint64_t now) {
        while (opened_ < total && connecting_ < o_.connect_concurrency) open(opened_++);
        if (now - last_progress_us_ > 2'000'000) {
          last_progress_us_ = now;
          log("register: opened %u, registered %u, dead %u\n", opened_, registered_, dead_);
        }
      });
  const double register_s =
      last_registered_us_ > first_connect_us_ ? static_cast<double>(last_registered_us_ - first_connect_us_) / 1e6 : 0;
  log("registered %u/%u in %.3f s\n", registered_, total, register_s);

  // Phase 2: join, a few at a time (each JOIN brings NAMES of the whole channel).
  loop(
      setup_deadline, [&] { return join_next_ == total && joining_ == 0; },
      [&](std::uint64_t now) {
        while (join_next_ < total && joining_ < o_.join_concurrency) {
          const std::uint32_t i = join_next_++;
          if (clients_[i].state != client_state::registered) continue;
          clients_[i].state = client_state::joining;
          ++joining_;
          send_line(i, "JOIN " + o_.channel);
        }
        if (now - last_progress_us_ > 2'000'000) {
          last_progress_us_ = now;
          log("join: joined %u, dead %u\n", joined_, dead_);
        }
      });
  for (std::uint32_t i = 0; i < total; ++i)
    if (clients_[i].state != client_state::joined) kill(i, "setup timeout");
  for (std::uint32_t i = 0; i < o_.clients; ++i)
    if (clients_[i].state == client_state::joined) ++receivers_;
  log("joined %u/%u (receivers %u)\n", joined_, total, receivers_);

  // Phase 3: idle (drains the JOIN notices), then memory.
  loop(now_us() + static_cast<std::uint64_t>(o_.idle_seconds * 1e6), [] { return false; }, [](std::uint64_t) {});
  rss_idle_kib_ = gateway_load::process_rss_kib(o_.server_pid);

  // Phase 4: fan-out.
  if (o_.events > 0 && clients_[o_.clients].state == client_state::joined) {
    fanout_ran_ = true;
    const auto cpu_before = gateway_load::process_cpu_seconds(o_.server_pid);
    const double self_before = gateway_load::self_cpu_seconds();
    fanout_start_us_ = now_us();
    last_progress_us_ = fanout_start_us_;
    loop(
        fanout_start_us_ + static_cast<std::uint64_t>(o_.fanout_timeout * 1e6),
        [&] { return finished_ >= o_.events || (receivers_ == 0 && sent_ >= o_.events); },
        [&](std::uint64_t now) { fanout_tick(now); });
    const auto cpu_after = gateway_load::process_cpu_seconds(o_.server_pid);
    loadgen_cpu_s_ = gateway_load::self_cpu_seconds() - self_before;
    if (cpu_before && cpu_after) server_cpu_s_ = *cpu_after - *cpu_before;
  }
  rss_after_kib_ = gateway_load::process_rss_kib(o_.server_pid);
  report();

  for (auto& c : clients_)
    if (c.fd >= 0) {
      const linger abort_close{1, 0};
      ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
      ::close(c.fd);
    }
  ::close(epoll_fd_);
  const bool ok = dead_ == 0 && joined_ == total &&
                  (o_.events == 0 || (fanout_ran_ && deliveries_ == std::uint64_t{receivers_} * o_.events && duplicates_ == 0));
  return ok ? 0 : 3;
}

void irc_runner::report() {
  namespace json = boost::json;
  auto opt = [](const auto& v) -> json::value {
    if (v) return json::value(*v);
    return nullptr;
  };
  const std::uint32_t total = o_.clients + 1;
  const double register_s =
      last_registered_us_ > first_connect_us_ ? static_cast<double>(last_registered_us_ - first_connect_us_) / 1e6 : 0;
  std::optional<double> per_client;
  if (rss_baseline_kib_ && rss_idle_kib_) per_client = static_cast<double>(*rss_idle_kib_ - *rss_baseline_kib_) * 1024.0 / total;
  json::object r;
  r["mode"] = "irc";
  r["label"] = o_.label;
  r["n"] = o_.clients;
  r["identified"] = joined_;
  r["dead"] = dead_;
  r["identify_s"] = register_s;
  r["identify_per_s"] = register_s > 0 ? registered_ / register_s : 0.0;
  r["identify_latency_p50_us"] = register_latency_.percentile(0.5);
  r["identify_latency_p99_us"] = register_latency_.percentile(0.99);
  r["rss_baseline_kib"] = opt(rss_baseline_kib_);
  r["rss_idle_kib"] = opt(rss_idle_kib_);
  r["rss_after_kib"] = opt(rss_after_kib_);
  r["idle_bytes_per_session"] = opt(per_client);
  r["pings"] = pings_;
  json::object failures;
  for (const auto& [why, count] : failures_) failures[why] = count;
  r["failures"] = std::move(failures);
  const double wall = first_send_us_ && last_delivery_us_ > first_send_us_ ? static_cast<double>(last_delivery_us_ - first_send_us_) / 1e6 : 0;
  if (fanout_ran_) {
    json::object f = gateway_load::fanout_report({.fixed_rate = o_.rate > 0,
                                                  .rate = o_.rate,
                                                  .window = o_.window,
                                                  .events = o_.events,
                                                  .events_sent = sent_,
                                                  .receivers = receivers_,
                                                  .deliveries = deliveries_,
                                                  .duplicates = duplicates_,
                                                  .unknown_markers = foreign_,
                                                  .wall_s = wall,
                                                  .server_cpu_s = server_cpu_s_,
                                                  .loadgen_cpu_s = loadgen_cpu_s_,
                                                  .delivery_latency = &delivery_latency_,
                                                  .completion_latency = &completion_latency_,
                                                  .max_trigger_backlog = max_backlog_});
    r["fanout"] = std::move(f);
  } else {
    r["fanout"] = nullptr;
  }
  r["ok"] = dead_ == 0 && joined_ == total &&
            (o_.events == 0 || (fanout_ran_ && deliveries_ == std::uint64_t{receivers_} * o_.events && duplicates_ == 0));
  std::printf("%s\n", json::serialize(r).c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "---- %s irc N=%u\nregister: %u/%u in %.3f s => %.0f registrations/s; joined %u; dead %u\n",
               o_.label.c_str(), o_.clients, registered_, total, register_s, register_s > 0 ? registered_ / register_s : 0.0,
               joined_, dead_);
  if (per_client)
    std::fprintf(stderr, "  server RSS baseline %ld KiB, idle %ld KiB => %.0f B/client\n", *rss_baseline_kib_, *rss_idle_kib_, *per_client);
  if (fanout_ran_)
    std::fprintf(stderr,
                 "  fan-out (%s): messages %u/%u, deliveries %llu/%llu (dups %llu) in %.3f s => %.0f deliveries/s\n"
                 "  server cpu %.2f s => %.0f deliveries per server-cpu-s; loadgen cpu %.2f s\n"
                 "  delivery latency us: p50 %llu p90 %llu p99 %llu max %llu\n",
                 o_.rate > 0 ? "fixed rate" : "window", sent_, o_.events, static_cast<unsigned long long>(deliveries_),
                 static_cast<unsigned long long>(std::uint64_t{receivers_} * o_.events),
                 static_cast<unsigned long long>(duplicates_), wall, wall > 0 ? static_cast<double>(deliveries_) / wall : 0.0,
                 server_cpu_s_.value_or(-1),
                 server_cpu_s_ && *server_cpu_s_ > 0 ? static_cast<double>(deliveries_) / *server_cpu_s_ : 0.0, loadgen_cpu_s_,
                 static_cast<unsigned long long>(delivery_latency_.percentile(0.5)),
                 static_cast<unsigned long long>(delivery_latency_.percentile(0.9)),
                 static_cast<unsigned long long>(delivery_latency_.percentile(0.99)),
                 static_cast<unsigned long long>(delivery_latency_.max()));
}

} // namespace

int run_irc(const irc_options& options) {
  ::signal(SIGPIPE, SIG_IGN);
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (std::uint64_t{options.clients} + 33 > limit.rlim_cur) {
    std::fprintf(stderr, "%u clients exceed this process's open-file limit (%llu)\n", options.clients,
                 static_cast<unsigned long long>(limit.rlim_cur));
    return 2;
  }
  irc_runner r(options);
  return r.run();
}

} // namespace parley::bench::irc
