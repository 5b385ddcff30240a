// Fuzz target for the zstd-stream decompressor (gateway.md §1.5): arbitrary messages must give
// payloads or errors within the limits, and the compressor's output must always decompress back.
#include "proto/compress/zstd_stream_compressor.hpp"
#include "proto/compress/zstd_stream_decompressor.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::proto::compress;
  if (size == 0) return 0;
  // The first byte sets the message size: one stream, several messages.
  const std::size_t message_size = static_cast<std::size_t>(data[0]) * 4 + 1;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  constexpr std::size_t max_payload = 1u << 20;
  zstd_stream_decompressor decompressor({.max_payload_size = max_payload, .max_window_log = 20});
  std::string payload;
  for (std::size_t at = 0; at < input.size(); at += message_size) {
    auto r = decompressor.decompress(input.substr(at, message_size), payload);
    if (!r) break;
    if (payload.size() > max_payload) std::abort();
  }

  zstd_stream_compressor compressor;
  zstd_stream_decompressor checker;
  const std::size_t half = input.size() / 2;
  for (int part = 0; part < 2; ++part) {
    const std::string_view piece = part == 0 ? input.substr(0, half) : input.substr(half);
    std::string message;
    if (!compressor.compress(piece, message)) std::abort();
    if (!checker.decompress(message, payload) || payload != piece) std::abort();
    if (!compressor.trim()) std::abort();
  }
  return 0;
}
