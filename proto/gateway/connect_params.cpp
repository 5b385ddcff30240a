// Query-string parsing for the gateway upgrade (gateway.md §1.1).
#include "proto/gateway/connect_params.hpp"

#include "proto/gateway/close_code.hpp"

#include <string>

namespace parley::proto::gateway {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes into `out`, keeping at most 15 bytes: every key and value we recognise is
// shorter, a cut value can never equal one of them, and the string stays in its inline buffer.
void decode_component(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size() && out.size() < 15; ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
}

bool parse_version(std::string_view s, int& version) noexcept {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  version = v;
  return true;
}

} // namespace

result<connect_params> parse_connect_params(std::string_view target) noexcept {
  connect_params params;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    target.remove_prefix(q + 1);
  } else if (!target.empty() && target.front() == '/') {
    target = {};
  }
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);

  std::string key;
  std::string value;
  bool version_ok = true;
  bool encoding_ok = true;
  while (!target.empty()) {
    auto amp = target.find('&');
    std::string_view pair = target.substr(0, amp);
    target = amp == std::string_view::npos ? std::string_view{} : target.substr(amp + 1);
    auto eq = pair.find('=');
    decode_component(pair.substr(0, eq), key);
    decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), value);
    if (key == "v") {
      int v = 0;
      version_ok = parse_version(value, v) && (v == 9 || v == 10);
      params.version = v;
    } else if (key == "encoding") {
      encoding_ok = true;
      if (value.empty() || value == "json") {
        params.encoding = encoding::json;
      } else if (value == "etf") {
        params.encoding = encoding::etf;
      } else {
        encoding_ok = false;
      }
    } else if (key == "compress") {
      if (value == "zlib-stream") {
        params.compress = transport_compression::zlib_stream;
      } else if (value == "zstd-stream") {
        params.compress = transport_compression::zstd_stream;
      } else {
        params.compress = transport_compression::none;
      }
    }
  }
  if (!version_ok) return close_code::invalid_api_version;
  if (!encoding_ok) return close_code::decode_error;
  return params;
}

} // namespace parley::proto::gateway
