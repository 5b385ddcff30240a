// Fuzz target for Range header parsing: the first 8 bytes are the file size, the rest the
// header. A partial answer must lie inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "server/files/byte_range.hpp"

namespace files = parley::server::files;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t file_size = 0;
  std::memcpy(&file_size, data, 8);
  const auto r = files::parse_byte_range(std::string_view(reinterpret_cast<const char*>(data + 8), size - 8), file_size);
  if (r.what == files::byte_range_request::kind::partial && (r.first > r.last || r.last >= file_size)) std::abort();
  return 0;
}
