// The single-threaded epoll engine of parley-bench's gateway mode (see load_runner.hpp for the
// phases). Each session's protocol is the SDK's sans-I/O core (client/core gateway_connection:
// upgrade, Hello, Identify, heartbeats, zlib-stream, dispatches); this file only does the I/O for
// thousands of them and the measuring.
#include "bench/gateway_load/load_runner.hpp"

#include "bench/gateway_load/fanout_marker.hpp"
#include "bench/gateway_load/fanout_report.hpp"
#include "bench/gateway_load/http_client.hpp"
#include "bench/gateway_load/latency_histogram.hpp"
#include "bench/gateway_load/loopback_connect.hpp"
#include "bench/gateway_load/proc_stats.hpp"
#include "bench/gateway_load/shard_sync.hpp"
#include "client/core/client_error.hpp"
#include "client/core/gateway_connection.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <queue>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace parley::bench::gateway_load {
namespace {

std::uint64_t now_us() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

// xorshift64*: masks, handshake keys and jitter need to vary, not to be secret.
class fast_random {
 public:
  explicit fast_random(std::uint64_t seed) noexcept : state_(seed | 1) {}
  std::uint64_t next() noexcept {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * UINT64_C(2685821657736338717);
  }
  double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

fast_random& shared_random() {
  static fast_random r(now_us() ^ (static_cast<std::uint64_t>(::getpid()) << 32));
  return r;
}

client::time_point to_time_point(std::uint64_t us) noexcept {
  return client::time_point(std::chrono::microseconds(us));
}

// Rounded up: on_timer(to_time_point(to_us(deadline))) must not come before the deadline, or the
// core would do nothing and report the same deadline again.
std::uint64_t to_us(client::time_point t) noexcept {
  return static_cast<std::uint64_t>(std::chrono::ceil<std::chrono::microseconds>(t.time_since_epoch()).count());
}

enum class slot_state : std::uint8_t { unopened, connecting, open, ready, dead };

struct slot {
  int fd = -1;
  slot_state state = slot_state::unopened;
  bool want_out = false;
  bool receiver = false;
  std::uint32_t token_index = 0;
  std::uint64_t connect_us = 0;
  std::uint64_t timer_due_us = 0; // the core's deadline as queued in timers_ (0: none queued)
  std::unique_ptr<client::gateway_connection> gw;
  std::string out;
  std::size_t out_offset = 0;
};

// core: the session's next_deadline() (heartbeat, hello/close timeout); reidentify: the pause
// after op 9 (gateway.md §3.8), which is the application's, not the core's.
enum class timer_kind : std::uint8_t { core, reidentify };

struct timer {
  std::uint64_t due_us;
  std::uint32_t slot;
  timer_kind kind;
  bool operator>(const timer& o) const noexcept { return due_us > o.due_us; }
};

struct trigger_conn {
  std::optional<http_client> http;
  int registered_fd = -1;
  std::uint64_t sent_us = 0;
  std::uint32_t seq = 0;
};

constexpr std::uint64_t trigger_tag = std::uint64_t{1} << 40;
constexpr std::size_t read_chunk = 16 * 1024;

std::string json_number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

class runner final {
 public:
  runner(const load_options& options, const std::vector<std::string>& tokens);
  int run();

 private:
  void handle_events(std::uint32_t index);
  void on_ready();
  void on_marker(fanout_marker marker);
  void on_invalid_session();
  void schedule_deadline(std::uint32_t index);

  void log(const char* format, ...) __attribute__((format(printf, 2, 3)));

  // --- connections ---
  void open_next();
  void on_connected(std::uint32_t index);
  void read_slot(std::uint32_t index);
  void pump_output(std::uint32_t index);
  void flush(std::uint32_t index);
  void set_want_out(std::uint32_t index, bool want);
  void kill(std::uint32_t index, std::string_view why);
  void run_timers(std::uint64_t now);

  template <class Done, class Tick>
  void loop(std::uint64_t deadline_us, Done done, Tick tick);

  // --- fan-out ---
  bool open_trigger_connections();
  void fanout_tick(std::uint64_t now);
  bool fire(std::uint64_t now);
  void on_trigger_readable(std::size_t k);
  void event_finished(std::uint32_t seq, std::uint64_t now);

  void report();

  const load_options& o_;
  const std::vector<std::string>& tokens_;
  shard_sync sync_;
  client::gateway_options gw_options_;
  std::string host_header_;
  std::string target_; // for the log
  std::vector<client::identify_params> identify_params_;
  std::uint32_t first_global_ = 0;
  std::uint32_t local_n_ = 0;
  int epoll_fd_ = -1;
  std::vector<slot> slots_;
  std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
  std::vector<std::byte> read_buffer_ = std::vector<std::byte>(read_chunk);
  std::string scratch_out_;

  // The slot whose events are being handled, and when its bytes were read.
  std::uint32_t current_ = 0;
  std::uint64_t now_ = 0;

