// Top-level field scanner for JSON gateway payloads (gateway.md §1.3).
#include "bench/gateway_load/payload_scan.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <cstring>

namespace parley::bench::gateway_load {
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

  // At an opening quote: moves past the closing one; returns the raw contents (escapes kept).
  bool string(std::string_view& out) noexcept {
    if (!consume('"')) return false;
    const std::size_t begin = pos_;
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == '"') {
        out = text_.substr(begin, pos_ - begin);
        ++pos_;
        return true;
      }
      pos_ += c == '\\' ? 2 : 1;
    }
    return false;
  }

  // Skips one value of any type. Containers are walked with a depth counter, not recursion.
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
        if (k == '{' || k == '[') ++depth;
        else if ((k == '}' || k == ']') && --depth == 0) return true;
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

  // An optionally signed integer; false if there are no digits or it overflows.
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
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

} // namespace

result<payload_fields> scan_payload(std::string_view json) noexcept {
  payload_fields f;
  cursor c(json);
  c.skip_ws();
  if (!c.consume('{')) return errc::payload_not_object;
  c.skip_ws();
  if (c.consume('}')) {
    c.skip_ws();
    if (!c.at_end()) return errc::payload_malformed;
    return f;
  }
  for (;;) {
    c.skip_ws();
    std::string_view key;
    if (!c.string(key)) return errc::payload_malformed;
    c.skip_ws();
    if (!c.consume(':')) return errc::payload_malformed;
    c.skip_ws();
    const bool is_null = c.consume_word("null");
    if (key == "op" || key == "s") {
      if (!is_null) {
        std::int64_t v = 0;
        if (!c.integer(v)) return errc::payload_bad_field;
        if (key == "op") f.op = v;
        else if (v < 0) return errc::payload_bad_field;
        else f.s = static_cast<std::uint64_t>(v);
      }
    } else if (key == "t") {
      if (!is_null && !c.string(f.t)) return errc::payload_bad_field;
    } else if (!is_null) {
      const std::size_t begin = c.pos();
      if (!c.skip_value()) return errc::payload_malformed;
      if (key == "d") f.d = c.slice(begin);
    } else if (key == "d") {
      f.d = "null";
    }
    c.skip_ws();
    if (c.consume(',')) continue;
    if (c.consume('}')) break;
    return errc::payload_malformed;
  }
  c.skip_ws();
  if (!c.at_end()) return errc::payload_malformed;
  return f;
}

std::optional<std::uint64_t> find_uint_field(std::string_view json, std::string_view key) noexcept {
  std::size_t from = 0;
  while (from < json.size()) {
    const std::size_t at = json.find(key, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + key.size();
    if (at == 0 || json[at - 1] != '"' || from >= json.size() || json[from] != '"') continue;
    cursor c(json.substr(from + 1));
    c.skip_ws();
    if (!c.consume(':')) continue;
    c.skip_ws();
    std::int64_t v = 0;
    if (c.integer(v) && v >= 0) return static_cast<std::uint64_t>(v);
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace parley::bench::gateway_load
