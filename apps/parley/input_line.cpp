// The chat's input line: see input_line.hpp.
#include "apps/parley/input_line.hpp"

#include "apps/parley/text_wrap.hpp"

namespace parley::apps {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

} // namespace

void input_line::insert(std::string_view utf8) {
  text_.insert(cursor_, utf8);
  cursor_ += utf8.size();
}

void input_line::left() {
  if (cursor_ == 0) return;
  do --cursor_;
  while (cursor_ > 0 && continuation(text_[cursor_]));
}

void input_line::right() {
  if (cursor_ >= text_.size()) return;
  do ++cursor_;
  while (cursor_ < text_.size() && continuation(text_[cursor_]));
}

void input_line::backspace() {
  const auto end = cursor_;
  left();
  text_.erase(cursor_, end - cursor_);
}

void input_line::delete_forward() {
  const auto start = cursor_;
  right();
  text_.erase(start, cursor_ - start);
  cursor_ = start;
}

std::string input_line::take() {
  std::string out;
  out.swap(text_);
  cursor_ = 0;
  return out;
}

input_line::view input_line::visible(std::size_t width) const {
  if (width == 0) return {};
  const std::string_view all(text_);
  const auto before = display_width(all.substr(0, cursor_));
  // Keep the cursor on screen: skip whole code points from the left until it fits.
  std::size_t skip_columns = before >= width ? before - width + 1 : 0;
  std::size_t start = 0;
  while (skip_columns > 0 && start < all.size()) {
    ++start;
    while (start < all.size() && continuation(all[start])) ++start;
    --skip_columns;
  }
  auto rest = all.substr(start);
  return {std::string(fit_columns(rest, width)), display_width(all.substr(start, cursor_ - start))};
}

} // namespace parley::apps
