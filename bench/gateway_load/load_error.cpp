// Messages for the gateway load generator's error category.
#include "bench/gateway_load/load_error.hpp"

#include <string>

namespace parley::bench::gateway_load {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.gateway_load"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::payload_not_object: return "gateway payload is not a JSON object";
      case errc::payload_malformed: return "malformed gateway payload";
      case errc::payload_bad_field: return "gateway payload field of the wrong type";
      case errc::http_malformed: return "malformed HTTP response";
      case errc::http_header_too_large: return "HTTP response header block too large";
      case errc::http_body_too_large: return "HTTP response body too large";
      case errc::http_closed_early: return "connection closed before the HTTP response was complete";
      case errc::connect_failed: return "TCP connect failed";
      case errc::io_failed: return "socket I/O failed";
      case errc::http_status: return "REST call failed (status not 2xx)";
      case errc::irc_line_too_long: return "IRC line too long";
      case errc::irc_malformed: return "malformed IRC line";
    }
    return "unknown gateway load error";
  }
};

} // namespace

const boost::system::error_category& load_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::bench::gateway_load
