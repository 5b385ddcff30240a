// Bridges the two field-error collectors of a request body: form (service/form.hpp) and the model's
// readers that write into a model::api_error (model/guild_request.hpp), so one reply lists them all.
#pragma once

#include <string_view>

#include "model/api_error.hpp"
#include "service/form.hpp"

namespace parley::service {

// Adds every field error of `from` (its errors tree, rest.md §3.2) to `to` under the same paths.
// A non-empty prefix roots them under that dotted path ("3" for the fourth element of an array body).
void merge_field_errors(form& to, const model::api_error& from, std::string_view prefix = {});

} // namespace parley::service
