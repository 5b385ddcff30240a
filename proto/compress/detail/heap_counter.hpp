// Allocation hooks for zlib and zstd that count the heap bytes a context holds, so the idle memory
// of a compressed gateway session (DESIGN.md "fan-out") is observable rather than guessed.
#pragma once

#include <cstddef>

namespace parley::proto::compress::detail {

// Running total of the bytes currently allocated through counted_alloc for one context.
struct heap_counter {
  std::size_t bytes = 0;
};

// malloc-like: returns nullptr on failure (both libraries turn that into their out-of-memory status).
void* counted_alloc(heap_counter& counter, std::size_t size) noexcept;
// Accepts nullptr.
void counted_free(heap_counter& counter, void* pointer) noexcept;

} // namespace parley::proto::compress::detail
