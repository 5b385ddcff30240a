// Raw transport-encryption rate per mode (issue 7 benchmarks; voice.md §8): packets per second to
// encrypt and to decrypt one RTP packet carrying a 160-byte Opus payload (12-byte header, no
// extension), one core, through proto_voice's transport_cipher exactly as the SFU calls it. The SFU
// benchmark compares its forwarding rate with these numbers measured in the same run.
//
// Usage: parley-voice-aead-bench [--benchmark_filter=rtpsize] [--benchmark_repetitions=N
//        --benchmark_report_aggregates_only=true]
#include <benchmark/benchmark.h>

#include "proto/voice/transport_cipher.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

using namespace parley::proto::voice;

constexpr std::size_t opus_payload_size = 160;

std::vector<std::uint8_t> plain_packet() {
  std::vector<std::uint8_t> p(12 + opus_payload_size);
  p[0] = 0x80;
  p[1] = 0x78;
  p[11] = 0x2a;
  for (std::size_t i = 12; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(i * 31);
  return p;
}

transport_cipher make(encryption_mode mode) {
  std::array<std::uint8_t, secret_key_size> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i + 7);
  auto c = transport_cipher::create(mode, key);
  if (!c) std::abort();
  return std::move(*c);
}

void encrypt(benchmark::State& state) {
  auto mode = static_cast<encryption_mode>(state.range(0));
  state.SetLabel(std::string(to_string(mode)));
  auto c = make(mode);
  auto plain = plain_packet();
  std::vector<std::uint8_t> out(plain.size() + c.overhead());
  std::uint32_t nonce = 0;
  for (auto _ : state) {
    auto n = c.encrypt(plain, nonce++, out);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(plain.size()));
}

void decrypt(benchmark::State& state) {
  auto mode = static_cast<encryption_mode>(state.range(0));
  state.SetLabel(std::string(to_string(mode)));
  auto c = make(mode);
  auto plain = plain_packet();
  std::vector<std::uint8_t> sealed(plain.size() + c.overhead());
  if (!c.encrypt(plain, 1, sealed)) std::abort();
  std::vector<std::uint8_t> out(plain.size());
  for (auto _ : state) {
    // Out of place, so every iteration verifies the same authentic packet.
    auto n = c.decrypt(std::span<const std::uint8_t>(sealed), out);
    if (!n) state.SkipWithError("decryption failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(plain.size()));
}

void all_modes(benchmark::internal::Benchmark* b) {
  for (std::size_t m = 0; m < encryption_mode_count; ++m) b->Arg(static_cast<std::int64_t>(m));
}

BENCHMARK(encrypt)->Apply(all_modes);
BENCHMARK(decrypt)->Apply(all_modes);

} // namespace

BENCHMARK_MAIN();
