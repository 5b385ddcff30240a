// Retry decisions for failed REST requests; see the header.
#include "client/rest/retry_policy.hpp"

#include <algorithm>

namespace parley::client::rest {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

std::optional<std::chrono::milliseconds> retry_delay(const retry_policy& policy, std::string_view method,
                                                     failure_kind kind, int attempts_made, double jitter) {
  if (attempts_made >= policy.max_attempts) return std::nullopt;
  if (kind != failure_kind::not_sent && !is_idempotent(method)) return std::nullopt;
  jitter = std::clamp(jitter, 0.0, 1.0);
  auto step = policy.base_delay;
  for (int i = 1; i < attempts_made && step < policy.max_delay; ++i) step *= 2;
  step = std::min(step, policy.max_delay);
  const auto half = step / 2;
  return half + std::chrono::milliseconds{static_cast<std::int64_t>(static_cast<double>((step - half).count()) * jitter)};
}

} // namespace parley::client::rest
