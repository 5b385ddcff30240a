// Rich embeds in message requests (rest.md §6.6.4): validation against Discord's limits and the
// normalized form that is stored and echoed (type "rich"; what only Discord may set is dropped).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "model/api_error.hpp"

namespace parley::model {

inline constexpr std::size_t max_embeds = 10;
inline constexpr std::size_t max_embed_text_total = 6000;  // title+description+fields+footer+author, all embeds

// An `embeds` array (null reads as []). Limits, in code points: title 256, description 4096,
// 25 fields with name 256 and value 1024 (both required), footer.text 2048, author.name 256;
// url/icon_url strings ≤ 2048; color 0–0xFFFFFF; timestamp ISO 8601. Field errors go under
// `path` ("embeds.0.title"); nullopt when any was added.
std::optional<boost::json::array> parse_embeds(const boost::json::value& v, std::string_view path, api_error& errors);

} // namespace parley::model
