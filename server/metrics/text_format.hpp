// Pieces of the Prometheus text exposition format 0.0.4: name rules, escaping of HELP text and
// label values, and sample value formatting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::server::metrics {

// The Content-Type of a /metrics response in this format.
inline constexpr std::string_view text_content_type = "text/plain; version=0.0.4; charset=utf-8";

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool is_valid_metric_name(std::string_view name) noexcept;
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved for Prometheus itself).
bool is_valid_label_name(std::string_view name) noexcept;

// HELP text: backslash and line feed escaped as \\ and \n.
void append_escaped_help(std::string& out, std::string_view help);
// Label value: backslash, double quote and line feed escaped as \\, \" and \n.
void append_escaped_label_value(std::string& out, std::string_view value);

// Shortest text that reads back as the same double; NaN, +Inf and -Inf as Prometheus spells them.
void append_value(std::string& out, double value);
void append_value(std::string& out, std::uint64_t value);

} // namespace parley::server::metrics
