// Serialization of Hello, Heartbeat ACK, Heartbeat, Reconnect and Invalid Session (gateway.md §2).
#include "proto/gateway/control_payload.hpp"

#include "proto/gateway/opcode.hpp"

#include "proto/etf/term_writer.hpp"

#include <charconv>

namespace parley::proto::gateway {
namespace {

namespace etf = parley::proto::etf;

// ETF: {op: <op>, d: <written by write_d>, s: nil, t: nil}.
template <class WriteD>
void write_etf(opcode op, std::string& out, WriteD write_d) {
  etf::write_version(out);
  etf::write_map_header(4, out);
  etf::write_atom("op", out);
  etf::write_int(static_cast<std::int64_t>(op), out);
  etf::write_atom("d", out);
  write_d(out);
  etf::write_atom("s", out);
  etf::write_null(out);
  etf::write_atom("t", out);
  etf::write_null(out);
}

void write_null_payload(encoding enc, opcode op, std::string_view json, std::string& out) {
  if (enc == encoding::json) {
    out.append(json);
  } else {
    write_etf(op, out, [](std::string& o) { etf::write_null(o); });
  }
}

} // namespace

void write_hello(encoding enc, std::chrono::milliseconds heartbeat_interval, std::string& out) {
  auto ms = static_cast<std::uint64_t>(heartbeat_interval.count() < 0 ? 0 : heartbeat_interval.count());
  if (enc == encoding::json) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, ms).ptr;
    out.append(R"({"op":10,"d":{"heartbeat_interval":)");
    out.append(digits, end);
    out.append(R"(},"s":null,"t":null})");
  } else {
    write_etf(opcode::hello, out, [ms](std::string& o) {
      etf::write_map_header(1, o);
      etf::write_atom("heartbeat_interval", o);
      etf::write_uint(ms, o);
    });
  }
}

void write_heartbeat_ack(encoding enc, std::string& out) {
  write_null_payload(enc, opcode::heartbeat_ack, R"({"op":11,"d":null,"s":null,"t":null})", out);
}

void write_heartbeat_request(encoding enc, std::string& out) {
  write_null_payload(enc, opcode::heartbeat, R"({"op":1,"d":null,"s":null,"t":null})", out);
}

void write_reconnect(encoding enc, std::string& out) {
  write_null_payload(enc, opcode::reconnect, R"({"op":7,"d":null,"s":null,"t":null})", out);
}

void write_invalid_session(encoding enc, bool resumable, std::string& out) {
  if (enc == encoding::json) {
    out.append(resumable ? R"({"op":9,"d":true,"s":null,"t":null})" : R"({"op":9,"d":false,"s":null,"t":null})");
  } else {
    write_etf(opcode::invalid_session, out, [resumable](std::string& o) { etf::write_bool(resumable, o); });
  }
}

} // namespace parley::proto::gateway
