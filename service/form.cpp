#include "service/form.hpp"

#include <string>

#include "model/username.hpp"

namespace parley::service {

bool form::check_length(std::string_view key, std::string_view s, std::size_t min_len, std::size_t max_len) {
  const auto len = model::utf8_length(s);
  if (!len) {
    add(key, "BASE_TYPE_BAD_STRING", "Must be valid UTF-8.");
    return false;
  }
  if (*len < min_len || *len > max_len) {
    add(key, "BASE_TYPE_BAD_LENGTH",
        "Must be between " + std::to_string(min_len) + " and " + std::to_string(max_len) + " in length.");
    return false;
  }
  return true;
}

std::optional<std::string_view> form::required_string(std::string_view key, std::size_t min_len, std::size_t max_len) {
  const auto* v = body_.if_contains(key);
  if (!v || v->is_null()) {
    add(key, "BASE_TYPE_REQUIRED", "This field is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    add(key, "BASE_TYPE_STRING", "Must be a string.");
    return std::nullopt;
  }
  std::string_view s = v->get_string();
  if (!check_length(key, s, min_len, max_len)) return std::nullopt;
  return s;
}

std::optional<std::string_view> form::optional_string(std::string_view key, std::size_t min_len, std::size_t max_len) {
  const auto* v = body_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  return required_string(key, min_len, max_len);
}

patch_field<std::string_view> form::nullable_string(std::string_view key, std::size_t min_len, std::size_t max_len) {
  patch_field<std::string_view> out;
  const auto* v = body_.if_contains(key);
  if (!v) return out;
  out.present = true;
  if (v->is_null()) return out;
  out.value = required_string(key, min_len, max_len);
  if (!out.value) out.present = false;
  return out;
}

std::optional<std::int64_t> form::optional_integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const auto* v = body_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) n = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) n = static_cast<std::int64_t>(v->get_uint64());
  else {
    add(key, "NUMBER_TYPE_COERCE", "Value is not int.");
    return std::nullopt;
  }
  if (n < min || n > max) {
    add(key, "NUMBER_TYPE_MAX", "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

std::optional<bool> form::optional_bool(std::string_view key) {
  const auto* v = body_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    add(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<model::snowflake> form::optional_snowflake(std::string_view key) {
  const auto* v = body_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  auto id = model::snowflake_from_json(*v);
  if (!id) add(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  return id;
}

} // namespace parley::service
