// Static file preparation and the conditional/encoding header checks; see static_asset.hpp.
#include "server/site/static_asset.hpp"

#include <cstdint>

#include <zlib.h>

#include "server/site/content_type.hpp"

namespace parley::server::site {

namespace {

// FNV-1a 64 twice with different offsets: a cache validator, not a security boundary.
std::string content_tag(std::string_view bytes, char variant) {
  std::uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : bytes) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ c) * 0x100000001b3ull;
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (auto v : {a, b})
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(hex[(v >> shift) & 0xf]);
  if (variant) {
    out.push_back('-');
    out.push_back(variant);
  }
  out.push_back('"');
  return out;
}

std::string gzip(std::string_view in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

} // namespace

static_asset make_static_asset(std::string_view path, std::string body) {
  static_asset a;
  a.content_type = content_type_for(path);
  a.etag = content_tag(body, 0);
  if (is_compressible(a.content_type) && body.size() > 256) {
    auto z = gzip(body);
    if (!z.empty() && z.size() < body.size()) {
      a.gzip_body = std::move(z);
      a.gzip_etag = content_tag(body, 'z');
    }
  }
  a.body = std::move(body);
  return a;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    auto item = trim(if_none_match.substr(0, comma));
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

bool accepts_gzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    auto item = trim(accept_encoding.substr(0, comma));
    const auto semi = item.find(';');
    const auto coding = trim(item.substr(0, semi));
    if (coding.size() == 4 && (coding[0] | 0x20) == 'g' && (coding[1] | 0x20) == 'z' && (coding[2] | 0x20) == 'i' &&
        (coding[3] | 0x20) == 'p') {
      if (semi == std::string_view::npos) return true;
      auto params = trim(item.substr(semi + 1));
      // "q=0", "q=0.0", "q=0.000" refuse; anything else accepts.
      if (params.starts_with("q=") || params.starts_with("Q=")) {
        params.remove_prefix(2);
        return params.find_first_not_of("0.") != std::string_view::npos;
      }
      return true;
    }
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  return false;
}

} // namespace parley::server::site
