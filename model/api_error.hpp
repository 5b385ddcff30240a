// The error every REST route answers with (rest.md §3): HTTP status, Discord JSON error code,
// message, and an optional tree of field errors mirroring the request body.
#pragma once

#include <string>
#include <string_view>

#include <boost/assert/source_location.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

namespace parley::model {

// Discord JSON error codes used by Parley (rest.md §3.3).
enum class json_code : int {
  general = 0,
  unknown_account = 10001,
  unknown_application = 10002,
  unknown_channel = 10003,
  unknown_guild = 10004,
  unknown_invite = 10006,
  unknown_member = 10007,
  unknown_message = 10008,
  unknown_overwrite = 10009,
  unknown_role = 10011,
  unknown_token = 10012,
  unknown_user = 10013,
  unknown_emoji = 10014,
  unknown_ban = 10026,
  bots_cannot_use = 20001,
  only_bots = 20002,
  unauthorized = 40001,
  entity_too_large = 40005,
  missing_access = 50001,
  missing_permissions = 50013,
  invalid_token = 50014,
  invalid_form_body = 50035,
  invalid_api_version = 50041,
  invalid_json = 50109,
};

class api_error {
 public:
  // A 500; boost::system::result needs E to be default-constructible.
  api_error() : api_error(500, json_code::general, "500: Internal Server Error") {}
  api_error(int http_status, json_code code, std::string message)
      : status_(http_status), code_(code), message_(std::move(message)) {}

  // A 400 Invalid Form Body whose errors tree starts empty; add to it with field().
  static api_error invalid_form_body();
  static api_error unauthorized();
  static api_error not_found(json_code code, std::string_view what); // "Unknown User" etc.
  static api_error forbidden(json_code code = json_code::missing_permissions);

  // Adds {"code": error_code, "message": message} under the dotted path ("username",
  // "embeds.0.title"); a numeric segment is an array index, written as a string key.
  api_error& field(std::string_view dotted_path, std::string_view error_code, std::string_view message);
  bool has_field_errors() const { return !errors_.empty(); }

  int status() const { return status_; }
  json_code code() const { return code_; }
  const std::string& message() const { return message_; }
  const boost::json::object& errors() const { return errors_; }

  boost::json::object to_json() const;

 private:
  int status_;
  json_code code_;
  std::string message_;
  boost::json::object errors_;
};

template <class T>
using api_result = boost::system::result<T, api_error>;

// boost::system::result calls this when value() is taken from an error; service code never does.
[[noreturn]] void throw_exception_from_error(const api_error& e, const boost::source_location& loc);

} // namespace parley::model
