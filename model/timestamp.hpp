// ISO 8601 timestamps as Discord writes them (rest.md §2: "2017-07-11T17:27:07.299000+00:00",
// microseconds and an explicit +00:00 offset), from and to Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::model {

// Exactly 32 characters for years 0000–9999; times outside that range are clamped to it.
inline constexpr std::size_t iso8601_length = 32;

std::string format_iso8601(std::int64_t unix_ms);
// Writes exactly iso8601_length bytes (no terminator) to out; for serializers with their own buffer.
void write_iso8601(char* out, std::int64_t unix_ms);
// Appends to out, so a serializer can write into a buffer it already owns.
void append_iso8601(std::string& out, std::int64_t unix_ms);

// Reads what clients send: "YYYY-MM-DDTHH:MM:SS" (or a space instead of 'T'), optional fraction
// of any length (truncated to milliseconds), then "Z", "+HH:MM", "-HH:MM", "+HHMM" or nothing
// (= UTC). nullopt on anything else, including impossible dates such as 2023-02-30.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

} // namespace parley::model
