// Error category and Discord error JSON reading for the SDK's REST client (rest.md §3).
#include "client/rest/rest_error.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

namespace parley::client::rest {

namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.sdk.rest"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::http_status: return "the server answered with an error status";
      case errc::invalid_base_url: return "the base URL is not an http:// or https:// URL with a host";
      case errc::invalid_response: return "the response body is not the expected JSON";
      case errc::rate_limited: return "still rate limited after repeated waits";
      case errc::tls_setup: return "the TLS context or CA file could not be loaded";
    }
    return "unknown REST client error";
  }
};

} // namespace

const boost::system::error_category& rest_category() noexcept {
  static const category instance;
  return instance;
}

error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), rest_category()}; }

rest_error rest_error::from_code(error_code ec) {
  rest_error e;
  e.ec = ec;
  e.message = ec.message();
  return e;
}

rest_error rest_error::from_response(unsigned status, std::string_view body) {
  rest_error e;
  e.ec = make_error_code(errc::http_status);
  e.status = status;
  boost::system::error_code json_ec;
  auto parsed = boost::json::parse(body, json_ec);
  if (!json_ec && parsed.is_object()) {
    auto& obj = parsed.get_object();
    if (const auto* code = obj.if_contains("code"); code && code->is_int64()) e.code = static_cast<int>(code->get_int64());
    if (const auto* msg = obj.if_contains("message"); msg && msg->is_string()) e.message = msg->get_string();
    if (auto* errors = obj.if_contains("errors")) e.errors = std::move(*errors);
  }
  if (e.message.empty()) e.message = "HTTP " + std::to_string(status);
  return e;
}

std::string rest_error::describe() const {
  if (status == 0) return message.empty() ? ec.message() : message;
  std::string out = "HTTP " + std::to_string(status) + ", code " + std::to_string(code) + ": " + message;
  if (!errors.is_null()) out += " " + boost::json::serialize(errors);
  return out;
}

void throw_exception_from_error(const rest_error& e, const boost::source_location& loc) {
  boost::throw_exception(boost::system::system_error(e.ec, e.describe()), loc);
}

} // namespace parley::client::rest
