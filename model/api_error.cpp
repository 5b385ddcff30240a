#include "model/api_error.hpp"

#include <stdexcept>

#include <boost/json/array.hpp>

namespace parley::model {

api_error api_error::invalid_form_body() { return {400, json_code::invalid_form_body, "Invalid Form Body"}; }
api_error api_error::unauthorized() { return {401, json_code::general, "401: Unauthorized"}; }
api_error api_error::not_found(json_code code, std::string_view what) {
  return {404, code, std::string("Unknown ") + std::string(what)};
}
api_error api_error::forbidden(json_code code) {
  return {403, code, code == json_code::missing_access ? "Missing Access" : "Missing Permissions"};
}

api_error& api_error::field(std::string_view dotted_path, std::string_view error_code, std::string_view message) {
  boost::json::object* node = &errors_;
  std::string_view rest = dotted_path;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    const std::string_view key = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    auto& child = (*node)[key];
    if (!child.is_object()) child = boost::json::object{};
    node = &child.as_object();
  }
  auto& list = (*node)["_errors"];
  if (!list.is_array()) list = boost::json::array{};
  list.as_array().push_back(boost::json::object{{"code", error_code}, {"message", message}});
  return *this;
}

boost::json::object api_error::to_json() const {
  boost::json::object o{{"message", message_}, {"code", static_cast<int>(code_)}};
  if (!errors_.empty()) o["errors"] = errors_;
  return o;
}

void throw_exception_from_error(const api_error& e, const boost::source_location&) {
  throw std::runtime_error("api_error " + std::to_string(e.status()) + ": " + e.message());
}

} // namespace parley::model
