// Per-connection transport decompression (transport_decoder.hpp, gateway.md §1.4-§1.5).
#include "client/core/transport_decoder.hpp"

namespace parley::client {

using proto::gateway::transport_compression;

transport_decoder::transport_decoder(transport_compression compress) : compress_(compress) {
  switch (compress) {
    case transport_compression::zlib_stream: context_.emplace<proto::compress::zlib_stream_inflater>(); break;
    case transport_compression::zstd_stream: context_.emplace<proto::compress::zstd_stream_decompressor>(); break;
    case transport_compression::none: break;
  }
}

result<std::optional<std::string_view>> transport_decoder::decode(std::string_view message) {
  if (auto* zlib = std::get_if<proto::compress::zlib_stream_inflater>(&context_)) {
    auto status = zlib->feed(message, payload_);
    if (!status) return status.error();
    if (*status == proto::compress::inflate_status::need_more) return std::optional<std::string_view>{};
    return std::optional<std::string_view>{payload_};
  }
  if (auto* zstd = std::get_if<proto::compress::zstd_stream_decompressor>(&context_)) {
    if (auto done = zstd->decompress(message, payload_); !done) return done.error();
    return std::optional<std::string_view>{payload_};
  }
  return std::optional<std::string_view>{message};
}

} // namespace parley::client
