// SQL for messages and history (schema migration 3); see message_queries.hpp. Messages are keyed
// by their snowflake, so every history page is a range of messages_by_channel(channel_id, id).
#include "store/sqlite/message_queries.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "store/sqlite/guild_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

const std::string& select_messages() {
  static const std::string sql = std::string("SELECT ") + message_columns + " FROM messages m ";
  return sql;
}

// Reads rows of a cached message SELECT into out.
result<void> read_rows(statement& s, std::vector<model::message>& out) {
  return for_each_row(s, [&](const statement& row) { out.push_back(read_message(row, 0)); });
}

result<std::optional<model::message>> message_row(connection& db, snowflake channel_id, snowflake message_id) {
  static const std::string sql = select_messages() + "WHERE m.id = ?1 AND m.channel_id = ?2";
  auto s = db.cached(sql);
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, channel_id);
  std::vector<model::message> found;
  if (auto r = read_rows(**s, found); !r) return r.error();
  if (found.empty()) return std::optional<model::message>();
  return std::optional<model::message>(std::move(found.front()));
}

result<void> delete_row(connection& db, snowflake message_id) {
  // Attachments, mentions and reactions cascade; the FTS row goes with the trigger.
  auto s = db.cached("DELETE FROM messages WHERE id = ?1");
  if (!s) return s.error();
  (*s)->bind(1, message_id);
  return (*s)->run();
}

// Deletes the given (existing) messages, attachments loaded first so the caller can remove files.
result<std::vector<deleted_message>> delete_loaded(connection& db, std::vector<model::message> found) {
  if (auto r = load_attachments(db, found); !r) return r.error();
  std::vector<deleted_message> out;
  out.reserve(found.size());
  for (auto& m : found) {
    if (auto r = delete_row(db, m.id); !r) return r.error();
    out.push_back(deleted_message{std::move(m)});
  }
  return out;
}

} // namespace

result<create_message_outcome> create_message(connection& db, const model::message& m, snowflake viewer,
                                              std::optional<std::int64_t> dedupe_since_ms) {
  auto exists = row_exists(db, "SELECT 1 FROM channels WHERE id = ?1", m.channel_id);
  if (!exists) return exists.error();
  if (!*exists) return store_errc::not_found;

  if (dedupe_since_ms && m.nonce_json) {
    std::optional<snowflake> earlier;
    {
      auto s = db.cached(
          "SELECT id FROM messages WHERE channel_id = ?1 AND author_id = ?2 AND nonce = ?3 AND id >= ?4 "
          "ORDER BY id DESC LIMIT 1");
      if (!s) return s.error();
      (*s)->bind(1, m.channel_id)
          .bind(2, m.author_id)
          .bind(3, std::string_view(*m.nonce_json))
          .bind(4, model::snowflake_at(static_cast<std::uint64_t>(std::max<std::int64_t>(*dedupe_since_ms, 0))));
      auto row = (*s)->step();
      if (!row) return row.error();
      if (*row) earlier = (*s)->column_uint64(0);
    }
    if (earlier) {
      auto found = message_row(db, m.channel_id, *earlier);
      if (!found) return found.error();
      if (*found) {
        std::vector<model::message> one;
        one.push_back(std::move(**found));
        auto records = complete_records(db, std::move(one), viewer);
        if (!records) return records.error();
        return create_message_outcome{false, std::move(records->front())};
      }
    }
  }

  if (auto r = insert_message(db, m); !r) return r.error();
  {
    auto s = db.cached(
        "UPDATE channels SET last_message_id = ?2 WHERE id = ?1 AND (last_message_id IS NULL OR last_message_id < ?2)");
    if (!s) return s.error();
    (*s)->bind(1, m.channel_id).bind(2, m.id);
    if (auto r = (*s)->run(); !r) return r.error();
  }
  std::vector<model::message> one{m};
  auto records = complete_records(db, std::move(one), viewer, true);
  if (!records) return records.error();
  return create_message_outcome{true, std::move(records->front())};
}

