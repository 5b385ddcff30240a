// Envelope decoding of client payloads: size limit, JSON or ETF, `op` extraction (gateway.md §1.2,
// §1.3, §2).
#include "proto/gateway/inbound_payload.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"

#include "proto/etf/decoder.hpp"

#include <boost/json/parser.hpp>

namespace parley::proto::gateway {
namespace {

result<boost::json::value> parse_json(std::string_view bytes, boost::json::storage_ptr storage) noexcept {
  boost::json::parse_options options;
  options.max_depth = max_inbound_depth;
  // A payload is at most 4096 bytes, so the parser's own stack fits in a fixed buffer.
  unsigned char temp[1024];
  boost::json::parser p(boost::json::storage_ptr{}, options, temp, sizeof temp);
  p.reset(std::move(storage));
  boost::system::error_code ec;
  p.write(bytes.data(), bytes.size(), ec);
  if (ec) return close_code::decode_error;
  return p.release();
}

result<boost::json::value> parse_etf(std::string_view bytes, boost::json::storage_ptr storage) noexcept {
  etf::decode_options options;
  options.max_input_size = max_inbound_payload_size;
  options.max_depth = max_inbound_depth;
  auto value = etf::decode(bytes, options, std::move(storage));
  if (!value) return close_code::decode_error;
  return std::move(*value);
}

} // namespace

result<inbound_payload> decode_payload(std::string_view bytes, encoding enc,
                                       boost::json::storage_ptr storage) noexcept {
  if (bytes.size() > max_inbound_payload_size) return close_code::decode_error;
  auto value = enc == encoding::json ? parse_json(bytes, storage) : parse_etf(bytes, storage);
  if (!value) return value.error();
  boost::json::object* obj = value->if_object();
  if (obj == nullptr) return close_code::decode_error;
  const boost::json::value* op = obj->if_contains("op");
  if (op == nullptr) return close_code::unknown_opcode;
  auto op_value = detail::as_int64(*op);
  if (!op_value) return close_code::unknown_opcode;
  // Move-construct `d` so it keeps the caller's storage (move assignment would copy it).
  boost::json::value* d = obj->if_contains("d");
  return inbound_payload{*op_value, d != nullptr ? boost::json::value(std::move(*d))
                                                 : boost::json::value(nullptr, storage)};
}

} // namespace parley::proto::gateway
