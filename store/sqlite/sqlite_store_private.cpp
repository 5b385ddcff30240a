// sqlite_store's private channel and read state methods (store/message_store.hpp): each routes one
// query function (private_channel_queries.hpp, read_state_queries.hpp) to the reader pool or to
// the group-commit writer, like sqlite_store_guilds.cpp.
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/private_channel_queries.hpp"
#include "store/sqlite/read_state_queries.hpp"

namespace parley::store {

using sqlite::connection;

result<message_store::dm_outcome> sqlite_store::open_dm(const model::channel& c, snowflake a, snowflake b) {
  return write_value([&](connection& db) { return sqlite::open_dm(db, c, a, b); });
}

result<private_channel_record> sqlite_store::create_group_dm(const model::channel& c) {
  return write_value([&](connection& db) { return sqlite::create_group_dm(db, c); });
}

result<std::optional<private_channel_record>> sqlite_store::private_channel(snowflake channel_id) {
  return read([&](connection& db) { return sqlite::private_channel(db, channel_id); });
}

result<std::vector<private_channel_record>> sqlite_store::private_channels_of(snowflake user_id) {
  return read([&](connection& db) { return sqlite::private_channels_of(db, user_id); });
}

result<void> sqlite_store::update_private_channel(const model::channel& c) {
  return write([&](connection& db) { return sqlite::update_private_channel(db, c); });
}

result<bool> sqlite_store::add_recipient(snowflake channel_id, snowflake user_id) {
  return write_value([&](connection& db) { return sqlite::add_recipient(db, channel_id, user_id); });
}

result<bool> sqlite_store::remove_recipient(snowflake channel_id, snowflake user_id) {
  return write_value([&](connection& db) { return sqlite::remove_recipient(db, channel_id, user_id); });
}

result<model::read_state> sqlite_store::ack(snowflake user_id, snowflake channel_id, snowflake message_id) {
  return write_value([&](connection& db) { return sqlite::ack(db, user_id, channel_id, message_id); });
}

result<std::vector<model::read_state>> sqlite_store::read_states_of(snowflake user_id) {
  return read([&](connection& db) { return sqlite::read_states_of(db, user_id); });
}

} // namespace parley::store