  // --- identify phase ---
  std::uint32_t opened_ = 0, in_flight_ = 0, identified_ = 0, dead_ = 0;
  std::uint64_t invalid_sessions_ = 0;
  std::uint64_t first_connect_us_ = 0, last_ready_us_ = 0, setup_start_us_ = 0;
  latency_histogram identify_latency_;
  std::map<std::string, std::uint32_t> failure_reasons_;

  // --- heartbeats ---
  std::uint64_t heartbeats_sent_ = 0, heartbeat_acks_ = 0, missed_acks_ = 0;
  std::uint64_t bytes_in_ = 0;

  // --- memory ---
  std::optional<long> rss_baseline_kib_, rss_idle_kib_, rss_after_kib_;
  std::optional<long> tcp_pages_baseline_, tcp_pages_idle_;

  // --- fan-out ---
  bool fanout_active_ = false;
  std::uint32_t receivers_ = 0;
  std::vector<std::uint32_t> received_;      // per event: deliveries to local receivers
  std::vector<std::uint64_t> sent_at_us_;    // per event (shard 0)
  std::vector<std::uint8_t> failed_event_;   // per event: the trigger call failed (shard 0)
  std::uint32_t events_sent_ = 0, events_finished_ = 0, finished_prefix_ = 0, trigger_errors_ = 0;
  std::uint64_t deliveries_ = 0, duplicates_ = 0, unknown_markers_ = 0;
  std::uint64_t fanout_start_us_ = 0, first_send_us_ = 0, first_delivery_us_ = 0, last_delivery_us_ = 0;
  std::uint64_t max_trigger_backlog_ = 0;
  latency_histogram delivery_latency_, completion_latency_, rest_latency_;
  std::vector<trigger_conn> triggers_;
  std::string trigger_body_;
  std::optional<double> server_cpu_s_;
  double loadgen_cpu_s_ = 0, fanout_wall_s_ = 0;
  bool fanout_ran_ = false;
  std::uint64_t last_progress_us_ = 0;
};

runner::runner(const load_options& options, const std::vector<std::string>& tokens)
    : o_(options), tokens_(tokens), sync_(options.sync_dir, options.shard_index, options.shard_count) {
  host_header_ = o_.host + ":" + std::to_string(o_.port);
  gw_options_.params.version = o_.api_version;
  gw_options_.params.encoding = proto::gateway::encoding::json;
  gw_options_.params.compress =
      o_.zlib_stream ? proto::gateway::transport_compression::zlib_stream : proto::gateway::transport_compression::none;
  gw_options_.user_agent = "parley-bench";
  gw_options_.hello_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o_.setup_timeout * 1000));
  gw_options_.raw_dispatch_data = !o_.decode_dispatches;
  target_ = o_.path + "?v=" + std::to_string(o_.api_version) + "&encoding=json" + (o_.zlib_stream ? "&compress=zlib-stream" : "");

  for (const auto& token : tokens_) {
    client::identify_params p;
    p.token = token;
    p.intents = o_.intents;
    p.browser = p.device = "parley-bench";
    identify_params_.push_back(std::move(p));
  }

  const std::uint64_t n = o_.clients;
  first_global_ = static_cast<std::uint32_t>(n * o_.shard_index / o_.shard_count);
  local_n_ = static_cast<std::uint32_t>(n * (o_.shard_index + 1) / o_.shard_count) - first_global_;
  slots_.resize(local_n_);
  for (std::uint32_t i = 0; i < local_n_; ++i) {
    const std::uint32_t global = first_global_ + i;
    slots_[i].token_index = global % static_cast<std::uint32_t>(tokens_.size());
    slots_[i].receiver = !o_.trigger.trigger_account_only || tokens_[slots_[i].token_index] == tokens_[0];
  }
  received_.assign(o_.events, 0);
  sent_at_us_.assign(o_.events, 0);
  failed_event_.assign(o_.events, 0);
}

void runner::log(const char* format, ...) {
  if (o_.quiet) return;
  std::fprintf(stderr, "[parley-bench %u/%u %7.2fs] ", o_.shard_index, o_.shard_count,
               setup_start_us_ ? static_cast<double>(now_us() - setup_start_us_) / 1e6 : 0.0);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
}

// ------------------------------------------------------------------ connections

void runner::open_next() {
  const std::uint32_t index = opened_++;
  slot& s = slots_[index];
  const std::uint32_t global = first_global_ + index;
  ++in_flight_;
  s.connect_us = now_us();
  if (!first_connect_us_) first_connect_us_ = s.connect_us;
  std::string error;
  const int fd = start_connect(connect_target{o_.host, o_.port, o_.source_ips}, global, epoll_fd_, index, error);
  s.state = slot_state::connecting;
  if (fd < 0) {
    kill(index, error);
    return;
  }
  s.fd = fd;
  s.want_out = true;
}

