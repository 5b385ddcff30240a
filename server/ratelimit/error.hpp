// Errors of the REST rate limiter's configuration as an error_code category (STYLE.md "Errors"):
// why a limiter_config was refused at startup.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::server::ratelimit {

enum class errc {
  invalid_limit = 1,   // a route or the global limit allows 0 requests
  invalid_window,      // a window that is not positive
  invalid_route,       // a route key that is not "METHOD /path"
  duplicate_route,     // the same route key twice in the table
  invalid_shards,      // shard_count is 0, not a power of two, or above max_buckets
  too_many_windows,    // more than 255 distinct window lengths
};

const boost::system::error_category& ratelimit_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), ratelimit_category()};
}

} // namespace parley::server::ratelimit

template <>
struct boost::system::is_error_code_enum<parley::server::ratelimit::errc> : std::true_type {};
