// The user account (rest.md §6.1) and its JSON shapes: the public user object, and the current
// user object with email/verified/mfa for the account's own token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "model/snowflake.hpp"

namespace parley::model {

struct user {
  snowflake id = 0;
  std::string username;             // the handle; lowercase for people, free-form for bots
  std::string discriminator = "0";  // "0" for people; four digits for bots
  std::optional<std::string> global_name;
  std::optional<std::string> avatar;
  std::optional<std::string> email;
  std::string password_hash;        // argon2id string; empty for bots
  bool bot = false;
  std::uint64_t flags = 0;
  std::int64_t created_ms = 0;

  // The key that must be unique across accounts: lowercase username plus discriminator.
  std::string name_key() const;
};

boost::json::object to_public_json(const user& u);
// For GET /users/@me: adds email, verified, mfa_enabled, locale, flags, premium_type.
boost::json::object to_self_json(const user& u);

} // namespace parley::model