void runner::on_connected(std::uint32_t index) {
  slot& s = slots_[index];
  if (const int err = connect_result(s.fd)) {
    kill(index, std::string("connect: ") + std::strerror(err));
    return;
  }
  s.state = slot_state::open;
  // Masks and handshake keys need to vary, not to be secret, on loopback (random_source.hpp).
  s.gw = std::make_unique<client::gateway_connection>(gw_options_, [] { return shared_random().next(); });
  const std::uint64_t now = now_us();
  if (auto started = s.gw->connect(host_header_, o_.path, to_time_point(now)); !started) {
    kill(index, "connect: " + started.error().message());
    return;
  }
  schedule_deadline(index);
  pump_output(index);
}

void runner::schedule_deadline(std::uint32_t index) {
  slot& s = slots_[index];
  const auto deadline = s.gw->next_deadline();
  if (!deadline) return;
  const std::uint64_t due = to_us(*deadline);
  if (s.timer_due_us != 0 && s.timer_due_us <= due) return; // an earlier wake-up is queued already
  s.timer_due_us = due;
  timers_.push({due, index, timer_kind::core});
}

void runner::set_want_out(std::uint32_t index, bool want) {
  slot& s = slots_[index];
  if (s.want_out == want) return;
  epoll_event ev{};
  ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
  ev.data.u64 = index;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, s.fd, &ev);
  s.want_out = want;
}

void runner::flush(std::uint32_t index) {
  slot& s = slots_[index];
  int error = 0;
  switch (drain_output(s.fd, s.out, s.out_offset, error)) {
    case drain_result::done: set_want_out(index, false); return;
    case drain_result::would_block: set_want_out(index, true); return;
    case drain_result::failed: kill(index, std::string("send: ") + std::strerror(error)); return;
  }
}

void runner::pump_output(std::uint32_t index) {
  slot& s = slots_[index];
  if (s.state == slot_state::dead || !s.gw || !s.gw->has_output()) return;
  if (s.out_offset == s.out.size()) {
    s.gw->take_output(s.out);
    s.out_offset = 0;
  } else {
    s.gw->take_output(scratch_out_);
    s.out.append(scratch_out_);
  }
  flush(index);
}

void runner::read_slot(std::uint32_t index) {
  slot& s = slots_[index];
  while (s.state != slot_state::dead) {
    const ssize_t n = ::recv(s.fd, read_buffer_.data(), read_buffer_.size(), 0);
    if (n == 0) {
      kill(index, "server closed the TCP connection");
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) kill(index, std::string("recv: ") + std::strerror(errno));
      return;
    }
    bytes_in_ += static_cast<std::uint64_t>(n);
    current_ = index;
    now_ = now_us();
    s.gw->receive(std::span<const std::byte>(read_buffer_.data(), static_cast<std::size_t>(n)), to_time_point(now_));
    handle_events(index);
    if (s.state == slot_state::dead) return;
    pump_output(index);
    schedule_deadline(index);
    if (static_cast<std::size_t>(n) < read_buffer_.size()) return;
  }
}

void runner::kill(std::uint32_t index, std::string_view why) {
  slot& s = slots_[index];
  if (s.state == slot_state::dead) return;
  if (s.state == slot_state::connecting || s.state == slot_state::open) --in_flight_;
  s.state = slot_state::dead;
  ++dead_;
  const std::string reason(why.substr(0, 160));
  if (++failure_reasons_[reason] == 1 || dead_ <= 5) log("client %u failed: %s\n", first_global_ + index, reason.c_str());
  if (s.fd >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, s.fd, nullptr);
    const linger abort_close{1, 0};
    ::setsockopt(s.fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
    ::close(s.fd);
    s.fd = -1;
  }
  s.gw.reset();
  std::string().swap(s.out);
  s.out_offset = 0;
}

void runner::run_timers(std::uint64_t now) {
  while (!timers_.empty() && timers_.top().due_us <= now) {
    const timer t = timers_.top();
    timers_.pop();
    slot& s = slots_[t.slot];
    if (s.state == slot_state::dead || !s.gw) continue;
    current_ = t.slot;
    now_ = now;
    if (t.kind == timer_kind::core) {
      if (t.due_us != s.timer_due_us) continue; // superseded by an earlier deadline
      s.timer_due_us = 0;
      const bool had_output = s.gw->has_output();
      s.gw->on_timer(to_time_point(now));
      if (!had_output && s.gw->has_output() && s.gw->current_state() != client::gateway_connection::state::closed)
        ++heartbeats_sent_;
      handle_events(t.slot);
      if (s.state == slot_state::dead) continue;
    } else if (s.gw->current_state() == client::gateway_connection::state::connected) {
      (void)s.gw->identify(identify_params_[s.token_index], to_time_point(now));
    }
    pump_output(t.slot);
    schedule_deadline(t.slot);
  }
}

// ------------------------------------------------------------------ events

