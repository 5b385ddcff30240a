// Fuzz target for the ETF decoder (gateway.md §12): any bytes give a value or an error; a decoded
// value must survive encode → decode unchanged.
#include "proto/etf/decoder.hpp"
#include "proto/etf/encoder.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::proto::etf;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto first = decode(input);
  if (!first) return 0;
  std::string encoded;
  encode(*first, encoded);
  auto second = decode(encoded);
  if (!second || *second != *first) std::abort();
  // The encoder is canonical: a second round gives the same bytes.
  std::string again;
  encode(*second, again);
  if (again != encoded) std::abort();
  return 0;
}
