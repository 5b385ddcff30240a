// Server payload envelope decoding (server_payload.hpp, gateway.md §1.3, §12).
#include "client/core/server_payload.hpp"

#include "client/core/client_error.hpp"
#include "proto/etf/decoder.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string>

namespace parley::client {
namespace {

void large_integers_to_strings(boost::json::value& v) {
  constexpr std::uint64_t limit = std::uint64_t{1} << 32;
  switch (v.kind()) {
    case boost::json::kind::int64: {
      const std::int64_t i = v.get_int64();
      const std::uint64_t magnitude = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      if (magnitude >= limit) v = std::to_string(i);
      break;
    }
    case boost::json::kind::uint64:
      if (v.get_uint64() >= limit) v = std::to_string(v.get_uint64());
      break;
    case boost::json::kind::array:
      for (auto& element : v.get_array()) large_integers_to_strings(element);
      break;
    case boost::json::kind::object:
      for (auto& field : v.get_object()) large_integers_to_strings(field.value());
      break;
    default:
      break;
  }
}

} // namespace

result<server_payload> decode_server_payload(std::string_view bytes, proto::gateway::encoding enc,
                                             const server_payload_options& options) {
  boost::json::value root;
  if (enc == proto::gateway::encoding::json) {
    boost::json::error_code ec;
    boost::json::parse_options parse_options;
    parse_options.max_depth = 64;
    root = boost::json::parse(bytes, ec, {}, parse_options);
    if (ec) return ec;
  } else {
    auto decoded = proto::etf::decode(bytes);
    if (!decoded) return decoded.error();
    root = std::move(*decoded);
  }

  auto* object = root.if_object();
  if (!object) return client_errc::bad_payload;
  server_payload payload;
  // Both decoders produce int64 for every integer that fits; an opcode above that is no opcode.
  const auto* op = object->if_contains("op");
  if (!op || !op->is_int64()) return client_errc::bad_payload;
  payload.op = op->get_int64();
  if (const auto* s = object->if_contains("s"); s && !s->is_null()) {
    if (s->is_int64() && s->get_int64() >= 0) {
      payload.s = static_cast<std::uint64_t>(s->get_int64());
    } else if (s->is_uint64()) {
      payload.s = s->get_uint64();
    } else {
      return client_errc::bad_payload;
    }
  }
  if (const auto* t = object->if_contains("t"); t && t->is_string()) payload.t = t->get_string();
  if (auto* d = object->if_contains("d")) {
    payload.d = std::move(*d);
    if (enc == proto::gateway::encoding::etf && options.etf_large_integers_as_strings) {
      large_integers_to_strings(payload.d);
    }
  }
  return payload;
}

} // namespace parley::client
