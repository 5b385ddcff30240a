// Fuzz target for read_rate_limits (rest.md §4.1, §4.2): the header values and the 429 body come
// from the server, so any bytes must give a sane result: no crash, no negative or huge waits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "client/rest/rate_limit_headers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::client::rest;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Fields separated by '\n': limit, remaining, reset, reset-after, bucket, global, scope,
  // retry-after, then the body (the rest, newlines included).
  std::string_view fields[8];
  for (auto& field : fields) {
    const auto nl = input.find('\n');
    field = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
  }
  const rate_limit_header_values h{fields[0], fields[1], fields[2], fields[3],
                                   fields[4], fields[5], fields[6], fields[7]};
  constexpr auto week = std::chrono::milliseconds{7LL * 24 * 3600 * 1000};
  for (const unsigned status : {200u, 429u}) {
    const auto r = read_rate_limits(status, h, input, std::chrono::seconds{1'700'000'000});
    if (r.reset_after && (r.reset_after->count() < 0 || *r.reset_after > week)) std::abort();
    if (r.retry_after && (r.retry_after->count() < 0 || *r.retry_after > week)) std::abort();
    if (status != 429 && r.retry_after) std::abort();
  }
  return 0;
}
