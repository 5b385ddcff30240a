// Reading the parts of a REST call the community routes share (rest.md §2): the actor with its
// URL-encoded X-Audit-Log-Reason, and query parameters (snowflakes, bounded integers, booleans)
// with Discord-style field errors for bad values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/api_error.hpp"
#include "model/snowflake.hpp"
#include "server/rest/api_call.hpp"
#include "service/guild_access.hpp"

namespace parley::server::rest {

// Discord's cap on an audit log reason.
inline constexpr std::size_t max_audit_reason_length = 512;

// The caller plus the decoded reason (cut to 512 code points; an empty header means none).
service::actor actor_of(const api_call& call);

// Collects query errors the way service::form collects body errors.
class query_reader {
 public:
  explicit query_reader(const api_call& call) : call_(call) {}

  std::optional<model::snowflake> snowflake(std::string_view key);
  // `fallback` when absent; a field error when not an integer in [min, max].
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min, std::int64_t max);
  // true/True/1 and false/False/0.
  bool boolean(std::string_view key, bool fallback);
  std::optional<std::string> string(std::string_view key);

  bool ok() const { return !error_.has_field_errors(); }
  const model::api_error& error() const { return error_; }

 private:
  const api_call& call_;
  model::api_error error_ = model::api_error::invalid_form_body();
};

} // namespace parley::server::rest
