// Errors of the SDK's sans-I/O gateway client core (gateway.md §2-§4): why a call was refused in
// the current state, and why the core closed a connection on its own.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace parley::client {

enum class client_errc {
  // Calls illegal in the current state.
  not_connected = 1, // no WebSocket is open (before connect(), or after the connection closed)
  already_connected, // connect() while a connection is still open or closing
  closing,           // close() was called or decided: nothing else is sent on this connection
  no_hello_yet,      // identify/resume before the server's Hello
  already_identifying, // identify/resume after one was sent on this connection (until op 9)
  no_session,        // resume() without a session id from READY
  payload_too_large, // a client payload above 4096 bytes (gateway.md §1.2 would close 4002)

  // Reasons the core closed a connection itself (closed_event::error).
  hello_timeout,      // no Hello within gateway_options::hello_timeout of connect()
  zombie_connection,  // no Heartbeat ACK between two of our heartbeats (gateway.md §3.2)
  close_timeout,      // the server did not answer our Close within close_timeout
  bad_payload,        // a server payload that is not a gateway envelope (JSON/ETF object with `op`)
  bad_hello,          // Hello without a positive heartbeat_interval
  transport_closed,   // the caller reported the byte stream ended (connection_lost)
};

const boost::system::error_category& client_category() noexcept;

inline boost::system::error_code make_error_code(client_errc e) noexcept {
  return {static_cast<int>(e), client_category()};
}

} // namespace parley::client

template <>
struct boost::system::is_error_code_enum<parley::client::client_errc> : std::true_type {};
