// zlib-stream decompression (gateway.md §1.4, client side): suffix detection, one shared inflate
// context, and hard limits on buffered and produced bytes.
#include "proto/compress/zlib_stream_inflater.hpp"

#include "proto/compress/compress_error.hpp"
#include "proto/compress/detail/heap_counter.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <new>

namespace parley::proto::compress {

struct zlib_stream_inflater::state {
  z_stream strm{};
  detail::heap_counter heap;
};

namespace {

voidpf zlib_alloc(voidpf opaque, uInt items, uInt size) {
  return detail::counted_alloc(*static_cast<detail::heap_counter*>(opaque),
                               static_cast<std::size_t>(items) * size);
}

void zlib_free(voidpf opaque, voidpf address) {
  detail::counted_free(*static_cast<detail::heap_counter*>(opaque), address);
}

constexpr std::string_view sync_suffix{"\x00\x00\xff\xff", 4};

// Keeps a buffer that once held a huge fragmented payload from pinning that memory forever.
constexpr std::size_t kept_buffer_capacity = 64 * 1024;

} // namespace

void zlib_stream_inflater::state_deleter::operator()(state* s) const noexcept {
  inflateEnd(&s->strm);
  delete s;
}

zlib_stream_inflater::zlib_stream_inflater(zlib_inflater_limits limits) noexcept : limits_(limits) {
  limits_.max_buffered_size = std::min<std::size_t>(limits_.max_buffered_size, UINT_MAX);
}

zlib_stream_inflater::~zlib_stream_inflater() = default;
zlib_stream_inflater::zlib_stream_inflater(zlib_stream_inflater&& other) noexcept = default;
zlib_stream_inflater& zlib_stream_inflater::operator=(zlib_stream_inflater&& other) noexcept = default;

error_code zlib_stream_inflater::fail(error_code ec) {
  failed_ = true;
  state_.reset();
  std::string().swap(buffer_);
  return ec;
}

result<inflate_status> zlib_stream_inflater::feed(std::string_view message, std::string& payload) {
  if (failed_) return compress_errc::stream_failed;
  if (message.size() > limits_.max_buffered_size - buffer_.size()) {
    return fail(compress_errc::buffer_limit_exceeded);
  }

  std::string_view input;
  if (buffer_.empty() && message.ends_with(sync_suffix)) {
    input = message;  // the common case: one message, one payload, no copy
  } else {
    buffer_.append(message);
    if (!std::string_view{buffer_}.ends_with(sync_suffix)) return inflate_status::need_more;
    input = buffer_;
  }

  auto inflated = inflate_all(input, payload);
  buffer_.clear();
  if (buffer_.capacity() > kept_buffer_capacity) std::string().swap(buffer_);
  if (!inflated) return fail(inflated.error());
  return inflate_status::payload;
}

result<void> zlib_stream_inflater::inflate_all(std::string_view input, std::string& payload) {
  if (!state_) {
    auto* raw = new (std::nothrow) state;
    if (raw == nullptr) return compress_errc::out_of_memory;
    raw->strm.zalloc = zlib_alloc;
    raw->strm.zfree = zlib_free;
    raw->strm.opaque = &raw->heap;
    // 15 accepts every window a zlib header may declare, and the RFC 1950 header is required.
    const int rc = inflateInit2(&raw->strm, 15);
    if (rc != Z_OK) {
      delete raw;
      return rc == Z_MEM_ERROR ? compress_errc::out_of_memory : compress_errc::internal_error;
    }
    state_.reset(raw);
  }
  z_stream& strm = state_->strm;
  strm.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));  // zlib never writes input
  strm.avail_in = static_cast<uInt>(input.size());  // <= max_buffered_size <= UINT_MAX

  payload.clear();
  // One more byte than the limit may be produced, which is how an oversized payload is detected.
  const std::size_t capacity_limit = limits_.max_payload_size + 1;
  std::size_t room = std::max<std::size_t>(input.size() * 4, 1024);
  for (;;) {
    const std::size_t used = payload.size();
    room = std::min({room, capacity_limit - used, std::size_t{UINT_MAX}});
    payload.resize(used + room);
    strm.next_out = reinterpret_cast<Bytef*>(payload.data() + used);
    strm.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&strm, Z_SYNC_FLUSH);
    payload.resize(payload.size() - strm.avail_out);

    switch (rc) {
      case Z_OK:
      case Z_BUF_ERROR:
        break;
      case Z_STREAM_END:
        // The peer finished the stream (Z_FINISH); legal only if nothing follows.
        if (strm.avail_in != 0) return compress_errc::corrupt_data;
        break;
      case Z_DATA_ERROR:
      case Z_NEED_DICT:
        return compress_errc::corrupt_data;
      case Z_MEM_ERROR:
        return compress_errc::out_of_memory;
      default:
        return compress_errc::internal_error;
    }
    if (payload.size() > limits_.max_payload_size) return compress_errc::payload_too_large;
    // Output space left over means inflate wrote everything it could from the input it consumed.
    if (strm.avail_out != 0) {
      if (strm.avail_in == 0 || rc == Z_STREAM_END) break;
      // Input left and room left, yet inflate stopped: no progress is possible.
      return compress_errc::corrupt_data;
    }
    room = payload.size();  // doubles the buffer
  }
  return {};
}

std::size_t zlib_stream_inflater::allocated_bytes() const noexcept {
  return state_ ? state_->heap.bytes + sizeof(state) : 0;
}

} // namespace parley::proto::compress
