// Server side of `compress=zlib-stream` (gateway.md §1.4): one deflate stream per connection, each
// payload ends with a sync flush (00 00 FF FF) and is sent as one binary message.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace parley::proto::compress {

struct zlib_deflater_options {
  // 9..15. With the defaults zlib 1.2.13 allocates 30,528 bytes (window 8 KiB + prev 8 KiB + hash
  // head 4 KiB + pending 4 KiB + deflate_state 5,952), 30,656 with our holder: inside the 32 KiB
  // budget of an idle session even untrimmed; trim() brings it to zero. 15/8 would be 268 KB.
  int window_bits = 12;
  // 1..9; the hash table and the block buffer grow as 2^(mem_level+8) bytes each.
  int mem_level = 4;
  // 0..9, or -1 for zlib's default (6).
  int level = 6;
};

// Not thread-safe; one per connection. Movable (the zlib state lives on the heap at a stable
// address, because zlib keeps a pointer back to its z_stream).
class zlib_stream_deflater {
 public:
  explicit zlib_stream_deflater(zlib_deflater_options options = {}) noexcept;
  ~zlib_stream_deflater();
  zlib_stream_deflater(zlib_stream_deflater&& other) noexcept;
  zlib_stream_deflater& operator=(zlib_stream_deflater&& other) noexcept;
  zlib_stream_deflater(const zlib_stream_deflater&) = delete;
  zlib_stream_deflater& operator=(const zlib_stream_deflater&) = delete;

  // Appends the compressed bytes of one payload to `out`: the zlib header 78 9C on the very first
  // call, then deflate blocks ending with a sync flush, so the appended bytes end with 00 00 FF FF.
  // Later payloads may back-reference earlier ones. On error `out` is left as it was and the
  // deflater stays failed (the peer's inflater would be out of step): close the connection.
  result<void> compress(std::string_view payload, std::string& out);

  // Frees the deflate state (an idle session then holds no zlib memory). The next compress()
  // continues the same stream with a fresh raw deflater: the stream sits on a byte boundary after
  // the sync flush, and a fresh deflater makes no back-references, so the peer's single inflate
  // context just sees more deflate blocks. Costs compression ratio on the next few payloads.
  void trim() noexcept;

  // Heap bytes held right now: everything zlib allocated plus our z_stream holder; 0 when trimmed
  // or before the first payload.
  std::size_t allocated_bytes() const noexcept;
  bool has_state() const noexcept { return state_ != nullptr; }
  bool failed() const noexcept { return failed_; }

 private:
  struct state;
  friend void* zlib_stream_deflater_alloc(void* opaque, unsigned items, unsigned size);
  friend void zlib_stream_deflater_free(void* opaque, void* address);
  struct state_deleter {
    void operator()(state* s) const noexcept;
  };

  result<void> open();

  std::unique_ptr<state, state_deleter> state_;
  zlib_deflater_options options_;
  bool header_written_ = false;
  bool failed_ = false;
};

} // namespace parley::proto::compress
