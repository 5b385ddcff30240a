// SQL for reactions (schema migration 3); see reaction_queries.hpp. Every statement is a range of
// the reactions primary key (message_id, emoji_key, type, user_id).
#include "store/sqlite/reaction_queries.hpp"

#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// The first reaction with this emoji on the message, if any (its stored id, name, animated).
result<std::optional<model::emoji_ref>> first_emoji(connection& db, snowflake message_id, std::string_view key) {
  auto s = db.cached("SELECT emoji_id, emoji_name, animated FROM reactions WHERE message_id = ?1 AND emoji_key = ?2 "
                     "LIMIT 1");
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, key);
  auto row = (*s)->step();
  if (!row) return row.error();
  std::optional<model::emoji_ref> out;
  if (*row) {
    out.emplace();
    out->id = column_optional_id(**s, 0);
    out->name = std::string((*s)->column_text(1));
    out->animated = (*s)->column_bool(2);
  }
  return out;
}

} // namespace

result<void> require_message_in_channel(connection& db, snowflake channel_id, snowflake message_id) {
  auto s = db.cached("SELECT 1 FROM messages WHERE id = ?1 AND channel_id = ?2");
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, channel_id);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return store_errc::not_found;
  return {};
}

result<reaction_change> add_reaction(connection& db, snowflake channel_id, snowflake message_id, snowflake user_id,
                                     const model::emoji_ref& emoji, int type, std::int64_t now_ms) {
  if (auto r = require_message_in_channel(db, channel_id, message_id); !r) return r.error();
  const std::string key = emoji.key();
  auto existing = first_emoji(db, message_id, key);
  if (!existing) return existing.error();
  reaction_change change;
  change.emoji_was_new = !existing->has_value();
  auto s = db.cached(
      "INSERT OR IGNORE INTO reactions (message_id, emoji_key, type, user_id, emoji_id, emoji_name, animated, "
      "created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) return s.error();
  statement& st = **s;
  st.bind(1, message_id).bind(2, std::string_view(key)).bind(3, static_cast<std::int64_t>(type)).bind(4, user_id);
  bind_optional(st, 5, emoji.id);
  // Custom emoji keep the name and animation of their first reaction, so every row of one key
  // describes the emoji the same way whatever name later clients typed.
  const model::emoji_ref& shown = *existing ? **existing : emoji;
  st.bind(6, std::string_view(shown.name)).bind(7, shown.animated).bind(8, now_ms);
  if (auto r = st.run(); !r) return r.error();
  change.changed = db.changes() > 0;
  return change;
}

result<reaction_change> remove_reaction(connection& db, snowflake channel_id, snowflake message_id,
                                        snowflake user_id, std::string_view emoji_key, int type) {
  if (auto r = require_message_in_channel(db, channel_id, message_id); !r) return r.error();
  auto s = db.cached("DELETE FROM reactions WHERE message_id = ?1 AND emoji_key = ?2 AND type = ?3 AND user_id = ?4");
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, emoji_key).bind(3, static_cast<std::int64_t>(type)).bind(4, user_id);
  if (auto r = (*s)->run(); !r) return r.error();
  reaction_change change;
  change.changed = db.changes() > 0;
  return change;
}

result<std::vector<model::user>> reaction_users(connection& db, snowflake channel_id, snowflake message_id,
                                                std::string_view emoji_key, const reaction_users_query& q) {
  std::vector<model::user> out;
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) return r.error();
  if (auto r = require_message_in_channel(db, channel_id, message_id); !r) return r.error();
  if (q.limit == 0 || id_past_end(q.after)) return out;
  static const std::string sql = std::string("SELECT ") + public_user_columns +
      " FROM reactions r JOIN users u ON u.id = r.user_id "
      "WHERE r.message_id = ?1 AND r.emoji_key = ?2 AND r.type = ?3 AND r.user_id > ?4 "
      "ORDER BY r.user_id LIMIT ?5";
  auto s = db.cached(sql);
  if (!s) return s.error();
  (*s)->bind(1, message_id)
      .bind(2, emoji_key)
      .bind(3, static_cast<std::int64_t>(q.type))
      .bind(4, q.after)
      .bind(5, sql_limit(q.limit));
  out.reserve(q.limit < 100 ? q.limit : 100);
  auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_public_user(row, 0)); });
  if (!r) return r.error();
  return out;
}

result<std::size_t> remove_all_reactions(connection& db, snowflake channel_id, snowflake message_id) {
  if (auto r = require_message_in_channel(db, channel_id, message_id); !r) return r.error();
  auto s = db.cached("DELETE FROM reactions WHERE message_id = ?1");
  if (!s) return s.error();
  (*s)->bind(1, message_id);
  if (auto r = (*s)->run(); !r) return r.error();
  return static_cast<std::size_t>(db.changes());
}

result<std::optional<model::emoji_ref>> remove_emoji_reactions(connection& db, snowflake channel_id,
                                                               snowflake message_id, std::string_view emoji_key) {
  if (auto r = require_message_in_channel(db, channel_id, message_id); !r) return r.error();
  auto emoji = first_emoji(db, message_id, emoji_key);
  if (!emoji) return emoji.error();
  if (!*emoji) return emoji;
  auto s = db.cached("DELETE FROM reactions WHERE message_id = ?1 AND emoji_key = ?2");
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, emoji_key);
  if (auto r = (*s)->run(); !r) return r.error();
  return emoji;
}

} // namespace parley::store::sqlite
