// Counting allocator shared by the zlib and zstd contexts; the size lives in a header before each
// block because neither library passes the size to its free hook.
#include "proto/compress/detail/heap_counter.hpp"

#include <cstdlib>
#include <cstring>

namespace parley::proto::compress::detail {
namespace {

// Keeps the returned pointer aligned as malloc's would be.
constexpr std::size_t header_size = alignof(std::max_align_t);

} // namespace

void* counted_alloc(heap_counter& counter, std::size_t size) noexcept {
  if (size > static_cast<std::size_t>(-1) - header_size) return nullptr;
  auto* block = static_cast<unsigned char*>(std::malloc(size + header_size));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof size);
  counter.bytes += size;
  return block + header_size;
}

void counted_free(heap_counter& counter, void* pointer) noexcept {
  if (pointer == nullptr) return;
  auto* block = static_cast<unsigned char*>(pointer) - header_size;
  std::size_t size = 0;
  std::memcpy(&size, block, sizeof size);
  counter.bytes -= size;
  std::free(block);
}

} // namespace parley::proto::compress::detail
