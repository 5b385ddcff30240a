// parley_runtime_check: drives parley::client::client against a real parleyd behind a
// fault-injecting TCP proxy and checks reconnect, resume and delivery (issue 6 "runtime tests":
// dropped connection mid-frame, delayed ACKs, op 7, op 9, half-open TCP; gateway.md §3.2,
// §3.6-§3.8). Run by tests/integration/test_sdk_runtime.py, which owns parleyd and the proxy.
//
// Usage: parley_runtime_check <gateway url> <token> <channel id>
//        parley_runtime_check --login <gateway url> <token> <channel id> <ca file or -> <json|etf>
//                             <none|zlib-stream|zstd-stream>
// The second form only logs in (TLS for wss://), sees one posted message and stops: case "login".
// The faults are asked for on stdout, one line "CMD <words>", and answered on stdin by one line
// "OK ..." (or "ERR ..."): HOLD, RELEASE, CUT_MIDFRAME, WAIT_CUT <s>, POST <content>, DELAY <ms>,
// FREEZE, RESTART term|kill. Results are lines "CASE <name> PASS|FAIL <detail>"; the exit status
// is 0 only when every case passed.
#include "client/runtime/client.hpp"

#include "client/core/client_error.hpp"

#include <boost/asio/io_context.hpp>

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace pc = parley::client;
using namespace std::chrono_literals;

namespace {

// What the client reported, written on the client's strand, read by the scenario thread.
struct observed {
  std::mutex mutex;
  std::condition_variable changed;
  int ready = 0;
  int resumed = 0;
  int reconnect_requested = 0;
  int invalid_session = 0;
  int zombie_closes = 0;
  int disconnects = 0;
  int after_stop = 0; // events seen after stop()'s completion (must stay 0)
  bool stopped = false;
  std::vector<std::string> session_ids;
  std::vector<std::string> messages; // contents of MESSAGE_CREATE in the test channel, in order
  std::vector<pc::disconnected> closes;
};

struct counts {
  int ready, resumed, reconnect_requested, invalid_session, zombie_closes, disconnects;
  std::size_t messages;
};

counts snapshot(observed& o) {
  std::lock_guard lock(o.mutex);
  return {o.ready, o.resumed, o.reconnect_requested, o.invalid_session, o.zombie_closes, o.disconnects,
          o.messages.size()};
}

bool wait_for(observed& o, std::chrono::seconds timeout, const std::function<bool()>& pred) {
  std::unique_lock lock(o.mutex);
  return o.changed.wait_for(lock, timeout, pred);
}

std::string command(const std::string& line) {
  std::cout << "CMD " << line << std::endl;
  std::string reply;
  if (!std::getline(std::cin, reply)) return "ERR stdin closed";
  return reply;
}

bool command_ok(const std::string& line, std::string& why) {
  auto reply = command(line);
  if (reply.rfind("OK", 0) == 0) return true;
  why = line + ": " + reply;
  return false;
}

// Messages whose content starts with `prefix`, in arrival order.
std::vector<std::string> with_prefix(observed& o, const std::string& prefix) {
  std::lock_guard lock(o.mutex);
  std::vector<std::string> out;
  for (const auto& m : o.messages)
    if (m.rfind(prefix, 0) == 0) out.push_back(m);
  return out;
}

std::size_t count_prefix(const std::vector<std::string>& messages, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& m : messages) n += m.rfind(prefix, 0) == 0;
  return n;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return "[" + s + "]";
}

// Exactly `n` messages prefix0..prefix{n-1}, in order, each once.
bool exactly_once_in_order(observed& o, const std::string& prefix, int n, std::string& why) {
  auto got = with_prefix(o, prefix);
  std::vector<std::string> want;
  for (int i = 0; i < n; ++i) want.push_back(prefix + std::to_string(i));
  if (got == want) return true;
  why = "messages " + join(got) + " want " + join(want);
  return false;
}

struct case_runner {
  observed& o;
  int failures = 0;
  void report(const std::string& name, bool ok, const std::string& detail) {
    std::cout << "CASE " << name << (ok ? " PASS " : " FAIL ") << detail << std::endl;
    if (!ok) ++failures;
  }
};

} // namespace

