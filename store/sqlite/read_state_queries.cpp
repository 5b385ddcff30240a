// SQL for read states (schema migration 3: read_states, message_mentions); see read_state_queries.hpp.
#include "store/sqlite/read_state_queries.hpp"

#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// The state's columns and its mention count; ?1 is the user. message_mentions_by_user
// (user_id, channel_id, message_id) answers the count with one range scan per channel.
constexpr const char* state_select =
    "SELECT r.channel_id, r.last_message_id, c.last_pin_ms, "
    "(SELECT COUNT(*) FROM message_mentions mm WHERE mm.user_id = r.user_id AND mm.channel_id = r.channel_id "
    "AND mm.message_id > r.last_message_id) "
    "FROM read_states r JOIN channels c ON c.id = r.channel_id WHERE r.user_id = ?1 ";

model::read_state read_state_row(const statement& s) {
  model::read_state st;
  st.channel_id = s.column_uint64(0);
  st.last_message_id = s.column_uint64(1);
  st.last_pin_ms = column_optional_int64(s, 2);
  st.mention_count = static_cast<int>(s.column_int64(3));
  return st;
}

} // namespace

result<model::read_state> ack(connection& db, snowflake user_id, snowflake channel_id, snowflake message_id) {
  if (auto r = row_exists(db, "SELECT 1 FROM channels WHERE id = ?1", channel_id); !r) {
    return r.error();
  } else if (!*r) {
    return store_errc::not_found;
  }
  if (auto r = require_user(db, user_id); !r) {
    return r.error();
  }
  {
    // Snowflakes below 2^63 compare the same signed or not, so max() keeps the newer one.
    auto s = db.cached(
        "INSERT INTO read_states (user_id, channel_id, last_message_id) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (user_id, channel_id) DO UPDATE SET last_message_id = "
        "max(last_message_id, excluded.last_message_id)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, user_id).bind(2, channel_id).bind(3, message_id);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  static const std::string sql = std::string(state_select) + "AND r.channel_id = ?2";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, user_id).bind(2, channel_id);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return store_errc::not_found;
  }
  return read_state_row(**s);
}

result<std::vector<model::read_state>> read_states_of(connection& db, snowflake user_id) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  static const std::string sql = std::string(state_select) +
      "AND (EXISTS (SELECT 1 FROM members m WHERE m.guild_id = c.guild_id AND m.user_id = ?1) "
      "OR EXISTS (SELECT 1 FROM channel_recipients cr WHERE cr.channel_id = c.id AND cr.user_id = ?1)) "
      "ORDER BY r.channel_id";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, user_id);
  std::vector<model::read_state> out;
  if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_state_row(row)); }); !r) {
    return r.error();
  }
  return out;
}

} // namespace parley::store::sqlite
