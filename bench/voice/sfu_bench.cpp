// SFU forwarding rate (issue 7 benchmarks; voice.md §8.6, §10): packets forwarded per second on one
// core through server/voice's sfu packet path, in memory (no sockets), for calls of 2, 10 and 50
// participants with one speaker or everyone speaking, in both AEAD modes; beside it, the raw AEAD
// rate of the same mode and packet size (a 12-byte header + 160-byte Opus payload) measured in the
// same run. A forwarded packet costs one decryption (the sender's key) plus one encryption per
// listener, so the ideal is close to the raw encryption rate; the goal is at least half of it.
//
// items_per_second = re-encrypted packets handed to the send batch (what listeners receive);
// in_per_second    = speaker packets consumed.
// Each iteration copies one stored sealed packet into the receive buffer first (the SFU decrypts
// in place), as recvmmsg would have written it.
//
// loopback/* runs the same path through the real UDP transport (udp_transport.hpp: its own thread,
// recvmmsg/sendmmsg) on 127.0.0.1, one speaker packet at a time, and reports the added latency from
// the speaker's send to the last listener's receive (p50/p99, microseconds). The clients share the
// benchmark thread, so its rate is a lower bound, not the SFU's capacity.
//
// Usage: parley-voice-sfu-bench [--benchmark_filter=aes] [--benchmark_repetitions=N]
#include <benchmark/benchmark.h>

#include "proto/voice/ip_discovery.hpp"
#include "proto/voice/rtp_header.hpp"
#include "proto/voice/transport_cipher.hpp"
#include "server/voice/sfu.hpp"
#include "server/voice/udp_transport.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using namespace parley::proto::voice;
using parley::server::voice::add_participant;
using parley::server::voice::set_speaking;
using parley::server::voice::set_transport;
using parley::server::voice::sfu;
using parley::server::voice::udp_peer;

constexpr std::size_t opus_payload_size = 160;

std::array<std::uint8_t, 32> key_of(std::uint32_t ssrc) {
  std::array<std::uint8_t, 32> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(ssrc * 13 + i);
  return k;
}

