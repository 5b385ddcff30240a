// The message operations of message_store (store/message_store.hpp "messages") as SQL on one
// connection: create with nonce de-duplication, read one, history pages, edits and deletes.
#pragma once

#include <optional>
#include <vector>

#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<create_message_outcome> create_message(connection& db, const model::message& m, snowflake viewer,
                                              std::optional<std::int64_t> dedupe_since_ms);
result<std::optional<message_record>> message(connection& db, snowflake channel_id, snowflake message_id,
                                              snowflake viewer);
// A page is one range scan of messages_by_channel (at most two for `around`).
result<std::vector<message_record>> messages(connection& db, snowflake channel_id, const history_query& q,
                                             snowflake viewer);
result<std::optional<snowflake>> last_message_by(connection& db, snowflake channel_id, snowflake author_id);
result<std::vector<model::attachment>> update_message(connection& db, const model::message& m);
result<deleted_message> delete_message(connection& db, snowflake channel_id, snowflake message_id);
result<std::vector<deleted_message>> delete_messages(connection& db, snowflake channel_id,
                                                     const std::vector<snowflake>& ids);
result<std::vector<deleted_message>> delete_messages_of_user(connection& db, snowflake guild_id, snowflake user_id,
                                                             snowflake since_id);

} // namespace parley::store::sqlite
