// When the REST client retries a failed request (rest.md §3.1: 5xx and 502 "retry later"): with
// exponential backoff, only where repeating the request cannot do the work twice. GET, HEAD, PUT
// and DELETE are idempotent (RFC 9110 §9.2.2) and are retried after 5xx answers and connection
// errors; POST and PATCH are retried only when the connection failed before any byte was sent.
// 429s are not failures here: the rate limiter schedules those.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace parley::client::rest {

struct retry_policy {
  int max_attempts = 4;  // the first try included
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{8000};
  int max_rate_limited = 10;  // 429s in a row before the call gives up
};

enum class failure_kind {
  not_sent,         // no byte of the request left (resolve, connect or TLS handshake failed)
  connection_lost,  // the connection failed after the request was (partly) written
  server_error,     // a 5xx answer
};

bool is_idempotent(std::string_view method);

// The delay before attempt `attempts_made + 1`, or none when the call should fail now.
// `jitter` in [0, 1] spreads retries of many clients: the delay is between half and all of the
// exponential step.
std::optional<std::chrono::milliseconds> retry_delay(const retry_policy& policy, std::string_view method,
                                                     failure_kind kind, int attempts_made, double jitter);

} // namespace parley::client::rest
