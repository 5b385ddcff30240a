// Fuzz target: the voice upgrade routing rule on arbitrary request targets (voice_url.hpp).
#include "server/voice/voice_url.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  if (auto v = parley::server::voice::voice_upgrade_version(target); v && (*v < 0 || *v > 99)) __builtin_trap();
  return 0;
}
