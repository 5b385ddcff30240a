// The chat's input line: UTF-8 text with a cursor that moves by code points, plus the horizontal
// window that keeps the cursor visible in a narrow terminal. Pure data, no terminal calls.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::apps {

class input_line {
 public:
  void insert(std::string_view utf8);
  void backspace();     // deletes the code point before the cursor
  void delete_forward();
  void left();
  void right();
  void home() { cursor_ = 0; }
  void end() { cursor_ = text_.size(); }
  void clear() { text_.clear(), cursor_ = 0; }
  // Answers the text and empties the line.
  std::string take();

  const std::string& text() const { return text_; }
  std::size_t cursor_byte() const { return cursor_; }
  bool empty() const { return text_.empty(); }

  // What to draw in `width` columns: the visible part of the text and the cursor's column in it.
  struct view {
    std::string text;
    std::size_t cursor_column = 0;
  };
  view visible(std::size_t width) const;

 private:
  std::string text_;
  std::size_t cursor_ = 0;  // byte offset, always at a code point boundary
};

} // namespace parley::apps
