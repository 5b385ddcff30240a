// The request target of the gateway upgrade: the path plus ?v=…&encoding=…[&compress=…]
// (gateway.md §1.1).
#pragma once

#include "proto/gateway/connect_params.hpp"

#include <string>
#include <string_view>

namespace parley::client {

// `path` is the URL's path ("/", "/gateway", or empty for "/"); a query already on it is dropped
// (gateway URLs carry none, §1.1). Example: make_gateway_target("/", {10, etf, zlib_stream}) ==
// "/?v=10&encoding=etf&compress=zlib-stream".
std::string make_gateway_target(std::string_view path, const proto::gateway::connect_params& params);

std::string_view encoding_name(proto::gateway::encoding enc) noexcept;
// Empty for transport_compression::none.
std::string_view compression_name(proto::gateway::transport_compression compress) noexcept;

} // namespace parley::client
