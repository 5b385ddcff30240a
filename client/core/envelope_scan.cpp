// Top-level field scan of a JSON gateway payload (envelope_scan.hpp, gateway.md §1.3).
#include "client/core/envelope_scan.hpp"

#include "client/core/client_error.hpp"

#include <cstring>

namespace parley::client {
namespace {

class cursor {
 public:
  explicit cursor(std::string_view text) noexcept : text_(text) {}

  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  std::size_t pos() const noexcept { return pos_; }
  std::string_view slice(std::size_t from) const noexcept { return text_.substr(from, pos_ - from); }

  void skip_ws() noexcept {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }
  bool consume(char c) noexcept {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool consume_word(std::string_view w) noexcept {
    if (text_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  // At an opening quote: moves past the closing one; `out` gets the raw contents. Most of a
  // dispatch's bytes are string contents, so the closing quote is found with memchr: a quote is
  // escaped when an odd run of backslashes precedes it.
  bool string(std::string_view& out) noexcept {
    if (!consume('"')) return false;
    const std::size_t begin = pos_;
    std::size_t from = begin;
    for (;;) {
      const void* found = std::memchr(text_.data() + from, '"', text_.size() - from);
      if (!found) {
        pos_ = text_.size();
        return false;
      }
      const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
      std::size_t backslashes = 0;
      while (quote - backslashes > begin && text_[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) {
        out = text_.substr(begin, quote - begin);
        pos_ = quote + 1;
        return true;
      }
      from = quote + 1;
    }
  }

  // One value of any type; containers are walked with a depth counter, never recursion, so a
  // deeply nested `d` costs no stack.
  bool skip_value() noexcept {
    const char c = peek();
    if (c == '"') {
      std::string_view ignored;
      return string(ignored);
    }
    if (c == '{' || c == '[') {
      std::size_t depth = 0;
      while (!at_end()) {
        const char k = text_[pos_];
        if (k == '"') {
          std::string_view ignored;
          if (!string(ignored)) return false;
          continue;
        }
        ++pos_;
        if (k == '{' || k == '[') {
          ++depth;
        } else if ((k == '}' || k == ']') && --depth == 0) {
          return true;
        }
      }
      return false;
    }
    const std::size_t begin = pos_;
    while (!at_end()) {
      const char k = text_[pos_];
      if (k == ',' || k == '}' || k == ']' || k == ' ' || k == '\t' || k == '\n' || k == '\r') break;
      ++pos_;
    }
    return pos_ > begin;
  }

  // An optionally signed integer; false without digits, on overflow, or when a fraction or
  // exponent follows (not an integer, let the full parser judge it).
  bool integer(std::int64_t& out) noexcept {
    const bool negative = consume('-');
    std::uint64_t v = 0;
    const std::size_t begin = pos_;
    while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(text_[pos_] - '0');
      if (v > (UINT64_C(0x7fffffffffffffff) - digit) / 10) return false;
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == begin) return false;
    const char next = peek();
    if (next == '.' || next == 'e' || next == 'E') return false;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

} // namespace

result<json_envelope> scan_json_envelope(std::string_view json) noexcept {
  json_envelope f;
  cursor c(json);
  c.skip_ws();
  if (!c.consume('{')) return client_errc::bad_payload;
  c.skip_ws();
  if (!c.consume('}')) {
    for (;;) {
      c.skip_ws();
      std::string_view key;
      if (!c.string(key)) return client_errc::bad_payload;
      c.skip_ws();
      if (!c.consume(':')) return client_errc::bad_payload;
      c.skip_ws();
      const std::size_t begin = c.pos();
      const bool is_null = c.consume_word("null");
      if (key == "op" || key == "s") {
        if (!is_null) {
          std::int64_t v = 0;
          if (!c.integer(v)) return client_errc::bad_payload;
          if (key == "op") {
            f.op = v;
          } else if (v < 0) {
            return client_errc::bad_payload;
          } else {
            f.s = static_cast<std::uint64_t>(v);
          }
        }
      } else if (key == "t" && c.peek() == '"') {
        std::string_view t;
        if (!c.string(t)) return client_errc::bad_payload;
        f.t = t;
      } else if (!is_null && !c.skip_value()) {
        return client_errc::bad_payload;
      }
      if (key == "d") f.d = c.slice(begin);
      c.skip_ws();
      if (c.consume(',')) continue;
      if (c.consume('}')) break;
      return client_errc::bad_payload;
    }
  }
  c.skip_ws();
  if (!c.at_end()) return client_errc::bad_payload;
  return f;
}

} // namespace parley::client
