#include "service/errors.hpp"

#include <spdlog/spdlog.h>

namespace parley::service {

model::api_error internal_error(const error_code& ec, const char* where) {
  spdlog::error("{}: store error: {}", where, ec.message());
  return {500, model::json_code::general, "500: Internal Server Error"};
}

} // namespace parley::service
