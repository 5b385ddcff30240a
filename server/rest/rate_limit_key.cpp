// Rate limiter keys from HTTP facts: the caller's address and the top-level resource id.
#include "server/rest/rate_limit_key.hpp"

#include <charconv>

namespace parley::server::rest {

ratelimit::caller_identity caller_of(const boost::asio::ip::address& peer) noexcept {
  if (peer.is_v4()) return ratelimit::caller_identity::ipv4(peer.to_v4().to_bytes());
  return ratelimit::caller_identity::ipv6(peer.to_v6().to_bytes());
}

std::uint64_t resource_id_of(std::string_view segment) noexcept {
  std::uint64_t id = 0;
  const auto* end = segment.data() + segment.size();
  const auto [ptr, ec] = std::from_chars(segment.data(), end, id);
  if (ec != std::errc{} || ptr != end || segment.empty()) return 0;
  return id;
}

} // namespace parley::server::rest
