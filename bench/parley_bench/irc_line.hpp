// IRC client-side parsing for parley-bench's IRC mode (RFC 1459 §2.3.1, RFC 2812 §2.3.1, IRCv3
// message tags): a splitter that turns the byte stream into lines ending in LF (CR optional) with
// a length bound, and a parser of one line into prefix, command and parameters, as views.
#pragma once

#include "bench/gateway_load/load_error.hpp"
#include "proto/base/result.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace parley::bench::irc {

struct irc_message {
  std::string_view prefix;  // without ':'; empty if none
  std::string_view command; // "PRIVMSG", "001", ...
  std::array<std::string_view, 15> params{};
  std::size_t param_count = 0;
  // The last parameter (the trailing one when it was written with ':'), or empty.
  std::string_view last() const noexcept { return param_count ? params[param_count - 1] : std::string_view{}; }
};

// Errors: irc_malformed when there is no command. Tags ("@a=b ") are skipped.
result<irc_message> parse_irc_line(std::string_view line) noexcept;

// Splits a byte stream into lines. Lines that arrive whole in one feed() are handed over as views
// of the caller's bytes (no copy); only a line cut by a read boundary is buffered.
class irc_line_splitter {
 public:
  // IRCv3 allows 8191 bytes of tags plus 512 of message.
  explicit irc_line_splitter(std::size_t max_line = 8191 + 512) : max_line_(max_line) {}

  // Calls on_line(std::string_view) for each complete, non-empty line (without CR LF). After an
  // error (irc_line_too_long) every call fails the same way.
  template <class OnLine>
  result<void> feed(std::string_view bytes, OnLine&& on_line);

  bool failed() const noexcept { return failed_; }
  std::size_t buffered() const noexcept { return partial_.size(); }

 private:
  static std::string_view strip_cr(std::string_view line) noexcept {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  std::size_t max_line_;
  std::string partial_;
  bool failed_ = false;
};

template <class OnLine>
result<void> irc_line_splitter::feed(std::string_view bytes, OnLine&& on_line) {
  using gateway_load::errc;
  if (failed_) return errc::irc_line_too_long;
  if (!partial_.empty()) {
    const std::size_t end = bytes.find('\n');
    const std::size_t take = end == std::string_view::npos ? bytes.size() : end;
    if (partial_.size() + take > max_line_ + 1) { // + 1: the CR
      failed_ = true;
      return errc::irc_line_too_long;
    }
    partial_.append(bytes.substr(0, take));
    if (end == std::string_view::npos) return {};
    bytes.remove_prefix(end + 1);
    const std::string_view line = strip_cr(partial_);
    if (line.size() > max_line_) { // the extra byte was no CR
      failed_ = true;
      return errc::irc_line_too_long;
    }
    if (!line.empty()) on_line(line);
    partial_.clear();
  }
  for (;;) {
    const std::size_t end = bytes.find('\n');
    if (end == std::string_view::npos) break;
    const std::string_view line = strip_cr(bytes.substr(0, end));
    if (line.size() > max_line_) {
      failed_ = true;
      return errc::irc_line_too_long;
    }
    if (!line.empty()) on_line(line);
    bytes.remove_prefix(end + 1);
  }
  if (bytes.size() > max_line_ + 1) {
    failed_ = true;
    return errc::irc_line_too_long;
  }
  partial_.assign(bytes);
  return {};
}

} // namespace parley::bench::irc
