// parley-delivery-floor: what the per-session work of a fan-out costs in isolation, with
// parleyd's own structures and no sockets: for each event and each of N sessions, a sequence
// number, a replay_ring record of the event's replay_log position, and the session's envelope
// (write_dispatch_prefix) appended to its pending output, cleared every --batch events as a
// write would. Compared in bench/RESULTS.md with the per-delivery budget a fan-out goal leaves
// once the kernel's cost of writing the same bytes (parley-bench sink) is paid.
//
//   parley-delivery-floor [-n 10000] [-m 1000] [--batch 64] [--reps 3]
#include "proto/gateway/dispatch_envelope.hpp"
#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/replay_log.hpp"
#include "proto/gateway/replay_ring.hpp"

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace gw = parley::proto::gateway;

namespace {

struct session {
  std::uint64_t seq = 1;  // READY's
  gw::replay_ring ring;
  std::string out;
};

struct result {
  double ns_per_delivery = 0;
  std::size_t envelope_bytes = 0;  // printed, so the envelopes are observable work
};

result run_once(std::uint32_t n, std::uint32_t events, std::uint32_t batch) {
  gw::replay_log log;
  std::vector<session> sessions(n);
  boost::json::object d;
  d["id"] = "1300000000000000002";
  d["username"] = "sender";
  d["global_name"] = "plb.1.1";
  const auto event = gw::dispatch_event::make("USER_UPDATE", d);
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t e = 0; e < events; ++e) {
    const auto at = log.append(event, std::chrono::steady_clock::now());
    for (std::uint32_t i = 0; i < n; ++i) {
      if (i + 4 < n)
        if (const void* tail = sessions[i + 4].ring.next_slot_address()) __builtin_prefetch(tail, 1);
      auto& s = sessions[i];
      const std::uint64_t seq = ++s.seq;
      s.ring.push(seq, log, at);
      gw::write_dispatch_prefix(gw::encoding::json, "USER_UPDATE", seq, s.out);
    }
    if ((e + 1) % batch == 0)
      for (auto& s : sessions) {
        bytes += s.out.size();
        s.out.clear();
      }
  }
  const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
  return {took.count() / (static_cast<double>(n) * events), bytes};
}

} // namespace

int main(int argc, char** argv) {
  std::uint32_t n = 10000, events = 1000, batch = 64, reps = 3;
  CLI::App app{"parley-delivery-floor: per-session fan-out work (seq, replay record, envelope) without sockets"};
  app.add_option("-n,--sessions", n, "sessions")->capture_default_str()->check(CLI::Range(1u, 1000000u));
  app.add_option("-m,--events", events, "events delivered to every session")->capture_default_str()->check(CLI::Range(1u, 100000u));
  app.add_option("--batch", batch, "events per write (the pending output is cleared this often)")
      ->capture_default_str()->check(CLI::Range(1u, 4096u));
  app.add_option("--reps", reps, "repetitions")->capture_default_str()->check(CLI::Range(1u, 100u));
  CLI11_PARSE(app, argc, argv);
  for (std::uint32_t r = 0; r < reps; ++r) {
    const auto r1 = run_once(n, events, batch);
    std::printf("%u sessions x %u events: %.1f ns per delivery (%zu bytes of envelopes)\n", n, events,
                r1.ns_per_delivery, r1.envelope_bytes);
  }
  return 0;
}
