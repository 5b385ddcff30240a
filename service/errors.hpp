// Turning store failures into the REST error a client sees.
#pragma once

#include "model/api_error.hpp"
#include "proto/base/result.hpp"

namespace parley::service {

// A store error that the use case did not expect: logged, and answered as a 500.
model::api_error internal_error(const error_code& ec, const char* where);

} // namespace parley::service
