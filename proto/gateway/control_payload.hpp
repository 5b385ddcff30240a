// Serialization of the server's non-dispatch payloads: Hello (op 10), Heartbeat ACK (op 11),
// Heartbeat request (op 1), Reconnect (op 7), Invalid Session (op 9) (gateway.md §2, §3.2, §3.7,
// §3.8). Every payload carries all four envelope keys, `s` and `t` null (§1.3).
#pragma once

#include "proto/gateway/encoding.hpp"

#include <chrono>
#include <string>

namespace parley::proto::gateway {

// Each function appends one complete payload (for ETF including the version byte) to `out`.
void write_hello(encoding enc, std::chrono::milliseconds heartbeat_interval, std::string& out);
void write_heartbeat_ack(encoding enc, std::string& out);
void write_heartbeat_request(encoding enc, std::string& out);
void write_reconnect(encoding enc, std::string& out);
void write_invalid_session(encoding enc, bool resumable, std::string& out);

} // namespace parley::proto::gateway
