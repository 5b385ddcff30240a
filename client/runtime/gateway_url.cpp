// Gateway URL parsing (gateway.md §1.1); see gateway_url.hpp.
#include "client/runtime/gateway_url.hpp"

#include <boost/system/errc.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

namespace parley::client {

result<gateway_url> parse_gateway_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return parsed.error();
  const auto& url = *parsed;
  const auto bad = make_error_code(boost::system::errc::invalid_argument);
  gateway_url out;
  const auto scheme = url.scheme();
  if (scheme == "wss" || scheme == "https") out.tls = true;
  else if (scheme != "ws" && scheme != "http") return bad;
  if (!url.has_authority() || url.encoded_host().empty()) return bad;
  out.host = url.host_address(); // IPv6 literals come without brackets
  const std::uint16_t default_port = out.tls ? 443 : 80;
  out.port = default_port;
  if (url.has_port()) {
    const auto text_port = url.port();
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text_port.data(), text_port.data() + text_port.size(), value);
    if (ec != std::errc{} || ptr != text_port.data() + text_port.size() || value == 0 || value > 65535) return bad;
    out.port = static_cast<std::uint16_t>(value);
  }
  const bool ipv6 = url.host_type() == boost::urls::host_type::ipv6;
  out.host_header = ipv6 ? "[" + out.host + "]" : out.host;
  if (out.port != default_port) out.host_header += ":" + std::to_string(out.port);
  out.path = url.encoded_path().empty() ? "/" : std::string(url.encoded_path());
  return out;
}

} // namespace parley::client
