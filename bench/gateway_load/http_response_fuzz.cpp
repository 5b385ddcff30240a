// Fuzz target: the HTTP/1.1 response parser, fed whole and in two pieces, must agree and stay bounded.
#include "bench/gateway_load/http_response_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::bench::gateway_load;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const http_response_limits limits{.max_header_size = 4096, .max_body_size = 1 << 16};
  http_response_parser whole(limits);
  auto a = whole.feed(text);
  if (a) (void)whole.feed_eof();

  http_response_parser split(limits);
  const std::size_t cut = size / 2;
  std::size_t used = 0;
  bool ok = true;
  for (std::string_view piece : {text.substr(0, cut), text.substr(cut)}) {
    if (split.complete()) break;
    auto r = split.feed(piece);
    if (!r) {
      ok = false;
      break;
    }
    used += *r;
  }
  if (ok) (void)split.feed_eof();
  if (static_cast<bool>(a) != ok) __builtin_trap();
  if (a && (*a != used || whole.complete() != split.complete() || whole.body() != split.body())) __builtin_trap();
  if (whole.body().size() > limits.max_body_size) __builtin_trap();
  return 0;
}
