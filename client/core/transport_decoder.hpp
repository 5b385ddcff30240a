// Server→client transport decompression for one connection (gateway.md §1.4 zlib-stream, §1.5
// zstd-stream): one context per connection, created fresh for every new connection.
#pragma once

#include "proto/base/result.hpp"
#include "proto/compress/zlib_stream_inflater.hpp"
#include "proto/compress/zstd_stream_decompressor.hpp"
#include "proto/gateway/connect_params.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace parley::client {

// Not thread-safe; one per connection. Movable.
class transport_decoder {
 public:
  explicit transport_decoder(proto::gateway::transport_compression compress = {});

  // One binary WebSocket message in. Returns the payload it completes (a view of `message`
  // without compression, else of an internal buffer; valid until the next call), or nullopt when
  // zlib-stream needs the following messages to finish a payload. Errors are the compression
  // library's and final: the shared context is out of step, the connection must be dropped.
  result<std::optional<std::string_view>> decode(std::string_view message);

  proto::gateway::transport_compression compression() const noexcept { return compress_; }

 private:
  proto::gateway::transport_compression compress_;
  std::variant<std::monostate, proto::compress::zlib_stream_inflater, proto::compress::zstd_stream_decompressor>
      context_;
  std::string payload_;
};

} // namespace parley::client
