// Fuzz target for the reaction path emoji parser (model/emoji.hpp, rest.md §6.7): any bytes must
// give an emoji or Unknown Emoji, and an accepted emoji must be valid UTF-8 within the limits.
#include "model/emoji.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto r = parley::model::parse_path_emoji(input);
  if (r) {
    if (!parley::model::is_valid_utf8(r->name) || r->name.empty() ||
        r->name.size() > parley::model::max_unicode_emoji_bytes) {
      std::abort();
    }
  } else if (r.error().code() != parley::model::json_code::unknown_emoji) {
    std::abort();
  }
  if (auto d = parley::model::percent_decode(input); d && d->size() > input.size()) std::abort();
  return 0;
}
