#include "service/field_errors.hpp"

#include <string>

namespace parley::service {
namespace {

void walk(form& to, const boost::json::object& node, const std::string& path) {
  for (const auto& [key, value] : node) {
    if (key == "_errors" && value.is_array()) {
      for (const auto& err : value.get_array()) {
        if (!err.is_object()) continue;
        const auto* code = err.get_object().if_contains("code");
        const auto* message = err.get_object().if_contains("message");
        to.add(path, code && code->is_string() ? std::string_view(code->get_string()) : std::string_view("INVALID"),
               message && message->is_string() ? std::string_view(message->get_string()) : std::string_view(""));
      }
    } else if (value.is_object()) {
      walk(to, value.get_object(), path.empty() ? std::string(key) : path + "." + std::string(key));
    }
  }
}

} // namespace

void merge_field_errors(form& to, const model::api_error& from, std::string_view prefix) {
  walk(to, from.errors(), std::string(prefix));
}

} // namespace parley::service