result<std::optional<message_record>> message(connection& db, snowflake channel_id, snowflake message_id,
                                              snowflake viewer) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) return r.error();
  auto found = message_row(db, channel_id, message_id);
  if (!found) return found.error();
  if (!*found) return std::optional<message_record>();
  std::vector<model::message> one;
  one.push_back(std::move(**found));
  auto records = complete_records(db, std::move(one), viewer);
  if (!records) return records.error();
  return std::optional<message_record>(std::move(records->front()));
}

result<std::vector<message_record>> messages(connection& db, snowflake channel_id, const history_query& q,
                                             snowflake viewer) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) return r.error();
  std::vector<model::message> page;
  if (q.limit == 0) return std::vector<message_record>();
  const auto limit = sql_limit(q.limit);
  page.reserve(q.limit);
  if (q.after) {
    // The oldest `limit` messages after the anchor, shown newest first.
    if (id_past_end(q.after)) return std::vector<message_record>();
    static const std::string sql = select_messages() + "WHERE m.channel_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3";
    auto s = db.cached(sql);
    if (!s) return s.error();
    (*s)->bind(1, channel_id).bind(2, q.after).bind(3, limit);
    if (auto r = read_rows(**s, page); !r) return r.error();
    std::reverse(page.begin(), page.end());
  } else if (q.around) {
    if (id_past_end(q.around)) return std::vector<message_record>();
    // Newer side (the anchor included) then older side: limit - limit/2 and limit/2 rows.
    const std::int64_t older = limit / 2;
    const std::int64_t newer = limit - older;
    {
      static const std::string sql =
          select_messages() + "WHERE m.channel_id = ?1 AND m.id >= ?2 ORDER BY m.id LIMIT ?3";
      auto s = db.cached(sql);
      if (!s) return s.error();
      (*s)->bind(1, channel_id).bind(2, q.around).bind(3, newer);
      if (auto r = read_rows(**s, page); !r) return r.error();
      std::reverse(page.begin(), page.end());
    }
    if (older > 0) {
      static const std::string sql =
          select_messages() + "WHERE m.channel_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3";
      auto s = db.cached(sql);
      if (!s) return s.error();
      (*s)->bind(1, channel_id).bind(2, q.around).bind(3, older);
      if (auto r = read_rows(**s, page); !r) return r.error();
    }
  } else if (q.before && !id_past_end(q.before)) {
    static const std::string sql =
        select_messages() + "WHERE m.channel_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3";
    auto s = db.cached(sql);
    if (!s) return s.error();
    (*s)->bind(1, channel_id).bind(2, q.before).bind(3, limit);
    if (auto r = read_rows(**s, page); !r) return r.error();
  } else {
    static const std::string sql = select_messages() + "WHERE m.channel_id = ?1 ORDER BY m.id DESC LIMIT ?2";
    auto s = db.cached(sql);
    if (!s) return s.error();
    (*s)->bind(1, channel_id).bind(2, limit);
    if (auto r = read_rows(**s, page); !r) return r.error();
  }
  return complete_records(db, std::move(page), viewer);
}

result<std::optional<snowflake>> last_message_by(connection& db, snowflake channel_id, snowflake author_id) {
  auto s = db.cached("SELECT id FROM messages WHERE channel_id = ?1 AND author_id = ?2 ORDER BY id DESC LIMIT 1");
  if (!s) return s.error();
  (*s)->bind(1, channel_id).bind(2, author_id);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<snowflake>();
  return std::optional<snowflake>((*s)->column_uint64(0));
}