std::vector<std::uint8_t> plain_packet(std::uint32_t ssrc) {
  std::vector<std::uint8_t> p(rtp_fixed_header_size + opus_payload_size);
  rtp_header h;
  h.sequence = 7;
  h.timestamp = 960 * 7;
  h.ssrc = ssrc;
  if (!write_rtp_header(h, {}, p)) std::abort();
  for (std::size_t i = rtp_fixed_header_size; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(i * 31);
  return p;
}

struct call {
  explicit call(encryption_mode mode, std::size_t participants, std::size_t speakers)
      : router([this](std::span<const sfu::datagram_out> batch) {
          sent += batch.size();
          benchmark::DoNotOptimize(batch.data());
        }) {
    for (std::uint32_t ssrc = 1; ssrc <= participants; ++ssrc) {
      const auto from = udp_peer::v4(0x0a000000u + ssrc, 40000);
      router.apply(add_participant{ssrc, 1000 + ssrc, 1, false, false});
      std::array<std::uint8_t, ip_discovery_size> discovery{};
      if (!write_ip_discovery({ip_discovery_type::request, ssrc, {}, 0}, discovery)) std::abort();
      router.receive(discovery, from);
      router.apply(set_transport{ssrc, mode, key_of(ssrc)});
      router.apply(set_speaking{ssrc, 1});
      if (ssrc <= speakers) {
        auto cipher = transport_cipher::create(mode, key_of(ssrc));
        auto plain = plain_packet(ssrc);
        std::vector<std::uint8_t> sealed(plain.size() + cipher->overhead());
        if (!cipher->encrypt(plain, 1, sealed)) std::abort();
        inputs.push_back({std::move(sealed), from});
      }
    }
    router.flush();
    sent = 0;
  }

  struct input {
    std::vector<std::uint8_t> sealed;
    udp_peer from;
  };
  std::vector<input> inputs;
  std::size_t sent = 0;
  sfu router;
};

void forward(benchmark::State& state) {
  const auto mode = static_cast<encryption_mode>(state.range(0));
  const auto participants = static_cast<std::size_t>(state.range(1));
  const auto speakers = state.range(2) ? participants : 1;
  call c(mode, participants, speakers);
  std::array<std::uint8_t, sfu::max_datagram> buffer{};
  std::size_t next = 0;
  std::int64_t in = 0;
  for (auto _ : state) {
    const auto& packet = c.inputs[next];
    next = next + 1 == c.inputs.size() ? 0 : next + 1;
    std::memcpy(buffer.data(), packet.sealed.data(), packet.sealed.size());
    c.router.receive(std::span<std::uint8_t>(buffer.data(), packet.sealed.size()), packet.from);
    ++in;
  }
  c.router.flush();
  if (c.router.counters().dropped_unauthentic || c.router.counters().dropped_malformed) state.SkipWithError("dropped");
  state.SetLabel(std::string(to_string(mode)) + (state.range(2) ? " all speaking" : " one speaker"));
  state.SetItemsProcessed(static_cast<std::int64_t>(c.sent));
  state.counters["in_per_second"] = benchmark::Counter(static_cast<double>(in), benchmark::Counter::kIsRate);
  state.counters["listeners"] = static_cast<double>(participants - 1);
}

// The raw rates of the same mode and packet: one encryption, and one decryption + encryption.
void raw_encrypt(benchmark::State& state) {
  const auto mode = static_cast<encryption_mode>(state.range(0));
  auto cipher = transport_cipher::create(mode, key_of(1));
  auto plain = plain_packet(1);
  std::vector<std::uint8_t> out(plain.size() + cipher->overhead());
  std::uint32_t nonce = 0;
  for (auto _ : state) {
    auto n = cipher->encrypt(plain, nonce++, out);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(std::string(to_string(mode)));
  state.SetItemsProcessed(state.iterations());
}

void raw_decrypt(benchmark::State& state) {
  const auto mode = static_cast<encryption_mode>(state.range(0));
  auto cipher = transport_cipher::create(mode, key_of(1));
  auto plain = plain_packet(1);
  std::vector<std::uint8_t> sealed(plain.size() + cipher->overhead());
  if (!cipher->encrypt(plain, 1, sealed)) std::abort();
  std::vector<std::uint8_t> buffer(sealed.size());
  for (auto _ : state) {
    std::memcpy(buffer.data(), sealed.data(), sealed.size());  // as the SFU: a fresh copy, in place
    auto n = cipher->decrypt(buffer);
    if (!n) state.SkipWithError("decryption failed");
    benchmark::DoNotOptimize(buffer.data());
  }
  state.SetLabel(std::string(to_string(mode)));
  state.SetItemsProcessed(state.iterations());
}

// A client UDP socket on 127.0.0.1 (blocking, with a receive timeout).
struct udp_client {
  udp_client() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::abort();
    timeval tv{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~udp_client() { ::close(fd); }
  void send_to(std::span<const std::uint8_t> bytes, std::uint16_t port) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    (void)::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  long receive(std::span<std::uint8_t> into) const { return ::recv(fd, into.data(), into.size(), 0); }
  int fd = -1;
};

void loopback(benchmark::State& state) {
  const auto mode = static_cast<encryption_mode>(state.range(0));
  const auto participants = static_cast<std::size_t>(state.range(1));
  parley::server::voice::udp_transport transport(
      boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  transport.start();
  const auto port = transport.local_endpoint().port();
  std::vector<std::unique_ptr<udp_client>> clients;
  std::array<std::uint8_t, 2048> buffer{};
  for (std::uint32_t ssrc = 1; ssrc <= participants; ++ssrc) {
    clients.push_back(std::make_unique<udp_client>());
    transport.post(add_participant{ssrc, 1000 + ssrc, 1, false, false});
    std::array<std::uint8_t, ip_discovery_size> discovery{};
    if (!write_ip_discovery({ip_discovery_type::request, ssrc, {}, 0}, discovery)) std::abort();
    clients.back()->send_to(discovery, port);
    if (clients.back()->receive(buffer) != static_cast<long>(ip_discovery_size)) {
      state.SkipWithError("no discovery reply");
      return;
    }
    transport.post(set_transport{ssrc, mode, key_of(ssrc)});
    transport.post(set_speaking{ssrc, 1});
  }
  auto cipher = transport_cipher::create(mode, key_of(1));
  auto plain = plain_packet(1);
  std::vector<std::uint8_t> sealed(plain.size() + cipher->overhead());
  if (!cipher->encrypt(plain, 1, sealed)) std::abort();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the commands reach the UDP thread
  std::vector<double> latency_us;
  std::int64_t forwarded = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    clients[0]->send_to(sealed, port);
    for (std::size_t i = 1; i < clients.size(); ++i) {
      if (clients[i]->receive(buffer) <= 0) {
        state.SkipWithError("a listener got nothing");
        return;
      }
    }
    latency_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    forwarded += static_cast<std::int64_t>(clients.size() - 1);
  }
  transport.stop();
  std::sort(latency_us.begin(), latency_us.end());
  const auto at = [&](double q) { return latency_us[static_cast<std::size_t>(q * static_cast<double>(latency_us.size() - 1))]; };
  state.SetLabel(std::string(to_string(mode)));
  state.SetItemsProcessed(forwarded);
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
}

constexpr auto aes = static_cast<std::int64_t>(encryption_mode::aead_aes256_gcm_rtpsize);
constexpr auto xchacha = static_cast<std::int64_t>(encryption_mode::aead_xchacha20_poly1305_rtpsize);

void forward_cases(benchmark::internal::Benchmark* b) {
  b->ArgNames({"mode", "participants", "all_speak"});
  for (auto mode : {aes, xchacha})
    for (std::int64_t n : {2, 10, 50})
      for (std::int64_t all : {0, 1}) b->Args({mode, n, all});
}

BENCHMARK(raw_encrypt)->ArgName("mode")->Arg(aes)->Arg(xchacha);
BENCHMARK(raw_decrypt)->ArgName("mode")->Arg(aes)->Arg(xchacha);
BENCHMARK(forward)->Apply(forward_cases);
BENCHMARK(loopback)->ArgNames({"mode", "participants"})->Args({aes, 2})->Args({aes, 10})->Args({xchacha, 2})
    ->Args({xchacha, 10})->UseRealTime();

} // namespace

BENCHMARK_MAIN();
