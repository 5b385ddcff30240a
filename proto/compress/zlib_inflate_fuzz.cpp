// Fuzz target for the zlib-stream inflater (gateway.md §1.4): arbitrary bytes cut into messages must
// give payloads or errors within the limits, and the deflater's output must always inflate back.
#include "proto/compress/zlib_stream_deflater.hpp"
#include "proto/compress/zlib_stream_inflater.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::proto::compress;
  if (size == 0) return 0;
  // The first byte sets the message size, so suffix buffering across messages gets explored too.
  const std::size_t message_size = static_cast<std::size_t>(data[0]) * 4 + 1;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  constexpr std::size_t max_payload = 1u << 20;
  zlib_stream_inflater inflater({.max_payload_size = max_payload, .max_buffered_size = 1u << 16});
  std::string payload;
  for (std::size_t at = 0; at < input.size(); at += message_size) {
    auto r = inflater.feed(input.substr(at, message_size), payload);
    if (!r) break;
    if (*r == inflate_status::payload && payload.size() > max_payload) std::abort();
  }

  // Round trip: the input as two payloads, with a trim between them.
  zlib_stream_deflater deflater;
  zlib_stream_inflater checker;
  const std::size_t half = input.size() / 2;
  for (int part = 0; part < 2; ++part) {
    const std::string_view piece = part == 0 ? input.substr(0, half) : input.substr(half);
    std::string message;
    if (!deflater.compress(piece, message)) std::abort();
    auto r = checker.feed(message, payload);
    if (!r || *r != inflate_status::payload || payload != piece) std::abort();
    deflater.trim();
  }
  return 0;
}
