// Serialization of client payloads (client_payload.hpp, gateway.md §1.3, §12.2).
#include "client/core/client_payload.hpp"

#include "proto/etf/term_writer.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace parley::client {
namespace {

namespace etf = proto::etf;

// Like etf::encode_term, but object keys are always BINARY_EXT: the server-side encoder writes
// field names as atoms, which is right for servers and fatal (4002) for clients.
void write_term(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null: etf::write_null(out); break;
    case boost::json::kind::bool_: etf::write_bool(v.get_bool(), out); break;
    case boost::json::kind::int64: etf::write_int(v.get_int64(), out); break;
    case boost::json::kind::uint64: etf::write_uint(v.get_uint64(), out); break;
    case boost::json::kind::double_: etf::write_double(v.get_double(), out); break;
    case boost::json::kind::string: etf::write_binary(v.get_string(), out); break;
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        etf::write_empty_list(out);
        break;
      }
      etf::write_list_header(static_cast<std::uint32_t>(a.size()), out);
      for (const auto& element : a) write_term(element, out);
      etf::write_list_tail(out);
      break;
    }
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      etf::write_map_header(static_cast<std::uint32_t>(o.size()), out);
      for (const auto& field : o) {
        etf::write_binary(field.key(), out);
        write_term(field.value(), out);
      }
      break;
    }
  }
}

} // namespace

void write_client_payload(proto::gateway::encoding enc, std::int64_t op, const boost::json::value& d,
                          std::string& out) {
  if (enc == proto::gateway::encoding::json) {
    out += R"({"op":)";
    out += std::to_string(op);
    out += R"(,"d":)";
    out += boost::json::serialize(d);
    out += '}';
    return;
  }
  etf::write_version(out);
  etf::write_map_header(2, out);
  etf::write_binary("op", out);
  etf::write_int(op, out);
  etf::write_binary("d", out);
  write_term(d, out);
}

boost::json::value heartbeat_data(std::optional<std::uint64_t> last_seq) {
  if (last_seq) return *last_seq;
  return nullptr;
}

boost::json::value identify_data(const identify_params& params) {
  boost::json::object d;
  d["token"] = params.token;
  d["properties"] = {{"os", params.os}, {"browser", params.browser}, {"device", params.device}};
  d["intents"] = params.intents;
  if (params.shard_id) {
    d["shard"] = boost::json::array{*params.shard_id, params.shard_count};
  }
  if (params.large_threshold) d["large_threshold"] = *params.large_threshold;
  if (params.presence) d["presence"] = *params.presence;
  return d;
}

boost::json::value resume_data(std::string_view token, std::string_view session_id,
                               std::optional<std::uint64_t> seq) {
  boost::json::object d;
  d["token"] = token;
  d["session_id"] = session_id;
  d["seq"] = seq ? boost::json::value(*seq) : boost::json::value(nullptr);
  return d;
}

} // namespace parley::client
