// Errors of the SDK's REST client: a failed call carries an error_code (network, TLS, or one of
// errc below) and, when the server answered with an error status, Discord's error JSON (rest.md
// §3.2: code, message, errors tree) and the HTTP status.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include <boost/assert/source_location.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/result.hpp>

#include "proto/base/result.hpp"

namespace parley::client::rest {

enum class errc {
  http_status = 1,   // the server answered 4xx/5xx; see rest_error::status, code, message
  invalid_base_url,  // not an http:// or https:// URL with a host
  invalid_response,  // a 2xx body that is not the JSON the call expects
  rate_limited,      // still 429 after retry_policy::max_rate_limited waits
  tls_setup,         // the TLS context or CA file could not be loaded
};

const boost::system::error_category& rest_category() noexcept;
error_code make_error_code(errc e) noexcept;

struct rest_error {
  error_code ec;
  unsigned status = 0;        // HTTP status; 0 when no response arrived
  int code = 0;               // Discord's JSON error code (0 = general or none)
  std::string message;        // Discord's message, else a description of ec
  boost::json::value errors;  // the field error tree, null when absent

  static rest_error from_code(error_code ec);
  // A 4xx/5xx answer: reads Discord's error JSON when the body is one.
  static rest_error from_response(unsigned status, std::string_view body);

  // "HTTP 403, code 50013: Missing Permissions" or the error_code's message.
  std::string describe() const;
};

template <class T>
using rest_result = boost::system::result<T, rest_error>;

// boost::system::result calls this when value() is taken from an error.
[[noreturn]] void throw_exception_from_error(const rest_error& e, const boost::source_location& loc);

} // namespace parley::client::rest

template <>
struct boost::system::is_error_code_enum<parley::client::rest::errc> : std::true_type {};