// Logs in with the given transport settings, sees one message, stops.
int login_only(char** argv) {
  namespace gw = parley::proto::gateway;
  const std::uint64_t channel_id = std::stoull(argv[4]);
  pc::client_options options;
  options.gateway_url = argv[2];
  options.token = argv[3];
  options.intents = 1 | (1 << 9) | (1 << 15);
  if (std::string(argv[5]) != "-") options.tls.ca_file = argv[5];
  options.encoding = std::string(argv[6]) == "etf" ? gw::encoding::etf : gw::encoding::json;
  const std::string compress = argv[7];
  options.compress = compress == "zlib-stream"   ? gw::transport_compression::zlib_stream
                     : compress == "zstd-stream" ? gw::transport_compression::zstd_stream
                                                 : gw::transport_compression::none;
  boost::asio::io_context io;
  pc::client bot(io.get_executor(), options);
  observed o;
  bot.on<pc::ready>([&](const pc::ready&) {
    std::lock_guard lock(o.mutex);
    ++o.ready;
    o.changed.notify_all();
  });
  bot.on<pc::message_create>([&](const pc::message_create& m) {
    std::lock_guard lock(o.mutex);
    if (m.channel_id == channel_id) o.messages.push_back(m.content);
    o.changed.notify_all();
  });
  bot.on<pc::disconnected>([&](const pc::disconnected& d) {
    std::lock_guard lock(o.mutex);
    o.closes.push_back(d);
    o.changed.notify_all();
  });
  bot.start();
  std::thread io_thread([&] { io.run(); });
  std::string why;
  // Nothing may end a connection before READY here: the first failure is the answer.
  bool ok = wait_for(o, 20s, [&] { return o.ready == 1 || !o.closes.empty(); }) && o.ready == 1;
  if (!ok) {
    std::lock_guard lock(o.mutex);
    why = "no READY";
    if (!o.closes.empty()) why += "; last error: " + o.closes.back().error.message();
  }
  ok = ok && command_ok("POST hello over " + std::string(argv[6]) + " " + compress, why);
  if (ok && !wait_for(o, 20s, [&] { return !o.messages.empty(); })) ok = false, why = "no MESSAGE_CREATE";
  if (ok && o.messages.front() != "hello over " + std::string(argv[6]) + " " + compress)
    ok = false, why = "wrong content " + o.messages.front();
  bot.stop();
  io_thread.join();
  std::cout << "CASE login " << (ok ? "PASS" : "FAIL") << " " << (ok ? "READY and a message" : why) << std::endl;
  return ok ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 8 && std::string(argv[1]) == "--login") return login_only(argv);
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <gateway url> <token> <channel id>\n", argv[0]);
    return 2;
  }
  const std::uint64_t channel_id = std::stoull(argv[3]);
  pc::client_options options;
  options.gateway_url = argv[1];
  options.token = argv[2];
  options.intents = 1 | (1 << 9) | (1 << 15); // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
  options.cache = true;
  options.gateway.close_timeout = 1000ms;          // a half-open socket never answers our Close
  options.gateway.reconnect.initial_delay = 200ms; // keep the cases short
  options.gateway.reconnect.max_delay = 2000ms;
  options.invalid_session_wait_min = 100ms;
  options.invalid_session_wait_max = 300ms;

  boost::asio::io_context io;
  pc::client bot(io.get_executor(), options);
  observed o;
  auto update = [&](auto&& fn) {
    {
      std::lock_guard lock(o.mutex);
      if (o.stopped) ++o.after_stop;
      fn();
    }
    o.changed.notify_all();
  };
  bot.on<pc::ready>([&](const pc::ready& r) {
    update([&] {
      ++o.ready;
      o.session_ids.push_back(r.session_id);
    });
  });
  bot.on<pc::resumed>([&](const pc::resumed&) { update([&] { ++o.resumed; }); });
  bot.on<pc::reconnect_requested>([&](const pc::reconnect_requested&) { update([&] { ++o.reconnect_requested; }); });
  bot.on<pc::invalid_session>([&](const pc::invalid_session&) { update([&] { ++o.invalid_session; }); });
  bot.on<pc::disconnected>([&](const pc::disconnected& d) {
    update([&] {
      ++o.disconnects;
      if (d.error == pc::client_errc::zombie_connection) ++o.zombie_closes;
      o.closes.push_back(d);
    });
  });
  bot.on<pc::message_create>([&](const pc::message_create& m) {
    if (m.channel_id == channel_id) update([&] { o.messages.push_back(m.content); });
  });

  bot.start();
  std::thread io_thread([&] { io.run(); });
  case_runner cases{o};
  std::string why;

  // --- login ---------------------------------------------------------------------------------
  {
    bool ok = wait_for(o, 20s, [&] { return o.ready == 1; });
    std::string first_session;
    if (ok) first_session = o.session_ids.at(0);
    cases.report("login", ok, ok ? "session " + first_session : "no READY within 20 s");
    if (!ok) {
      bot.stop();
      io_thread.join();
      return 1;
    }
  }
  // The cache saw the guild of the channel (GUILD_CREATE may lag READY a little).
  {
    bool ok = false;
    for (int attempt = 0; attempt < 25 && !ok; ++attempt) {
      std::promise<bool> seen;
      auto result = seen.get_future();
      boost::asio::post(bot.get_executor(), [&] {
        const auto* c = bot.cache()->channel(channel_id);
        seen.set_value(c && bot.cache()->guild(c->guild_id) != nullptr);
      });
      ok = result.get();
      if (!ok) std::this_thread::sleep_for(200ms);
    }
    cases.report("cache", ok, ok ? "channel and its guild cached from GUILD_CREATE" : "channel not in the cache");
  }

  // --- 1: connection dropped mid-frame; messages posted in the gap arrive once, in order --------
  {
    auto before = snapshot(o);
    bool ok = command_ok("HOLD", why) && command_ok("CUT_MIDFRAME", why) && command_ok("POST gap-0", why) &&
              command_ok("WAIT_CUT 10", why);
    for (int i = 1; ok && i < 5; ++i) ok = command_ok("POST gap-" + std::to_string(i), why);
    ok = ok && command_ok("RELEASE", why);
    if (ok && !wait_for(o, 30s, [&] { return o.resumed > before.resumed && count_prefix(o.messages, "gap-") >= 5; }))
      ok = false, why = "no RESUMED with 5 messages within 30 s";
    std::this_thread::sleep_for(500ms); // a duplicate would arrive now
    if (ok) ok = exactly_once_in_order(o, "gap-", 5, why);
    if (ok && snapshot(o).ready != before.ready) ok = false, why = "identified again instead of resuming";
    cases.report("drop_mid_frame", ok, ok ? "resumed; 5 messages from the gap once, in order" : why);
  }

  // --- 2: heartbeat ACKs delayed past an interval: zombie detection closes and resumes ---------
  {
    auto before = snapshot(o);
    bool ok = command_ok("DELAY 3000", why);
    if (ok && !wait_for(o, 30s, [&] { return o.zombie_closes > before.zombie_closes; }))
      ok = false, why = "no zombie close within 30 s";
    ok = ok && command_ok("POST late-0", why);
    if (ok && !wait_for(o, 30s, [&] { return o.resumed > before.resumed && count_prefix(o.messages, "late-") >= 1; }))
      ok = false, why = "no RESUMED with the message within 30 s";
    std::this_thread::sleep_for(500ms);
    if (ok) ok = exactly_once_in_order(o, "late-", 1, why);
    if (ok && snapshot(o).ready != before.ready) ok = false, why = "identified again instead of resuming";
    cases.report("delayed_acks", ok, ok ? "zombie connection closed, resumed, message once" : why);
  }

  // --- 5 (before the restarts, which end the session): half-open TCP -------------------------
  {
    auto before = snapshot(o);
    bool ok = command_ok("FREEZE", why) && command_ok("POST frozen-0", why);
    if (ok && !wait_for(o, 30s, [&] { return o.zombie_closes > before.zombie_closes; }))
      ok = false, why = "half-open connection not detected within 30 s";
    if (ok && !wait_for(o, 30s, [&] { return o.resumed > before.resumed && count_prefix(o.messages, "frozen-") >= 1; }))
      ok = false, why = "no RESUMED with the message within 30 s";
    std::this_thread::sleep_for(500ms);
    if (ok) ok = exactly_once_in_order(o, "frozen-", 1, why);
    if (ok && snapshot(o).ready != before.ready) ok = false, why = "identified again instead of resuming";
    cases.report("half_open", ok, ok ? "missing ACKs detected, reconnected and resumed, message once" : why);
  }

  // --- 3: op 7 from a graceful shutdown; the restarted server has no session: identify again --
  {
    auto before = snapshot(o);
    std::string old_session;
    {
      std::lock_guard lock(o.mutex);
      old_session = o.session_ids.back();
    }
    bool ok = command_ok("RESTART term", why);
    if (ok && !wait_for(o, 40s, [&] { return o.ready > before.ready; }))
      ok = false, why = "no new READY within 40 s";
    if (ok && snapshot(o).reconnect_requested == before.reconnect_requested) ok = false, why = "no op 7 seen";
    if (ok) {
      std::lock_guard lock(o.mutex);
      if (o.session_ids.back() == old_session) ok = false, why = "same session id after the restart";
    }
    ok = ok && command_ok("POST op7-0", why);
    if (ok && !wait_for(o, 20s, [&] { return count_prefix(o.messages, "op7-") >= 1; }))
      ok = false, why = "no message on the new session";
    cases.report("op7_restart", ok, ok ? "op 7, reconnected, identified on a new session" : why);
  }

  // --- 4: op 9: resuming a session the (killed and restarted) server no longer has ----------
  {
    auto before = snapshot(o);
    bool ok = command_ok("RESTART kill", why);
    if (ok && !wait_for(o, 40s, [&] { return o.ready > before.ready; }))
      ok = false, why = "no new READY within 40 s";
    auto after = snapshot(o);
    if (ok && after.invalid_session == before.invalid_session) ok = false, why = "no op 9 seen";
    if (ok && after.reconnect_requested != before.reconnect_requested) ok = false, why = "unexpected op 7";
    if (ok && after.resumed != before.resumed) ok = false, why = "resumed a session the server cannot have";
    ok = ok && command_ok("POST op9-0", why);
    if (ok && !wait_for(o, 20s, [&] { return count_prefix(o.messages, "op9-") >= 1; }))
      ok = false, why = "no message on the new session";
    cases.report("op9_reidentify", ok, ok ? "resume refused with op 9, identified again" : why);
  }

  // --- identify pacing: two more clients of the token share a limiter (max_concurrency 1) ----
  {
    auto limits = std::make_shared<pc::identify_limiter>(1);
    std::vector<std::unique_ptr<pc::client>> shards;
    std::vector<std::chrono::steady_clock::time_point> ready_times;
    for (int i = 0; i < 2; ++i) {
      auto shard_options = options;
      shard_options.cache = false;
      shard_options.identify_limits = limits;
      auto& c = *shards.emplace_back(std::make_unique<pc::client>(io.get_executor(), shard_options));
      c.on<pc::ready>([&](const pc::ready&) {
        std::lock_guard lock(o.mutex);
        ready_times.push_back(std::chrono::steady_clock::now());
        o.changed.notify_all();
      });
      c.start();
    }
    bool ok = wait_for(o, 30s, [&] { return ready_times.size() == 2; });
    if (!ok) why = "the two clients did not both get READY within 30 s";
    if (ok) {
      const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(ready_times[1] - ready_times[0]);
      why = "READYs " + std::to_string(gap.count()) + " ms apart";
      ok = gap >= 4500ms; // one identify per 5 s; READY follows each identify quickly
    }
    std::vector<std::future<void>> stopped;
    for (auto& c : shards) {
      auto done = std::make_shared<std::promise<void>>();
      stopped.push_back(done->get_future());
      c->stop([done] { done->set_value(); });
    }
    for (auto& f : stopped)
      if (f.wait_for(15s) != std::future_status::ready) ok = false, why += "; stop() did not complete";
    cases.report("identify_pacing", ok, why);
  }

  // --- stop(): close 1000, no reconnect, no handler after the completion ----------------------
  {
    std::promise<void> done;
    auto finished = done.get_future();
    bot.stop([&] {
      {
        std::lock_guard lock(o.mutex);
        o.stopped = true;
      }
      done.set_value();
    });
    bool ok = finished.wait_for(15s) == std::future_status::ready;
    if (!ok) why = "stop() did not complete within 15 s";
    if (ok) {
      std::lock_guard lock(o.mutex);
      const auto& last = o.closes.back();
      if (last.code != 1000 || last.will_reconnect) {
        ok = false;
        why = "last close code " + std::to_string(last.code) + (last.will_reconnect ? " (will reconnect)" : "");
      }
    }
    if (ok && command_ok("POST after-stop", why)) std::this_thread::sleep_for(500ms);
    io_thread.join(); // the run is over: io.run() returns with no work left
    {
      std::lock_guard lock(o.mutex);
      if (ok && o.after_stop != 0) ok = false, why = std::to_string(o.after_stop) + " events after stop()";
    }
    cases.report("stop", ok, ok ? "closed 1000, run over, no event after the completion" : why);
  }
  return cases.failures == 0 ? 0 : 1;
}
