// The {emoji} segment of the reaction routes (rest.md §6.7, §7.5; clients.md §4.2): a unicode
// emoji as percent-encoded UTF-8 ("%F0%9F%91%8D"), or a custom emoji as `name:id`, `a:name:id`
// or `:name:id` (what discord.py sends for "<:name:id>"), possibly with the colons encoded
// ("name%3Aid", discord.js). Also the reaction emoji's JSON shape.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/message.hpp"

namespace parley::model {

// Longest accepted unicode emoji: the longest RGI sequences (families with skin tones, tag flags)
// stay well below both bounds.
inline constexpr std::size_t max_unicode_emoji_bytes = 64;
inline constexpr std::size_t max_unicode_emoji_code_points = 16;
// Custom emoji names (Discord: 2–32 characters of letters, digits and '_'); we accept 1–32.
inline constexpr std::size_t max_custom_emoji_name = 32;

// Percent-decodes a URL path segment. nullopt on a '%' not followed by two hex digits. '+' is a
// literal plus in paths. The output is never longer than the input.
std::optional<std::string> percent_decode(std::string_view segment);

// True when the bytes are well-formed UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// The raw (still percent-encoded) path segment → the emoji. 400 10014 "Unknown Emoji" for
// anything that is not plausibly an emoji: bad escapes or UTF-8, empty, too long, plain text,
// control characters, a custom emoji without a valid id or name. Parley has no emoji table, so a
// unicode emoji is accepted when every code point could belong to one (no ASCII letters,
// punctuation or spaces; digits, '#' and '*' only as keycap bases) and one is outside ASCII.
api_result<emoji_ref> parse_path_emoji(std::string_view segment);

api_error unknown_emoji();

// The partial emoji of reactions and MESSAGE_REACTION_* events: {id: ?snowflake, name, animated?}.
boost::json::object to_json(const emoji_ref& e);

} // namespace parley::model
