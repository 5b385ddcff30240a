// What the gateway client core reports to the application (gateway.md §2-§4): the server's
// opcodes, the session milestones and the end of a connection.
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace parley::client {

// op 10. The core has scheduled the jittered first heartbeat; the application now calls
// identify() or, when should_resume(), resume().
struct hello_event {
  std::chrono::milliseconds heartbeat_interval{0};
};

// The READY dispatch (§3.4): the session id and resume URL are kept by the core.
struct ready_event {
  std::uint64_t seq = 0;
  std::string session_id;
  std::string resume_gateway_url;
  boost::json::value data; // READY's whole `d`
};

// The RESUMED dispatch: every missed event was replayed before it (§3.6).
struct resumed_event {
  std::uint64_t seq = 0;
};

// Any other op 0.
struct dispatch_event {
  std::string name;
  std::uint64_t seq = 0;
  boost::json::value data; // `d`; with ETF converted as server_payload_options says
  // The whole decompressed payload as received (JSON text or ETF bytes), only when
  // gateway_options::keep_raw_payloads is set.
  std::string raw;
  // The JSON text of `d`, only when gateway_options::raw_dispatch_data is set (data is null then).
  std::string raw_data;
};

// op 11. latency: from our last heartbeat to this ACK.
struct heartbeat_ack_event {
  std::optional<std::chrono::steady_clock::duration> latency;
};

// op 7. The core has already started closing with resume_close_code; after closed_event,
// reconnect and resume.
struct reconnect_requested_event {};

// op 9. resumable=false has already dropped the session (should_resume() is false). The
// connection stays open: identify() (or resume() when resumable) on it, or close() and reconnect.
struct invalid_session_event {
  bool resumable = false;
};

// The connection is over: send the remaining output, then close the socket. Then consult
// should_reconnect(), should_resume() and reconnect_delay().
struct closed_event {
  std::uint16_t code = 0;  // the Close code that ended it; 1006 when no Close frame was exchanged
  std::string reason;      // the peer's reason, if it sent one
  bool by_server = false;  // the server sent the Close (or the transport dropped)
  error_code error;        // why the core ended it itself (client_errc, WebSocket or decode error)
};

using gateway_event = std::variant<hello_event, ready_event, resumed_event, dispatch_event,
                                   heartbeat_ack_event, reconnect_requested_event,
                                   invalid_session_event, closed_event>;

} // namespace parley::client
