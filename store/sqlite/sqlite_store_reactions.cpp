// sqlite_store's reaction and pin methods (store/message_store.hpp): each routes one query function
// (reaction_queries.hpp, pin_queries.hpp) to the reader pool or to the group-commit writer.
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/pin_queries.hpp"
#include "store/sqlite/reaction_queries.hpp"

namespace parley::store {

using sqlite::connection;

result<reaction_change> sqlite_store::add_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                                   const model::emoji_ref& emoji, int type, std::int64_t now_ms) {
  return write_value([&](connection& db) {
    return sqlite::add_reaction(db, channel_id, message_id, user_id, emoji, type, now_ms);
  });
}

result<reaction_change> sqlite_store::remove_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                                      std::string_view emoji_key, int type) {
  return write_value([&](connection& db) {
    return sqlite::remove_reaction(db, channel_id, message_id, user_id, emoji_key, type);
  });
}

result<std::vector<model::user>> sqlite_store::reaction_users(snowflake channel_id, snowflake message_id,
                                                              std::string_view emoji_key,
                                                              const reaction_users_query& q) {
  return read([&](connection& db) { return sqlite::reaction_users(db, channel_id, message_id, emoji_key, q); });
}

result<std::size_t> sqlite_store::remove_all_reactions(snowflake channel_id, snowflake message_id) {
  return write_value([&](connection& db) { return sqlite::remove_all_reactions(db, channel_id, message_id); });
}

result<std::optional<model::emoji_ref>> sqlite_store::remove_emoji_reactions(snowflake channel_id,
                                                                             snowflake message_id,
                                                                             std::string_view emoji_key) {
  return write_value([&](connection& db) {
    return sqlite::remove_emoji_reactions(db, channel_id, message_id, emoji_key);
  });
}

result<bool> sqlite_store::pin_message(snowflake channel_id, snowflake message_id, std::int64_t now_ms,
                                       std::size_t max_pins) {
  return write_value([&](connection& db) { return sqlite::pin_message(db, channel_id, message_id, now_ms, max_pins); });
}

result<bool> sqlite_store::unpin_message(snowflake channel_id, snowflake message_id) {
  return write_value([&](connection& db) { return sqlite::unpin_message(db, channel_id, message_id); });
}

result<std::vector<pin_record>> sqlite_store::pins(snowflake channel_id, std::int64_t before_ms, std::size_t limit,
                                                   snowflake viewer) {
  return read([&](connection& db) { return sqlite::pins(db, channel_id, before_ms, limit, viewer); });
}

} // namespace parley::store
