// Test-only: gateway-like payloads (gateway.md §1.3 envelopes around MESSAGE_CREATE-shaped bodies)
// for the compression tests, deterministic per seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace parley::proto::compress::test {

inline std::string dispatch_payload(std::uint32_t seq, std::mt19937& rng) {
  std::string s;
  s += R"({"t":"MESSAGE_CREATE","s":)" + std::to_string(seq) + R"(,"op":0,"d":{"type":0,"tts":false,)";
  s += R"("id":")" + std::to_string(1'100'000'000'000'000'000ULL + rng() % 1'000'000'000ULL) + R"(",)";
  s += R"("channel_id":"1234567890123456789","guild_id":"987654321098765432",)";
  s += R"("author":{"username":"user)" + std::to_string(rng() % 50) + R"(","id":")" +
       std::to_string(rng()) + R"(","discriminator":"0","avatar":null},)";
  s += R"("content":"message )" + std::to_string(rng()) + R"( says hello to the channel",)";
  s += R"("embeds":[],"attachments":[],"mentions":[],"pinned":false}})";
  return s;
}

inline std::vector<std::string> payload_series(std::size_t count, std::uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(dispatch_payload(static_cast<std::uint32_t>(i + 1), rng));
  return out;
}

// Incompressible bytes: forces stored blocks and long outputs.
inline std::string random_bytes(std::size_t size, std::uint32_t seed = 11) {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

} // namespace parley::proto::compress::test