void runner::handle_events(std::uint32_t index) {
  slot& s = slots_[index];
  while (s.gw) {
    auto event = s.gw->next_event();
    if (!event) return;
    if (auto* dispatch = std::get_if<client::dispatch_event>(&*event)) {
      if (dispatch->name != o_.trigger.event_name) continue;
      // With raw_dispatch_data the core hands `d` over as text: a scan finds the marker without a
      // JSON document per delivery.
      if (!o_.decode_dispatches) {
        if (auto marker = find_marker(dispatch->raw_data)) on_marker(*marker);
      } else if (const auto* object = dispatch->data.if_object()) {
        const auto* field = object->if_contains(o_.trigger.via_rest ? o_.trigger.field : std::string_view("content"));
        if (field && field->is_string())
          if (auto marker = find_marker(field->get_string())) on_marker(*marker);
      }
    } else if (std::holds_alternative<client::hello_event>(*event)) {
      if (auto sent = s.gw->identify(identify_params_[s.token_index], to_time_point(now_)); !sent) {
        kill(index, "identify: " + sent.error().message());
        return;
      }
    } else if (std::holds_alternative<client::ready_event>(*event)) {
      on_ready();
    } else if (std::holds_alternative<client::heartbeat_ack_event>(*event)) {
      ++heartbeat_acks_;
    } else if (std::holds_alternative<client::invalid_session_event>(*event)) {
      on_invalid_session();
    } else if (const auto* closed = std::get_if<client::closed_event>(&*event)) {
      if (closed->error == client::client_errc::zombie_connection) ++missed_acks_;
      std::string why = closed->by_server ? "server closed with " : "closed with ";
      why += std::to_string(closed->code);
      if (!closed->reason.empty()) why += " " + closed->reason;
      if (closed->error) why += " (" + closed->error.message() + ")";
      pump_output(index); // our Close, if the core sent one
      kill(index, why);
      return;
    }
  }
}

void runner::on_ready() {
  slot& s = slots_[current_];
  if (s.state != slot_state::open) return;
  s.state = slot_state::ready;
  --in_flight_;
  ++identified_;
  last_ready_us_ = now_;
  identify_latency_.add(now_ - s.connect_us);
}


void runner::on_marker(fanout_marker marker) {
  // Counted from READY on, not only once this process enters its fan-out phase: with several
  // shards, shard 0 may trigger while another shard is still idling.
  if (!slots_[current_].receiver || slots_[current_].state != slot_state::ready || marker.seq >= received_.size()) {
    ++unknown_markers_;
    return;
  }
  const std::uint64_t latency = now_ > marker.sent_us ? now_ - marker.sent_us : 0;
  delivery_latency_.add(latency);
  ++deliveries_;
  if (!first_delivery_us_) first_delivery_us_ = now_;
  last_delivery_us_ = now_;
  const std::uint32_t count = ++received_[marker.seq];
  if (count == receivers_) {
    // Completion is measured from the marker's timestamp, which every shard can read.
    completion_latency_.add(latency);
    event_finished(marker.seq, now_);
  } else if (count > receivers_) {
    ++duplicates_;
  }
}

void runner::on_invalid_session() {
  ++invalid_sessions_;
  // gateway.md §3.8: clients wait 1-5 s before identifying again.
  const auto pause = static_cast<std::uint64_t>(1'000'000 + 4'000'000 * shared_random().unit());
  timers_.push({now_ + pause, current_, timer_kind::reidentify});
}

// ------------------------------------------------------------------ loop

template <class Done, class Tick>
void runner::loop(std::uint64_t deadline_us, Done done, Tick tick) {
  std::array<epoll_event, 512> events{};
  while (true) {
    std::uint64_t now = now_us();
    tick(now);
    run_timers(now);
    if (done() || now >= deadline_us) return;
    std::uint64_t wait_us = std::min<std::uint64_t>(50'000, deadline_us - now);
    if (!timers_.empty()) wait_us = std::min(wait_us, timers_.top().due_us > now ? timers_.top().due_us - now : 0);
    if (fanout_active_ && o_.rate > 0) wait_us = std::min<std::uint64_t>(wait_us, 1000);
    const int timeout_ms = static_cast<int>((wait_us + 999) / 1000);
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "epoll_wait: %s\n", std::strerror(errno));
      return;
    }
    for (int i = 0; i < n; ++i) {
      const std::uint64_t tag = events[i].data.u64;
      if (tag >= trigger_tag) {
        on_trigger_readable(static_cast<std::size_t>(tag - trigger_tag));
        continue;
      }
      const auto index = static_cast<std::uint32_t>(tag);
      slot& s = slots_[index];
      if (s.state == slot_state::dead) continue;
      if (s.state == slot_state::connecting) {
        if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(index);
        if (s.state == slot_state::dead) continue;
      }
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_slot(index);
      if (s.state == slot_state::dead) continue;
      if (events[i].events & EPOLLOUT) flush(index);
    }
  }
}

