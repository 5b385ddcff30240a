// Messages for the rate limiter's error category.
#include "server/ratelimit/error.hpp"

#include <string>

namespace parley::server::ratelimit {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.ratelimit"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::invalid_limit: return "rate limit must allow at least one request";
      case errc::invalid_window: return "rate limit window must be positive";
      case errc::invalid_route: return "route key must be \"METHOD /path\"";
      case errc::duplicate_route: return "route listed twice in the rate limit table";
      case errc::invalid_shards: return "shard count must be a power of two no larger than max_buckets";
      case errc::too_many_windows: return "more than 255 distinct rate limit windows";
    }
    return "unknown rate limit error";
  }
};

} // namespace

const boost::system::error_category& ratelimit_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::server::ratelimit
