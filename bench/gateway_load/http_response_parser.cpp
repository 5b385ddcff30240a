// HTTP/1.1 response parser (RFC 9112).
#include "bench/gateway_load/http_response_parser.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace parley::bench::gateway_load {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains_token(std::string_view list, std::string_view token) noexcept {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

} // namespace

http_response_parser::http_response_parser(http_response_limits limits, bool head_request)
    : limits_(limits), head_request_(head_request) {}

void http_response_parser::reset(bool head_request) {
  head_request_ = head_request;
  phase_ = phase::header;
  line_.clear();
  body_.clear();
  remaining_ = 0;
  status_ = 0;
  keep_alive_ = true;
  error_ = {};
}

result<std::size_t> http_response_parser::fail(error_code ec) {
  phase_ = phase::failed;
  error_ = ec;
  return ec;
}

result<void> http_response_parser::parse_header_block() {
  std::string_view block(line_);
  // Status line: HTTP/1.x SP 3DIGIT SP reason
  const std::size_t eol = block.find("\r\n");
  const std::string_view status_line = block.substr(0, eol);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ')
    return errc::http_malformed;
  const char minor = status_line[7];
  if (minor != '0' && minor != '1') return errc::http_malformed;
  const auto [ptr, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status_);
  if (ec != std::errc{} || ptr != status_line.data() + 12 || status_ < 100 || status_ > 999 ||
      (status_line.size() > 12 && status_line[12] != ' '))
    return errc::http_malformed;
  keep_alive_ = minor == '1';

  bool has_length = false;
  bool chunked = false;
  std::size_t length = 0;
  block.remove_prefix(eol + 2);
  while (!block.empty()) {
    const std::size_t end = block.find("\r\n");
    const std::string_view field = block.substr(0, end);
    block.remove_prefix(end + 2);
    if (field.empty()) break; // the final empty line
    const std::size_t colon = field.find(':');
    if (colon == 0 || colon == std::string_view::npos) return errc::http_malformed;
    const std::string_view name = field.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos) return errc::http_malformed;
    const std::string_view value = trim(field.substr(colon + 1));
    if (iequals(name, "content-length")) {
      std::size_t v = 0;
      const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
      if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || (has_length && v != length))
        return errc::http_malformed;
      has_length = true;
      length = v;
    } else if (iequals(name, "transfer-encoding")) {
      if (!icontains_token(value, "chunked")) return errc::http_malformed; // nothing else is used here
      chunked = true;
    } else if (iequals(name, "connection")) {
      if (icontains_token(value, "close")) keep_alive_ = false;
      else if (icontains_token(value, "keep-alive")) keep_alive_ = true;
    }
  }

  line_.clear();
  if (head_request_ || status_ == 204 || status_ == 304 || (status_ >= 100 && status_ < 200)) {
    phase_ = phase::done;
  } else if (chunked) {
    phase_ = phase::chunk_size; // RFC 9112 §6.3: chunked wins over Content-Length
  } else if (has_length) {
    if (length > limits_.max_body_size) return errc::http_body_too_large;
    body_.reserve(length);
    remaining_ = length;
    phase_ = length ? phase::body_length : phase::done;
  } else {
    keep_alive_ = false;
    phase_ = phase::body_eof;
  }
  return {};
}

result<std::size_t> http_response_parser::feed(std::string_view bytes) {
  if (phase_ == phase::failed) return error_;
  std::size_t used = 0;
  while (used < bytes.size() && phase_ != phase::done) {
    std::string_view rest = bytes.substr(used);
    switch (phase_) {
      case phase::header: {
        // Look for the end of the header block, also across the previous piece's tail.
        const std::size_t old = line_.size();
        const std::size_t take = std::min(rest.size(), limits_.max_header_size + 4 - std::min(old, limits_.max_header_size + 4));
        line_.append(rest.substr(0, take));
        const std::size_t search_from = old >= 3 ? old - 3 : 0;
        const std::size_t end = line_.find("\r\n\r\n", search_from);
        if (end == std::string::npos) {
          if (line_.size() > limits_.max_header_size) return fail(errc::http_header_too_large);
          used += take;
          break;
        }
        if (end + 4 > limits_.max_header_size) return fail(errc::http_header_too_large);
        used += end + 4 - old;
        line_.resize(end + 4);
        if (auto r = parse_header_block(); !r) return fail(r.error());
        break;
      }
      case phase::body_length: {
        const std::size_t n = std::min(rest.size(), remaining_);
        body_.append(rest.substr(0, n));
        remaining_ -= n;
        used += n;
        if (remaining_ == 0) phase_ = phase::done;
        break;
      }
      case phase::chunk_size:
      case phase::trailer: {
        const std::size_t nl = rest.find('\n');
        const std::size_t n = nl == std::string_view::npos ? rest.size() : nl + 1;
        line_.append(rest.substr(0, n));
        used += n;
        if (line_.size() > 4096) return fail(errc::http_header_too_large);
        if (nl == std::string_view::npos) break;
        if (line_.size() < 2 || line_[line_.size() - 2] != '\r') return fail(errc::http_malformed);
        std::string_view line(line_.data(), line_.size() - 2);
        if (phase_ == phase::trailer) {
          if (line.empty()) phase_ = phase::done; // trailer fields are ignored
          line_.clear();
          break;
        }
        line = line.substr(0, line.find(';')); // chunk extensions are ignored
        line = trim(line);
        std::size_t size = 0;
        const auto r = std::from_chars(line.data(), line.data() + line.size(), size, 16);
        if (line.empty() || r.ec != std::errc{} || r.ptr != line.data() + line.size()) return fail(errc::http_malformed);
        line_.clear();
        if (size > limits_.max_body_size - body_.size()) return fail(errc::http_body_too_large);
        remaining_ = size;
        phase_ = size ? phase::chunk_data : phase::trailer;
        break;
      }
      case phase::chunk_data: {
        const std::size_t n = std::min(rest.size(), remaining_);
        body_.append(rest.substr(0, n));
        remaining_ -= n;
        used += n;
        if (remaining_ == 0) {
          phase_ = phase::chunk_data_crlf;
          remaining_ = 2;
        }
        break;
      }
      case phase::chunk_data_crlf: {
        const char expected = remaining_ == 2 ? '\r' : '\n';
        if (rest.front() != expected) return fail(errc::http_malformed);
        ++used;
        if (--remaining_ == 0) phase_ = phase::chunk_size;
        break;
      }
      case phase::body_eof: {
        if (rest.size() > limits_.max_body_size - body_.size()) return fail(errc::http_body_too_large);
        body_.append(rest);
        used += rest.size();
        break;
      }
      case phase::done:
      case phase::failed:
        break;
    }
  }
  return used;
}

result<void> http_response_parser::feed_eof() {
  if (phase_ == phase::failed) return error_;
  if (phase_ == phase::body_eof) {
    phase_ = phase::done;
    return {};
  }
  if (phase_ == phase::done) return {};
  phase_ = phase::failed;
  error_ = errc::http_closed_early;
  return error_;
}

} // namespace parley::bench::gateway_load
