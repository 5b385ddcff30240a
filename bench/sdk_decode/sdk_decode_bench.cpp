// parley-sdk-decode-bench: dispatch events per CPU second that the SDK's gateway client core
// (client/core, gateway.md §1.4 and §3) decodes from a recorded server stream (issue 6). Each file
// from parley-sdk-decode-gen (HELLO, READY, N MESSAGE_CREATE) is fed after a real upgrade in
// 64 KiB chunks, the way a runtime hands socket reads to the core; the count of dispatch events
// is checked to be exactly N, so a short or corrupt recording fails loudly.
#include "client/core/gateway_connection.hpp"
#include "proto/websocket/handshake.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace parley::client;
using parley::proto::gateway::connect_params;
using parley::proto::gateway::encoding;
using parley::proto::gateway::transport_compression;

constexpr std::size_t chunk_size = 64 * 1024;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "FAILED: " << what << "\n";
  std::exit(1);
}

// The size of the recording's first WebSocket frame (HELLO; server frames are unmasked, RFC 6455
// §5.2). It is fed on its own so the core identifies before READY arrives, as on a real socket.
std::size_t first_frame_size(std::string_view stream) {
  if (stream.size() < 2) fail("empty recording");
  const auto len7 = static_cast<std::uint8_t>(stream[1]) & 0x7f;
  if (len7 < 126) return 2 + len7;
  if (len7 == 126 && stream.size() >= 4) {
    return 4 + (static_cast<std::size_t>(static_cast<std::uint8_t>(stream[2])) << 8 |
                static_cast<std::uint8_t>(stream[3]));
  }
  fail("HELLO frame too large");
}

// One pass over the recording; returns the CPU seconds spent in receive() and event handling.
double run_once(const std::string& stream, connect_params params, bool raw, std::uint64_t expected) {
  gateway_options options;
  options.params = params;
  options.raw_dispatch_data = raw;
  gateway_connection gw(options, make_seeded_random(1));
  const auto now = time_point{} + std::chrono::hours(1);
  if (!gw.connect("gw.test", "/", now)) fail("connect");
  // The 101 to the core's own upgrade request, so the stream after it is the recorded one.
  const std::string request(gw.output());
  const std::string_view name = "Sec-WebSocket-Key: ";
  const auto at = request.find(name);
  const auto end = request.find("\r\n", at);
  auto response = parley::proto::websocket::make_upgrade_response(
      std::string_view(request).substr(at + name.size(), end - at - name.size()));
  if (!response) fail("upgrade response");
  std::string out;
  gw.take_output(out);
  gw.receive(*response, now);

  identify_params identify;
  identify.token = "bench-token";
  identify.intents = 1u << 9 | 1u << 15; // GUILD_MESSAGES | MESSAGE_CONTENT
  std::uint64_t dispatches = 0;
  bool ready = false;
  std::size_t sink = 0; // keeps the decoded data observably used
  const std::size_t hello_size = first_frame_size(stream);
  const double start = cpu_seconds();
  for (std::size_t off = 0; off < stream.size();) {
    const std::size_t take = off == 0 ? hello_size : chunk_size;
    gw.receive(std::string_view(stream).substr(off, take), now);
    off += take;
    while (auto e = gw.next_event()) {
      if (auto* d = std::get_if<dispatch_event>(&*e)) {
        ++dispatches;
        sink += raw ? d->raw_data.size() : static_cast<std::size_t>(d->data.kind());
      } else if (std::holds_alternative<hello_event>(*e)) {
        if (!gw.identify(identify, now)) fail("identify");
      } else if (std::holds_alternative<ready_event>(*e)) {
        ready = true;
      } else if (auto* c = std::get_if<closed_event>(&*e)) {
        fail("closed " + std::to_string(c->code) + " " + c->error.message());
      }
    }
    if (gw.has_output()) gw.take_output(out);
  }
  const double elapsed = cpu_seconds() - start;
  if (!ready || gw.current_state() != gateway_connection::state::ready) fail("not ready after the stream");
  if (dispatches != expected) {
    fail("decoded " + std::to_string(dispatches) + " dispatch events, expected " + std::to_string(expected));
  }
  if (sink == 0) fail("no data decoded");
  return elapsed;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: parley-sdk-decode-bench <dir with json.ws etf.ws zlib.ws> [count=100000] [runs=5]\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::uint64_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  struct mode {
    const char* name;
    const char* file;
    connect_params params;
    bool raw;
  };
  const mode modes[] = {
      {"json", "json.ws", {10, encoding::json, transport_compression::none}, false},
      {"etf", "etf.ws", {10, encoding::etf, transport_compression::none}, false},
      {"zlib-stream", "zlib.ws", {10, encoding::json, transport_compression::zlib_stream}, false},
      {"json raw_dispatch_data", "json.ws", {10, encoding::json, transport_compression::none}, true},
      {"zlib-stream raw_dispatch_data", "zlib.ws", {10, encoding::json, transport_compression::zlib_stream}, true},
  };
  std::printf("# parley SDK (client/core gateway_connection), %llu MESSAGE_CREATE, median of %d runs\n",
              static_cast<unsigned long long>(n), runs);
  for (const mode& m : modes) {
    const std::string stream = read_file(dir + "/" + m.file);
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(run_once(stream, m.params, m.raw, n));
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    std::printf("sdk\t%s\t%.0f events/cpu-s\t(%.3f s, %zu bytes)\n", m.name, static_cast<double>(n) / median,
                median, stream.size());
  }
  return 0;
}
