// Test-only: the server end of one gateway connection as bytes, built from the project's server-side
// pieces (RFC 6455 codec in the server role, zlib-stream/zstd-stream compressors, JSON/ETF
// encoders). Used by the client core's tests and fuzz seeds; never linked into the library.
#pragma once

#include "proto/compress/zlib_stream_deflater.hpp"
#include "proto/compress/zstd_stream_compressor.hpp"
#include "proto/etf/encoder.hpp"
#include "proto/gateway/connect_params.hpp"
#include "proto/gateway/inbound_payload.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/handshake.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::client::testing {

class test_server {
 public:
  explicit test_server(proto::gateway::connect_params params = {}) : params_(params) {}

  const proto::gateway::connect_params& params() const { return params_; }

  // The 101 response to the client's upgrade request (the bytes the client core queued).
  std::string accept(std::string_view request) {
    request_ = std::string(request);
    constexpr std::string_view name = "Sec-WebSocket-Key: ";
    const auto start = request.find(name);
    if (start == std::string_view::npos) return {};
    const auto end = request.find("\r\n", start);
    auto response = proto::websocket::make_upgrade_response(request.substr(start + name.size(), end - start - name.size()));
    return response ? *response : std::string{};
  }
  const std::string& request() const { return request_; }

  // One payload (already in the connection's encoding) as the bytes of one WebSocket message:
  // compressed and binary when compression is on, else text for JSON and binary for ETF.
  std::string frame(std::string_view payload) {
    using proto::gateway::transport_compression;
    std::string body;
    switch (params_.compress) {
      case transport_compression::zlib_stream: (void)zlib_.compress(payload, body); break;
      case transport_compression::zstd_stream: (void)zstd_.compress(payload, body); break;
      case transport_compression::none: body.assign(payload); break;
    }
    if (params_.compress == transport_compression::none && params_.encoding == proto::gateway::encoding::json) {
      (void)ws_.send_text(body);
    } else {
      (void)ws_.send_binary(std::as_bytes(std::span(body.data(), body.size())));
    }
    std::string out;
    ws_.take_output(out);
    return out;
  }

  // `json` re-encoded in the connection's encoding, then framed.
  std::string frame_json(std::string_view json) { return frame(encode(boost::json::parse(json))); }

  std::string encode(const boost::json::value& v) const {
    if (params_.encoding == proto::gateway::encoding::json) return boost::json::serialize(v);
    std::string out;
    proto::etf::encode(v, out);
    return out;
  }

  std::string close_frame(std::uint16_t code) {
    (void)ws_.send_close(code);
    std::string out;
    ws_.take_output(out);
    return out;
  }

  // Client bytes in; the complete messages and Close codes they carried.
  struct received {
    std::vector<std::string> messages;
    std::vector<std::uint16_t> closes;
  };
  received read(std::string_view bytes) {
    received r;
    ws_.feed(bytes);
    for (auto ev = ws_.next_event(); ev.kind != proto::websocket::event_kind::need_more; ev = ws_.next_event()) {
      if (ev.kind == proto::websocket::event_kind::text || ev.kind == proto::websocket::event_kind::binary) {
        r.messages.emplace_back(ev.text());
      } else if (ev.kind == proto::websocket::event_kind::close) {
        r.closes.push_back(ev.close_code);
      } else if (ev.kind == proto::websocket::event_kind::error) {
        r.closes.push_back(0);
        break;
      }
    }
    return r;
  }

  // A client message decoded the way the Parley server decodes it.
  boost::json::value decode(std::string_view message) const {
    auto payload = proto::gateway::decode_payload(message, params_.encoding);
    if (!payload) return nullptr;
    return boost::json::object{{"op", payload->op}, {"d", payload->d}};
  }

 private:
  proto::gateway::connect_params params_;
  proto::websocket::connection ws_{proto::websocket::role::server};
  proto::compress::zlib_stream_deflater zlib_;
  proto::compress::zstd_stream_compressor zstd_;
  std::string request_;
};

} // namespace parley::client::testing
