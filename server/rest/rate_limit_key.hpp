// How the REST front names a request to the rate limiter (rest.md §4.1, §4.3): the caller (the
// authenticated user, else the client address) and the route's top-level resource id.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "server/ratelimit/caller_identity.hpp"

namespace parley::server::rest {

// The caller for an unauthenticated request. IPv4-mapped IPv6 peers count as their IPv4 address.
ratelimit::caller_identity caller_of(const boost::asio::ip::address& peer) noexcept;

// The id in a top-level resource segment ({channel_id}, {guild_id}, {webhook_id}). 0 when the text
// is not a decimal id: such a request is answered 404 by its handler, and sharing one bucket
// keeps made-up ids from creating a bucket each.
std::uint64_t resource_id_of(std::string_view segment) noexcept;

} // namespace parley::server::rest
