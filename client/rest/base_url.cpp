// Base URL parsing for the REST client (rest.md §1).
#include "client/rest/base_url.hpp"

#include <charconv>

#include <boost/url/parse.hpp>

#include "client/rest/rest_error.hpp"

namespace parley::client::rest {

result<base_url> parse_base_url(std::string_view text) {
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return make_error_code(errc::invalid_base_url);
  const auto& u = *parsed;
  base_url out;
  const auto scheme = u.scheme_id();
  if (scheme == boost::urls::scheme::https) out.tls = true;
  else if (scheme != boost::urls::scheme::http) return make_error_code(errc::invalid_base_url);
  if (u.host_type() == boost::urls::host_type::ipv6) out.host = u.host_address();
  else out.host = u.host();  // decoded name or IPv4 literal
  if (out.host.empty()) return make_error_code(errc::invalid_base_url);
  const std::uint16_t default_port = out.tls ? 443 : 80;
  out.port = default_port;
  if (u.has_port()) {
    const auto port = u.port();
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535)
      return make_error_code(errc::invalid_base_url);
    out.port = static_cast<std::uint16_t>(value);
  }
  out.host_header = u.encoded_host_and_port();
  if (out.port == default_port && u.has_port()) out.host_header = u.encoded_host();
  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.api_prefix = path.empty() ? "/api/v10" : path;
  return out;
}

} // namespace parley::client::rest
