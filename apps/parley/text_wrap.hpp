// Word wrapping for the chat pane: UTF-8 text into lines of at most `width` columns, counting one
// column per code point (wide CJK characters and emoji may overhang by one column; terminals
// without wcwidth agreement make exact widths unreliable anyway).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::apps {

// Number of code points (continuation bytes are not counted).
std::size_t display_width(std::string_view utf8);

// The longest prefix of `utf8` that fits in `columns`, cut at a code point boundary.
std::string_view fit_columns(std::string_view utf8, std::size_t columns);

// Breaks at '\n', then at the last space that fits, else inside a word. Lines after the first
// start with `indent` spaces (counted in the width). Always at least one line; width 0 acts as 1.
std::vector<std::string> wrap_text(std::string_view utf8, std::size_t width, std::size_t indent = 0);

} // namespace parley::apps
