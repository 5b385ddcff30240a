// Builds the gateway upgrade target (gateway_target.hpp, gateway.md §1.1).
#include "client/core/gateway_target.hpp"

namespace parley::client {

using proto::gateway::encoding;
using proto::gateway::transport_compression;

std::string_view encoding_name(encoding enc) noexcept {
  return enc == encoding::etf ? "etf" : "json";
}

std::string_view compression_name(transport_compression compress) noexcept {
  switch (compress) {
    case transport_compression::zlib_stream: return "zlib-stream";
    case transport_compression::zstd_stream: return "zstd-stream";
    case transport_compression::none: break;
  }
  return {};
}

std::string make_gateway_target(std::string_view path, const proto::gateway::connect_params& params) {
  path = path.substr(0, path.find_first_of("?#"));
  std::string target;
  if (path.empty() || path.front() != '/') target += '/';
  target += path;
  target += "?v=";
  target += std::to_string(params.version);
  target += "&encoding=";
  target += encoding_name(params.encoding);
  if (const auto name = compression_name(params.compress); !name.empty()) {
    target += "&compress=";
    target += name;
  }
  return target;
}

} // namespace parley::client
