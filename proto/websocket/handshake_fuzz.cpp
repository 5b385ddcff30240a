// Fuzz target for the client's handshake response parser (RFC 6455 §4.1): arbitrary bytes, fed
// whole and in chunks, must give the same verdict and the same leftover bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "proto/websocket/upgrade_response_parser.hpp"

namespace ws = parley::proto::websocket;

namespace {

struct outcome {
  parley::error_code error;
  bool accepted = false;
  std::string leftover;
  bool operator==(const outcome&) const = default;
};

outcome run(std::span<const std::byte> input, std::size_t chunk) {
  ws::upgrade_response_parser parser("dGhlIHNhbXBsZSBub25jZQ==");
  outcome out;
  for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
    auto r = parser.feed(input.subspan(pos, std::min(chunk, input.size() - pos)));
    if (!r) {
      out.error = r.error();
      break;
    }
    if (r->status == ws::handshake_status::accepted) {
      out.accepted = true;
      out.leftover.append(reinterpret_cast<const char*>(r->leftover.data()), r->leftover.size());
    }
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const auto input = std::as_bytes(std::span(data + 1, size - 1));
  const outcome whole = run(input, input.size() + 1);
  const outcome pieces = run(input, chunk);
  if (!(whole == pieces)) std::abort();
  if (whole.accepted && whole.leftover.size() >= input.size()) std::abort();
  return 0;
}
