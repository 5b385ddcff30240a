// zlib-stream compression (gateway.md §1.4): per-connection deflate with Z_SYNC_FLUSH per payload,
// plus trim(), which swaps an idle deflate state for nothing and resumes with a raw deflater.
#include "proto/compress/zlib_stream_deflater.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/detail/heap_counter.hpp"

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <climits>
#include <new>

namespace parley::proto::compress {

struct zlib_stream_deflater::state {
  z_stream strm{};
  detail::heap_counter heap;
  // zlib's buffers, carved out of one private mapping (see arena_size): trim() then gives the
  // pages back to the system. From the malloc heap, 30 KB blocks freed by thousands of idle
  // sessions stay resident as holes between long-lived objects.
  std::byte* arena = nullptr;
  std::size_t arena_size = 0;
  std::size_t arena_used = 0;
  // True once deflate() has been called with Z_SYNC_FLUSH: zlib then refuses a second flush with no
  // new input (Z_BUF_ERROR), so an empty payload needs the empty stored block written by hand.
  bool flushed = false;
};

namespace {

// zlib's documented deflate footprint, (1 << (windowBits + 2)) + (1 << (memLevel + 9)), plus the
// deflate_state (~6 KB) and alignment, rounded up to whole pages.
std::size_t arena_size(int window_bits, int mem_level) noexcept {
  const std::size_t need = (std::size_t{1} << (window_bits + 2)) + (std::size_t{1} << (mem_level + 9)) + 8192;
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return (need + page - 1) / page * page;
}

} // namespace

voidpf zlib_stream_deflater_alloc(voidpf opaque, uInt items, uInt size) {
  auto& st = *static_cast<zlib_stream_deflater::state*>(opaque);
  const std::size_t bytes = (static_cast<std::size_t>(items) * size + 15) & ~std::size_t{15};
  if (st.arena != nullptr && st.arena_size - st.arena_used >= bytes) {
    void* p = st.arena + st.arena_used;
    st.arena_used += bytes;
    return p;
  }
  return detail::counted_alloc(st.heap, static_cast<std::size_t>(items) * size);
}

void zlib_stream_deflater_free(voidpf opaque, voidpf address) {
  auto& st = *static_cast<zlib_stream_deflater::state*>(opaque);
  const auto* p = static_cast<const std::byte*>(address);
  if (st.arena != nullptr && p >= st.arena && p < st.arena + st.arena_size) return;  // unmapped at the end
  detail::counted_free(st.heap, address);
}

namespace {

// An empty non-final stored block on a byte boundary: 3 header bits padded to one byte, then
// LEN = 0000 and NLEN = FFFF. Exactly what deflate's sync flush emits after an empty input.
constexpr std::string_view empty_sync_block{"\x00\x00\x00\xff\xff", 5};

// RFC 1950 header: CM 8 (deflate) with CINFO 7 (32 KiB window), FLEVEL 2, FCHECK making the pair a
// multiple of 31; the bytes every zlib-stream client expects first (gateway.md §1.4). It declares
// the largest window whatever window_bits is: CINFO is only an upper bound on the distances used,
// and a 15-bit window is what clients allocate anyway. zlib would write 0x48 for a 4 KiB window,
// which some clients' "starts with 0x78" checks would refuse. The Adler-32 trailer is never due
// because the stream is never finished.
constexpr std::string_view zlib_header{"\x78\x9c", 2};

} // namespace

void zlib_stream_deflater::state_deleter::operator()(state* s) const noexcept {
  deflateEnd(&s->strm);
  if (s->arena != nullptr) munmap(s->arena, s->arena_size);
  delete s;
}

zlib_stream_deflater::zlib_stream_deflater(zlib_deflater_options options) noexcept : options_(options) {
  // Raw deflate (used after trim) rejects 8, and zlib silently turns 8 into 9 for the wrapped
  // stream, so 9 is the real minimum.
  assert(options.window_bits >= 9 && options.window_bits <= 15);
  assert(options.mem_level >= 1 && options.mem_level <= 9);
  assert(options.level >= -1 && options.level <= 9);
  options_.window_bits = std::clamp(options.window_bits, 9, 15);
  options_.mem_level = std::clamp(options.mem_level, 1, 9);
  options_.level = std::clamp(options.level, -1, 9);
}

zlib_stream_deflater::~zlib_stream_deflater() = default;
zlib_stream_deflater::zlib_stream_deflater(zlib_stream_deflater&& other) noexcept = default;
zlib_stream_deflater& zlib_stream_deflater::operator=(zlib_stream_deflater&& other) noexcept = default;

result<void> zlib_stream_deflater::open() {
  auto* raw = new (std::nothrow) state;
  if (raw == nullptr) return compress_errc::out_of_memory;
  raw->arena_size = arena_size(options_.window_bits, options_.mem_level);
  void* mapped = mmap(nullptr, raw->arena_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) {
    raw->arena_size = 0;  // everything from the heap instead
  } else {
    raw->arena = static_cast<std::byte*>(mapped);
  }
  raw->strm.zalloc = zlib_stream_deflater_alloc;
  raw->strm.zfree = zlib_stream_deflater_free;
  raw->strm.opaque = raw;
  // Always raw deflate: we write the zlib header ourselves (see zlib_header), and a deflater made
  // after trim() must not write a second one in the middle of the stream.
  const int rc = deflateInit2(&raw->strm, options_.level, Z_DEFLATED, -options_.window_bits,
                              options_.mem_level, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) {
    if (raw->arena != nullptr) munmap(raw->arena, raw->arena_size);
    delete raw;  // deflateInit2 frees its own partial allocations on failure
    return rc == Z_MEM_ERROR ? compress_errc::out_of_memory : compress_errc::internal_error;
  }
  state_.reset(raw);
  return {};
}

result<void> zlib_stream_deflater::compress(std::string_view payload, std::string& out) {
  if (failed_) return compress_errc::stream_failed;
  if (!state_) {
    if (auto opened = open(); !opened) {
      failed_ = true;
      return opened.error();
    }
  }
  z_stream& strm = state_->strm;
  const std::size_t original_size = out.size();

  if (payload.empty() && state_->flushed) {
    out.append(empty_sync_block);
    return {};
  }

  if (!header_written_) out.append(zlib_header);

  const auto* next = reinterpret_cast<const Bytef*>(payload.data());
  std::size_t remaining = payload.size();
  strm.avail_in = 0;
  for (;;) {
    if (strm.avail_in == 0 && remaining != 0) {
      const std::size_t chunk = std::min<std::size_t>(remaining, UINT_MAX);
      strm.next_in = const_cast<Bytef*>(next);  // zlib's API is not const-correct; it never writes input
      strm.avail_in = static_cast<uInt>(chunk);
      next += chunk;
      remaining -= chunk;
    }
    const int flush = remaining == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH;

    // deflateBound covers the whole input in one call in practice; the loop handles the rest. The
    // floor keeps avail_out above the 6 bytes zlib asks for around a sync flush.
    const std::size_t room = std::min<std::size_t>(
        std::max<std::size_t>(deflateBound(&strm, strm.avail_in) + 16, 256), UINT_MAX);
    const std::size_t used = out.size();
    out.resize(used + room);
    strm.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    strm.avail_out = static_cast<uInt>(room);
    const int rc = deflate(&strm, flush);
    out.resize(out.size() - strm.avail_out);

    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      out.resize(original_size);
      failed_ = true;
      state_.reset();
      return compress_errc::internal_error;
    }
    if (flush == Z_SYNC_FLUSH && strm.avail_out != 0) break;
  }
  state_->flushed = true;
  header_written_ = true;
  return {};
}

void zlib_stream_deflater::trim() noexcept { state_.reset(); }

std::size_t zlib_stream_deflater::allocated_bytes() const noexcept {
  return state_ ? state_->heap.bytes + state_->arena_used + sizeof(state) : 0;
}

} // namespace parley::proto::compress