// ------------------------------------------------------------------ fan-out

bool runner::open_trigger_connections() {
  if (!o_.trigger.via_rest) return true;
  triggers_.resize(o_.trigger_connections);
  for (std::size_t k = 0; k < triggers_.size(); ++k) {
    auto http = http_client::connect(o_.host, o_.port);
    if (!http) {
      std::fprintf(stderr, "trigger connection: %s\n", http.error().message().c_str());
      return false;
    }
    triggers_[k].http.emplace(std::move(*http));
    triggers_[k].http->set_nonblocking();
  }
  return true;
}

bool runner::fire(std::uint64_t now) {
  if (!o_.trigger.via_rest) {
    // The sink writes all events itself once a session asks with op 3 (sink_server.hpp).
    for (std::uint32_t i = 0; i < local_n_; ++i) {
      slot& s = slots_[i];
      if (s.state != slot_state::ready) continue;
      boost::json::object presence{{"since", nullptr}, {"activities", boost::json::array{}}, {"status", "online"}, {"afk", false}};
      if (!s.gw->send(3, presence)) continue;
      pump_output(i);
      events_sent_ = o_.events;
      first_send_us_ = now;
      return true;
    }
    return false;
  }
  for (std::size_t k = 0; k < triggers_.size(); ++k) {
    trigger_conn& t = triggers_[k];
    if (!t.http || t.http->in_flight()) continue;
    const std::uint32_t seq = events_sent_++;
    const std::uint64_t stamp = now_us();
    std::array<char, max_marker_size> buffer{};
    trigger_body(o_.trigger, format_marker({seq, stamp}, buffer), trigger_body_);
    sent_at_us_[seq] = stamp;
    if (!first_send_us_) first_send_us_ = stamp;
    t.sent_us = stamp;
    t.seq = seq;
    auto started = t.http->start_request(
        {.method = o_.trigger.method, .target = o_.trigger.target, .authorization = tokens_[0], .json_body = trigger_body_});
    if (t.http->fd() != t.registered_fd && t.http->fd() >= 0) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = trigger_tag + k;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, t.http->fd(), &ev);
      t.registered_fd = t.http->fd();
    }
    if (!started) {
      log("trigger %u: %s\n", seq, started.error().message().c_str());
      ++trigger_errors_;
      failed_event_[seq] = 1;
      t.http.reset();
      t.registered_fd = -1;
      if (auto again = http_client::connect(o_.host, o_.port)) {
        t.http.emplace(std::move(*again));
        t.http->set_nonblocking();
      }
      event_finished(seq, now);
    }
    return true;
  }
  return false;
}

void runner::on_trigger_readable(std::size_t k) {
  trigger_conn& t = triggers_[k];
  if (!t.http || !t.http->in_flight()) return;
  auto done = t.http->on_readable();
  const std::uint64_t now = now_us();
  if (done && !*done) return;
  rest_latency_.add(now - t.sent_us);
  if (done && receivers_ == 0) event_finished(t.seq, now); // nobody here to count deliveries
  const int status = done ? t.http->response().status() : 0;
  if (!done || status < 200 || status > 299) {
    if (++trigger_errors_ <= 5)
      log("trigger %u failed: %s\n", t.seq,
          done ? ("HTTP " + std::to_string(status) + " " + t.http->response().body().substr(0, 200)).c_str()
               : done.error().message().c_str());
    failed_event_[t.seq] = 1;
    event_finished(t.seq, now);
    if (!done) {
      t.http.reset();
      t.registered_fd = -1;
      if (auto again = http_client::connect(o_.host, o_.port)) {
        t.http.emplace(std::move(*again));
        t.http->set_nonblocking();
      }
    }
  }
  if (t.http && t.http->fd() < 0) t.registered_fd = -1; // the server closed; re-registered on the next fire
}

void runner::event_finished(std::uint32_t, std::uint64_t) {
  ++events_finished_;
  while (finished_prefix_ < events_sent_ && (received_[finished_prefix_] >= receivers_ || failed_event_[finished_prefix_]))
    ++finished_prefix_;
}

void runner::fanout_tick(std::uint64_t now) {
  if (now - last_progress_us_ > 2'000'000) {
    last_progress_us_ = now;
    log("fan-out: sent %u, complete %u, deliveries %llu\n", events_sent_, events_finished_,
        static_cast<unsigned long long>(deliveries_));
  }
  if (o_.shard_index != 0 || (o_.trigger.via_rest && triggers_.empty())) return;
  if (o_.rate > 0) {
    const auto due = std::min<std::uint64_t>(
        o_.events, static_cast<std::uint64_t>(static_cast<double>(now - fanout_start_us_) * o_.rate / 1e6) + 1);
    while (events_sent_ < due && fire(now)) {
    }
    max_trigger_backlog_ = std::max<std::uint64_t>(max_trigger_backlog_, due - events_sent_);
  } else {
    while (events_sent_ < o_.events && events_sent_ - finished_prefix_ < o_.window && fire(now)) {
    }
  }
}

