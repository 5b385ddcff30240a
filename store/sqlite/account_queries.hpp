// The account_store operations (store/store.hpp) as SQL on one connection: users, tokens and
// applications of schema migration 1. Write functions expect to run inside the writer's
// per-job SAVEPOINT, which makes their several statements atomic; reads run on a reader.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "model/application.hpp"
#include "model/user.hpp"
#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace parley::store::sqlite {

result<void> insert_user(connection& db, const model::user& u, const token* initial_token);
result<std::optional<model::user>> user_by_id(connection& db, snowflake id);
result<std::optional<model::user>> user_by_login(connection& db, std::string_view login);
result<void> update_user(connection& db, const model::user& u);
result<std::vector<model::user>> list_users(connection& db, snowflake after, std::size_t limit);

result<void> insert_token(connection& db, const token& t);
result<std::optional<snowflake>> user_by_token(connection& db, const token_hash& hash);
result<void> delete_token(connection& db, const token_hash& hash);
result<void> replace_tokens(connection& db, snowflake user_id, const token& t);

result<void> insert_application(connection& db, const model::application& app, const model::user& bot,
                                const token& bot_token);
result<std::optional<model::application>> application_by_id(connection& db, snowflake id);
result<std::optional<model::application>> application_by_bot(connection& db, snowflake bot_user_id);
result<std::vector<model::application>> applications_by_owner(connection& db, snowflake owner_id);
// store_errc::not_found when the application does not exist (both).
result<void> update_application(connection& db, const model::application& app);
result<void> delete_application(connection& db, snowflake id);

} // namespace parley::store::sqlite
