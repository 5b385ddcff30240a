// sqlite_store's message methods (store/message_store.hpp "messages"): each routes one query
// function of message_queries.hpp to the reader pool or to the group-commit writer.
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/message_queries.hpp"

namespace parley::store {

using sqlite::connection;

result<create_message_outcome> sqlite_store::create_message(const model::message& m, snowflake viewer,
                                                            std::optional<std::int64_t> dedupe_since_ms) {
  return write_value([&](connection& db) { return sqlite::create_message(db, m, viewer, dedupe_since_ms); });
}

result<std::optional<message_record>> sqlite_store::message(snowflake channel_id, snowflake message_id,
                                                            snowflake viewer) {
  return read([&](connection& db) { return sqlite::message(db, channel_id, message_id, viewer); });
}

result<std::vector<message_record>> sqlite_store::messages(snowflake channel_id, const history_query& q,
                                                           snowflake viewer) {
  return read([&](connection& db) { return sqlite::messages(db, channel_id, q, viewer); });
}

result<std::optional<snowflake>> sqlite_store::last_message_by(snowflake channel_id, snowflake author_id) {
  return read([&](connection& db) { return sqlite::last_message_by(db, channel_id, author_id); });
}

result<std::vector<model::attachment>> sqlite_store::update_message(const model::message& m) {
  return write_value([&](connection& db) { return sqlite::update_message(db, m); });
}

result<deleted_message> sqlite_store::delete_message(snowflake channel_id, snowflake message_id) {
  return write_value([&](connection& db) { return sqlite::delete_message(db, channel_id, message_id); });
}

result<std::vector<deleted_message>> sqlite_store::delete_messages(snowflake channel_id,
                                                                   const std::vector<snowflake>& ids) {
  return write_value([&](connection& db) { return sqlite::delete_messages(db, channel_id, ids); });
}

result<std::vector<deleted_message>> sqlite_store::delete_messages_of_user(snowflake guild_id, snowflake user_id,
                                                                           snowflake since_id) {
  return write_value([&](connection& db) { return sqlite::delete_messages_of_user(db, guild_id, user_id, since_id); });
}

} // namespace parley::store
