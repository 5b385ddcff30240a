// Reads fields of a JSON request body and collects Discord-style field errors (rest.md §3.2) as
// it goes, so a use case reports every bad field at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/snowflake.hpp"

namespace parley::service {

// A field that may be absent, present as null, or present with a value.
template <class T>
struct patch_field {
  bool present = false;
  std::optional<T> value;  // nullopt with present == true means JSON null
};

class form {
 public:
  explicit form(const boost::json::object& body) : body_(body) {}

  // Strings are measured in characters (code points). Required fields report BASE_TYPE_REQUIRED.
  std::optional<std::string_view> required_string(std::string_view key, std::size_t min_len, std::size_t max_len);
  std::optional<std::string_view> optional_string(std::string_view key, std::size_t min_len, std::size_t max_len);
  patch_field<std::string_view> nullable_string(std::string_view key, std::size_t min_len, std::size_t max_len);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<model::snowflake> optional_snowflake(std::string_view key);

  void add(std::string_view field, std::string_view code, std::string_view message) {
    error_.field(field, code, message);
  }
  bool ok() const { return !error_.has_field_errors(); }
  model::api_error error() const { return error_; }

 private:
  bool check_length(std::string_view key, std::string_view s, std::size_t min_len, std::size_t max_len);
  const boost::json::object& body_;
  model::api_error error_ = model::api_error::invalid_form_body();
};

} // namespace parley::service