// ------------------------------------------------------------------ phases

int runner::run() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return 2;

  // Phase 0: baseline, then every shard starts connecting together.
  const bool coordinator = o_.shard_index == 0;
  if (coordinator) {
    rss_baseline_kib_ = process_rss_kib(o_.server_pid);
    tcp_pages_baseline_ = tcp_memory_pages();
    if (!sync_.post("go")) std::fprintf(stderr, "cannot write to --sync-dir %s\n", o_.sync_dir.c_str());
  } else {
    const std::uint64_t until = now_us() + static_cast<std::uint64_t>(o_.setup_timeout * 1e6);
    while (!sync_.posted("go") && now_us() < until) ::usleep(10'000);
  }

  // Phase 1: identify.
  setup_start_us_ = now_us();
  log("connecting %u clients (%u..%u of %u) to %s%s\n", local_n_, first_global_, first_global_ + local_n_ - 1,
      o_.clients, host_header_.c_str(), target_.c_str());
  loop(
      setup_start_us_ + static_cast<std::uint64_t>(o_.setup_timeout * 1e6),
      [&] { return opened_ == local_n_ && in_flight_ == 0; },
      [&](std::uint64_t now) {
        while (opened_ < local_n_ && in_flight_ < o_.connect_concurrency) open_next();
        if (now - last_progress_us_ > 2'000'000) {
          last_progress_us_ = now;
          log("identify: opened %u, ready %u, dead %u, invalid sessions %llu\n", opened_, identified_, dead_,
              static_cast<unsigned long long>(invalid_sessions_));
        }
      });
  for (std::uint32_t i = 0; i < local_n_; ++i)
    if (slots_[i].state == slot_state::connecting || slots_[i].state == slot_state::open) kill(i, "setup timeout");
  const double identify_s = last_ready_us_ > first_connect_us_ ? static_cast<double>(last_ready_us_ - first_connect_us_) / 1e6 : 0;
  log("identified %u/%u in %.3f s (%.0f/s), dead %u\n", identified_, local_n_, identify_s,
      identify_s > 0 ? identified_ / identify_s : 0.0, dead_);
  for (const slot& s : slots_)
    if (s.state == slot_state::ready && s.receiver) ++receivers_;
  sync_.post("ready." + std::to_string(o_.shard_index));

  // Phase 2: idle, then memory.
  auto keep_alive_until = [&](std::uint64_t deadline, auto done) {
    loop(deadline, done, [](std::uint64_t) {});
  };
  keep_alive_until(now_us() + static_cast<std::uint64_t>(o_.setup_timeout * 1e6), [&] { return sync_.all_posted("ready"); });
  keep_alive_until(now_us() + static_cast<std::uint64_t>(o_.idle_seconds * 1e6), [] { return false; });
  rss_idle_kib_ = process_rss_kib(o_.server_pid);
  tcp_pages_idle_ = tcp_memory_pages();

  // Phase 3: fan-out.
  if (o_.events > 0) {
    const bool can_trigger = !coordinator || open_trigger_connections();
    if (can_trigger) {
      fanout_ran_ = true;
      fanout_active_ = true;
      const auto cpu_before = process_cpu_seconds(o_.server_pid);
      const double loadgen_before = self_cpu_seconds();
      fanout_start_us_ = now_us();
      last_progress_us_ = fanout_start_us_;
      const std::uint64_t deadline = fanout_start_us_ + static_cast<std::uint64_t>(o_.fanout_timeout * 1e6);
      std::uint64_t next_check = 0;
      bool posted_done = false;
      loop(
          deadline,
          [&] {
            const bool local_done = coordinator ? events_finished_ >= o_.events && std::none_of(triggers_.begin(), triggers_.end(), [](const trigger_conn& t) {
                                                    return t.http && t.http->in_flight();
                                                  })
                                                : events_finished_ >= o_.events || receivers_ == 0;
            if (!local_done) return false;
            if (!posted_done) posted_done = sync_.post("done." + std::to_string(o_.shard_index));
            if (!sync_.active()) return true;
            const std::uint64_t now = now_us();
            if (now < next_check) return false;
            next_check = now + 2000;
            return coordinator ? sync_.all_posted("done") : sync_.posted("end");
          },
          [&](std::uint64_t now) { fanout_tick(now); });
      const auto cpu_after = process_cpu_seconds(o_.server_pid);
      loadgen_cpu_s_ = self_cpu_seconds() - loadgen_before;
      fanout_wall_s_ = static_cast<double>(now_us() - fanout_start_us_) / 1e6;
      if (cpu_before && cpu_after) server_cpu_s_ = *cpu_after - *cpu_before;
      fanout_active_ = false;
      if (!posted_done) sync_.post("done." + std::to_string(o_.shard_index));
      if (coordinator) {
        sync_.post("end");
      } else if (!sync_.posted("end")) {
        // Keep the connections open until shard 0 has read the server's CPU.
        keep_alive_until(now_us() + static_cast<std::uint64_t>(o_.fanout_timeout * 1e6), [&] { return sync_.posted("end"); });
      }
    }
  } else {
    if (coordinator) sync_.post("end");
    else keep_alive_until(now_us() + static_cast<std::uint64_t>(o_.setup_timeout * 1e6), [&] { return sync_.posted("end"); });
  }
  rss_after_kib_ = process_rss_kib(o_.server_pid);

  report();

  // Abortive close (RST): no TIME_WAIT entries pin loopback ports between runs.
  for (std::uint32_t i = 0; i < local_n_; ++i)
    if (slots_[i].state != slot_state::dead && slots_[i].fd >= 0) {
      const linger abort_close{1, 0};
      ::setsockopt(slots_[i].fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
      ::close(slots_[i].fd);
      slots_[i].fd = -1;
    }
  ::close(epoll_fd_);
  const bool all_identified = identified_ == local_n_ && dead_ == 0;
  const bool all_delivered = o_.events == 0 || (fanout_ran_ && deliveries_ == std::uint64_t{receivers_} * o_.events && trigger_errors_ == 0);
  return all_identified && all_delivered ? 0 : 3;
}

void runner::report() {
  namespace json = boost::json;
  const double identify_s = last_ready_us_ > first_connect_us_ ? static_cast<double>(last_ready_us_ - first_connect_us_) / 1e6 : 0;
  auto opt = [](const auto& v) -> json::value {
    if (v) return json::value(*v);
    return nullptr;
  };
  json::object r;
  r["label"] = o_.label;
  r["n"] = o_.clients;
  r["shard_index"] = o_.shard_index;
  r["shard_count"] = o_.shard_count;
  r["local_n"] = local_n_;
  r["compress"] = o_.zlib_stream ? "zlib-stream" : "none";
  r["encoding"] = "json";
  r["event"] = o_.trigger.event_name;
  r["tokens"] = tokens_.size();
  r["identified"] = identified_;
  r["dead"] = dead_;
  r["invalid_sessions"] = invalid_sessions_;
  r["first_connect_us"] = first_connect_us_;
  r["last_ready_us"] = last_ready_us_;
  r["identify_s"] = identify_s;
  r["identify_per_s"] = identify_s > 0 ? identified_ / identify_s : 0.0;
  r["identify_latency_p50_us"] = identify_latency_.percentile(0.5);
  r["identify_latency_p99_us"] = identify_latency_.percentile(0.99);
  r["identify_latency_hist"] = identify_latency_.to_json();
  r["rss_baseline_kib"] = opt(rss_baseline_kib_);
  r["rss_idle_kib"] = opt(rss_idle_kib_);
  r["rss_after_kib"] = opt(rss_after_kib_);
  std::optional<double> per_session, kernel_per_session;
  if (o_.shard_index == 0 && rss_baseline_kib_ && rss_idle_kib_ && o_.clients)
    per_session = static_cast<double>(*rss_idle_kib_ - *rss_baseline_kib_) * 1024.0 / o_.clients;
  if (o_.shard_index == 0 && tcp_pages_baseline_ && tcp_pages_idle_ && o_.clients)
    kernel_per_session = static_cast<double>(*tcp_pages_idle_ - *tcp_pages_baseline_) * 4096.0 / o_.clients;
  r["idle_bytes_per_session"] = opt(per_session);
  r["kernel_tcp_bytes_per_session"] = opt(kernel_per_session);
  r["heartbeats_sent"] = heartbeats_sent_;
  r["heartbeat_acks"] = heartbeat_acks_;
  r["missed_acks"] = missed_acks_;
  json::object failures;
  for (const auto& [why, count] : failure_reasons_) failures[why] = count;
  r["failures"] = std::move(failures);

  // Shards other than 0 send nothing: their span starts at their first delivery.
  const std::uint64_t span_start = first_send_us_ ? first_send_us_ : first_delivery_us_;
  const double delivery_wall =
      span_start && last_delivery_us_ > span_start ? static_cast<double>(last_delivery_us_ - span_start) / 1e6 : 0;
  if (fanout_ran_) {
    json::object f = fanout_report({.fixed_rate = o_.rate > 0,
                                    .rate = o_.rate,
                                    .window = o_.window,
                                    .events = o_.events,
                                    .events_sent = events_sent_,
                                    .receivers = receivers_,
                                    .deliveries = deliveries_,
                                    .duplicates = duplicates_,
                                    .unknown_markers = unknown_markers_,
                                    .wall_s = delivery_wall,
                                    .server_cpu_s = server_cpu_s_,
                                    .loadgen_cpu_s = loadgen_cpu_s_,
                                    .delivery_latency = &delivery_latency_,
                                    .completion_latency = &completion_latency_,
                                    .max_trigger_backlog = max_trigger_backlog_});
    f["trigger_errors"] = trigger_errors_;
    f["first_send_us"] = first_send_us_;
    f["first_delivery_us"] = first_delivery_us_;
    f["last_delivery_us"] = last_delivery_us_;
    f["phase_wall_s"] = fanout_wall_s_;
    f["rest_p50_us"] = rest_latency_.percentile(0.5);
    f["rest_p99_us"] = rest_latency_.percentile(0.99);
    f["lat_hist"] = delivery_latency_.to_json();
    r["fanout"] = std::move(f);
  } else {
    r["fanout"] = nullptr;
  }
  const bool ok = identified_ == local_n_ && dead_ == 0 &&
                  (o_.events == 0 || (fanout_ran_ && deliveries_ == std::uint64_t{receivers_} * o_.events && trigger_errors_ == 0));
  r["ok"] = ok;
  std::printf("%s\n", json::serialize(r).c_str());
  std::fflush(stdout);

  std::fprintf(stderr,
               "---- %s N=%u shard %u/%u compress=%s event=%s\n"
               "identify: %u/%u ready in %.3f s => %.0f identifies/s (connect->READY p50 %llu us, p99 %llu us); dead %u, op9 %llu\n",
               o_.label.c_str(), o_.clients, o_.shard_index, o_.shard_count, o_.zlib_stream ? "zlib-stream" : "none",
               o_.trigger.event_name.c_str(), identified_, local_n_, identify_s, identify_s > 0 ? identified_ / identify_s : 0.0,
               static_cast<unsigned long long>(identify_latency_.percentile(0.5)),
               static_cast<unsigned long long>(identify_latency_.percentile(0.99)), dead_,
               static_cast<unsigned long long>(invalid_sessions_));
  if (rss_baseline_kib_ || rss_idle_kib_)
    std::fprintf(stderr, "  server RSS baseline %ld KiB, idle %ld KiB, after %ld KiB => %s B/session; kernel TCP %s B/session\n",
                 rss_baseline_kib_.value_or(-1), rss_idle_kib_.value_or(-1), rss_after_kib_.value_or(-1),
                 per_session ? json_number(*per_session, 0).c_str() : "n/a",
                 kernel_per_session ? json_number(*kernel_per_session, 0).c_str() : "n/a");
  std::fprintf(stderr, "  heartbeats %llu, acks %llu, missed %llu\n", static_cast<unsigned long long>(heartbeats_sent_),
               static_cast<unsigned long long>(heartbeat_acks_), static_cast<unsigned long long>(missed_acks_));
  if (fanout_ran_)
    std::fprintf(stderr,
                 "  fan-out (%s): events %u/%u, deliveries %llu/%llu (dups %llu, trigger errors %u) in %.3f s => %.0f deliveries/s\n"
                 "  server cpu %s s => %s deliveries per server-cpu-s; loadgen cpu %.2f s\n"
                 "  delivery latency us: p50 %llu p90 %llu p99 %llu max %llu; REST trigger p50 %llu us\n",
                 o_.rate > 0 ? "fixed rate" : "window", events_sent_, o_.events, static_cast<unsigned long long>(deliveries_),
                 static_cast<unsigned long long>(std::uint64_t{receivers_} * o_.events),
                 static_cast<unsigned long long>(duplicates_), trigger_errors_, delivery_wall,
                 delivery_wall > 0 ? static_cast<double>(deliveries_) / delivery_wall : 0.0,
                 server_cpu_s_ ? json_number(*server_cpu_s_, 2).c_str() : "n/a",
                 server_cpu_s_ && *server_cpu_s_ > 0 ? json_number(static_cast<double>(deliveries_) / *server_cpu_s_, 0).c_str() : "n/a",
                 loadgen_cpu_s_, static_cast<unsigned long long>(delivery_latency_.percentile(0.5)),
                 static_cast<unsigned long long>(delivery_latency_.percentile(0.9)),
                 static_cast<unsigned long long>(delivery_latency_.percentile(0.99)),
                 static_cast<unsigned long long>(delivery_latency_.max()),
                 static_cast<unsigned long long>(rest_latency_.percentile(0.5)));
}

} // namespace

int run_load(const load_options& options, const std::vector<std::string>& tokens) {
  if (tokens.empty()) {
    std::fprintf(stderr, "no tokens\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  const std::uint64_t local = (std::uint64_t{options.clients} * (options.shard_index + 1) / options.shard_count) -
                              (std::uint64_t{options.clients} * options.shard_index / options.shard_count);
  if (local + options.trigger_connections + 32 > limit.rlim_cur) {
    std::fprintf(stderr, "%llu clients exceed this process's open-file limit (%llu): use --shard i/n over several processes\n",
                 static_cast<unsigned long long>(local), static_cast<unsigned long long>(limit.rlim_cur));
    return 2;
  }
  runner r(options, tokens);
  return r.run();
}

} // namespace parley::bench::gateway_load