result<std::vector<model::attachment>> update_message(connection& db, const model::message& m) {
  {
    auto s = db.cached(
        "UPDATE messages SET content = ?3, edited_ms = ?4, flags = ?5, embeds = ?6, components = ?7, "
        "mention_everyone = ?8, mention_roles = ?9, has = ?10 WHERE id = ?1 AND channel_id = ?2");
    if (!s) return s.error();
    std::string roles = "[";
    for (std::size_t i = 0; i < m.mention_roles.size(); ++i) {
      if (i) roles += ',';
      roles += '"' + std::to_string(m.mention_roles[i]) + '"';
    }
    roles += ']';
    statement& st = **s;
    st.bind(1, m.id).bind(2, m.channel_id).bind(3, std::string_view(m.content));
    bind_optional(st, 4, m.edited_ms)
        .bind(5, static_cast<std::int64_t>(m.flags))
        .bind(6, std::string_view(m.embeds_json))
        .bind(7, std::string_view(m.components_json))
        .bind(8, m.mention_everyone)
        .bind(9, std::string_view(roles))
        .bind(10, static_cast<std::int64_t>(m.has));
    if (auto r = st.run(); !r) return r.error();
    if (auto r = require_changed(db); !r) return r.error();
  }
  if (auto r = replace_mentions(db, m); !r) return r.error();

  std::vector<model::message> before(1);
  before[0].id = m.id;
  if (auto r = load_attachments(db, before); !r) return r.error();
  std::vector<model::attachment> removed;
  for (auto& old : before[0].attachments) {
    const bool kept = std::any_of(m.attachments.begin(), m.attachments.end(),
                                  [&](const model::attachment& a) { return a.id == old.id; });
    if (kept) continue;
    auto s = db.cached("DELETE FROM attachments WHERE id = ?1 AND message_id = ?2");
    if (!s) return s.error();
    (*s)->bind(1, old.id).bind(2, m.id);
    if (auto r = (*s)->run(); !r) return r.error();
    removed.push_back(std::move(old));
  }
  int position = 0;
  for (const auto& a : m.attachments) {
    const bool existed = std::any_of(before[0].attachments.begin(), before[0].attachments.end(),
                                     [&](const model::attachment& b) { return b.id == a.id; });
    if (existed) {
      auto s = db.cached("UPDATE attachments SET position = ?3 WHERE id = ?1 AND message_id = ?2");
      if (!s) return s.error();
      (*s)->bind(1, a.id).bind(2, m.id).bind(3, static_cast<std::int64_t>(position));
      if (auto r = (*s)->run(); !r) return r.error();
    } else if (auto r = insert_attachment(db, m, a, position); !r) {
      return r.error();
    }
    ++position;
  }
  return removed;
}

result<deleted_message> delete_message(connection& db, snowflake channel_id, snowflake message_id) {
  auto found = message_row(db, channel_id, message_id);
  if (!found) return found.error();
  if (!*found) return store_errc::not_found;
  std::vector<model::message> one;
  one.push_back(std::move(**found));
  auto deleted = delete_loaded(db, std::move(one));
  if (!deleted) return deleted.error();
  return std::move(deleted->front());
}

result<std::vector<deleted_message>> delete_messages(connection& db, snowflake channel_id,
                                                     const std::vector<snowflake>& ids) {
  auto found = load_messages(db, ids);
  if (!found) return found.error();
  std::erase_if(*found, [&](const model::message& m) { return m.channel_id != channel_id; });
  // Back into the order of `ids`.
  std::unordered_map<snowflake, std::size_t> order;
  for (std::size_t i = 0; i < ids.size(); ++i) order.emplace(ids[i], i);
  std::sort(found->begin(), found->end(),
            [&](const model::message& a, const model::message& b) { return order[a.id] < order[b.id]; });
  return delete_loaded(db, std::move(*found));
}

result<std::vector<deleted_message>> delete_messages_of_user(connection& db, snowflake guild_id, snowflake user_id,
                                                             snowflake since_id) {
  std::vector<model::message> found;
  {
    static const std::string sql =
        select_messages() + "WHERE m.guild_id = ?1 AND m.author_id = ?2 AND m.id >= ?3 ORDER BY m.id DESC";
    auto s = db.cached(sql);
    if (!s) return s.error();
    (*s)->bind(1, guild_id).bind(2, user_id).bind(3, since_id);
    if (auto r = read_rows(**s, found); !r) return r.error();
  }
  return delete_loaded(db, std::move(found));
}

} // namespace parley::store::sqlite
