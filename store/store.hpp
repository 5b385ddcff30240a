// The storage interface, shaped by the use cases of service/ (not a generic ORM). Every call is
// synchronous and may block on disk: service code runs on the store threads (server/ posts the
// use case there and awaits it from a coroutine), never on a network thread.
//
// Adapters: store/sqlite (embedded default). A call that returns success has been committed
// durably: it survives kill -9 and power loss of the process (WAL, synchronous commit; the adapter
// may batch concurrent commits into one group commit).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "model/application.hpp"
#include "model/snowflake.hpp"
#include "model/user.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/message_store.hpp"
#include "store/store_error.hpp"

namespace parley::store {

using model::snowflake;

// A token is a random secret; only its hash is stored.
using token_hash = std::array<std::uint8_t, 32>;

struct token {
  token_hash hash{};
  snowflake user_id = 0;
  std::int64_t created_ms = 0;
};

// Accounts, their login tokens, and bot applications.
class account_store {
 public:
  virtual ~account_store() = default;

  // store_errc::conflict when the user's name_key() or email (case-insensitive) is taken.
  // The optional token is written in the same transaction (registration logs the user in).
  virtual result<void> insert_user(const model::user& u, const token* initial_token) = 0;
  virtual result<std::optional<model::user>> user_by_id(snowflake id) = 0;
  // login is matched against name_key (as "lowercase#0", people only) and against email,
  // case-insensitively.
  virtual result<std::optional<model::user>> user_by_login(std::string_view login) = 0;
  // Replaces every column but id; store_errc::conflict on a taken name or email,
  // store_errc::not_found when the user does not exist.
  virtual result<void> update_user(const model::user& u) = 0;
  // Ordered by id, ids greater than `after`, at most `limit`.
  virtual result<std::vector<model::user>> list_users(snowflake after, std::size_t limit) = 0;

  virtual result<void> insert_token(const token& t) = 0;
  virtual result<std::optional<snowflake>> user_by_token(const token_hash& hash) = 0;
  // Success even when the token did not exist (logout is idempotent).
  virtual result<void> delete_token(const token_hash& hash) = 0;
  // Removes every token of the user and inserts t, atomically (bot token reset).
  virtual result<void> replace_tokens(snowflake user_id, const token& t) = 0;

  // Inserts the bot user, its first token and the application in one transaction;
  // store_errc::conflict as insert_user.
  virtual result<void> insert_application(const model::application& app, const model::user& bot,
                                          const token& bot_token) = 0;
  virtual result<std::optional<model::application>> application_by_id(snowflake id) = 0;
  virtual result<std::optional<model::application>> application_by_bot(snowflake bot_user_id) = 0;
  virtual result<std::vector<model::application>> applications_by_owner(snowflake owner_id) = 0;
  virtual result<void> update_application(const model::application& app) = 0;
  // Removes the application, its bot user and the bot's tokens.
  virtual result<void> delete_application(snowflake id) = 0;
};

// The whole store. Grows one interface per use-case area (guilds, messages, ...).
class store : public account_store, public guild_store, public message_store {
 public:
  // Writes a consistent copy of the live store to `destination` while it keeps serving.
  virtual result<void> backup(const std::filesystem::path& destination) = 0;
  // Commits anything pending and releases the files; later calls fail with store_errc::closed.
  virtual void close() = 0;
};

} // namespace parley::store
