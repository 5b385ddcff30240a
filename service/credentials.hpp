// Secrets of accounts: argon2id password hashes, and bearer tokens that are random secrets stored
// only as hashes (rest.md §2.1: bot tokens look like base64url(user id) "." base64url(time) "." random).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/snowflake.hpp"
#include "store/store.hpp"

namespace parley::service {

// Argon2id cost. `interactive` is the production default (libsodium's INTERACTIVE limits: 2 passes,
// 64 MiB); `minimal` exists for test servers that register thousands of accounts.
enum class password_cost { interactive, moderate, minimal };

class password_hasher {
 public:
  explicit password_hasher(password_cost cost = password_cost::interactive);
  // The encoded argon2id string (algorithm, parameters, salt and hash).
  std::string hash(std::string_view password) const;
  bool verify(std::string_view encoded, std::string_view password) const;
  // Spends the same effort as verify() for an account that does not exist, so that a login
  // attempt does not reveal through its timing whether the name exists.
  void burn(std::string_view password) const;

 private:
  // At most this many argon2id computations at once: each takes memlimit_ bytes (64 MiB at the
  // interactive cost), and the store pool has many threads so that commits can batch.
  class gate;
  unsigned long long opslimit_;
  std::size_t memlimit_;
  std::shared_ptr<gate> gate_;
  std::string dummy_;  // a hash to verify against in burn()
};

struct issued_token {
  std::string secret;        // given to the client once, never stored
  store::token_hash hash{};  // what the store keeps
};

issued_token issue_token(model::snowflake user_id, std::int64_t now_ms);
store::token_hash hash_token(std::string_view secret);
// The user id encoded in the first part of a token, if it has the three-part shape.
std::optional<model::snowflake> token_user_id(std::string_view secret);

// 32 random bytes as 64 lowercase hex digits (an application's verify_key).
std::string random_hex_key();
// A uniformly random integer in [low, high].
std::uint32_t random_between(std::uint32_t low, std::uint32_t high);

} // namespace parley::service
