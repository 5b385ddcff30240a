// The error category of the gateway client core (client_error.hpp).
#include "client/core/client_error.hpp"

#include <string>

namespace parley::client {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.client"; }

  std::string message(int value) const override {
    switch (static_cast<client_errc>(value)) {
      case client_errc::not_connected: return "no gateway connection is open";
      case client_errc::already_connected: return "a gateway connection is already open";
      case client_errc::closing: return "the connection is closing";
      case client_errc::no_hello_yet: return "the server has not sent Hello yet";
      case client_errc::already_identifying: return "an Identify or Resume was already sent on this connection";
      case client_errc::no_session: return "no session to resume";
      case client_errc::payload_too_large: return "gateway payload above 4096 bytes";
      case client_errc::hello_timeout: return "no Hello from the server in time";
      case client_errc::zombie_connection: return "no heartbeat ACK since the last heartbeat";
      case client_errc::close_timeout: return "the server did not answer the Close frame";
      case client_errc::bad_payload: return "undecodable gateway payload from the server";
      case client_errc::bad_hello: return "Hello without a valid heartbeat_interval";
      case client_errc::transport_closed: return "the connection was lost";
    }
    return "unknown gateway client error";
  }
};

} // namespace

const boost::system::error_category& client_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::client
