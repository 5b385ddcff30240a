// SQL for message search (schema migration 3); see search_queries.hpp. The statement text depends
// only on which filters are present (a few dozen shapes, each cached once); lists of ids are bound
// as JSON arrays read with json_each, so their length never changes the text.
#include "store/sqlite/search_queries.hpp"

#include <string>
#include <vector>

#include "store/sqlite/guild_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/records_by_id.hpp"

namespace parley::store::sqlite {
namespace {

bool is_separator(unsigned char c) { return c <= 0x20 || c == 0x7F; }

// Parameter numbers; the statement only names those its filters use.
enum param : int {
  p_match = 1,
  p_channels = 2,
  p_authors = 3,
  p_mentions = 4,
  p_has = 5,
  p_min = 6,
  p_max = 7,
  p_limit = 8,
  p_offset = 9,
};

struct search_plan {
  std::optional<std::string> match;
  std::string channels;
  std::string authors;
  std::string mentions;
  std::string from_where;  // "FROM ... WHERE ..." shared by the page and the count

  explicit search_plan(const search_query& q) : match(q.content ? fts_query(*q.content) : std::nullopt) {
    channels = id_list_json(q.channel_ids);
    if (match) {
      from_where = "FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?1 AND ";
    } else {
      from_where = "FROM messages m WHERE ";
    }
    from_where += "m.channel_id IN (SELECT value FROM json_each(?2))";
    if (!q.author_ids.empty()) {
      authors = id_list_json(q.author_ids);
      from_where += " AND m.author_id IN (SELECT value FROM json_each(?3))";
    }
    if (!q.mentions.empty()) {
      mentions = id_list_json(q.mentions);
      from_where +=
          " AND EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.message_id = m.id AND "
          "mm.user_id IN (SELECT value FROM json_each(?4)))";
    }
    if (q.has_all != 0) from_where += " AND (m.has & ?5) = ?5";
    // Ids are stored bit-cast to int64, so a bound at or past 2^63 would wrap: such a max bounds
    // nothing and is left out; such a min matches nothing (search_messages returns early).
    if (q.min_id != 0 && !id_past_end(q.min_id)) from_where += " AND m.id > ?6";
    if (q.max_id != 0 && !id_past_end(q.max_id)) from_where += " AND m.id < ?7";
  }

  void bind(statement& st, const search_query& q) const {
    if (match) st.bind(p_match, std::string_view(*match));
    st.bind(p_channels, std::string_view(channels));
    if (!authors.empty()) st.bind(p_authors, std::string_view(authors));
    if (!mentions.empty()) st.bind(p_mentions, std::string_view(mentions));
    if (q.has_all != 0) st.bind(p_has, static_cast<std::int64_t>(q.has_all));
    if (q.min_id != 0 && !id_past_end(q.min_id)) st.bind(p_min, q.min_id);
    if (q.max_id != 0 && !id_past_end(q.max_id)) st.bind(p_max, q.max_id);
  }
};

} // namespace

std::optional<std::string> fts_query(std::string_view text) {
  std::string out;
  std::size_t terms = 0;
  std::size_t i = 0;
  while (i < text.size() && terms < max_search_terms) {
    while (i < text.size() && is_separator(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    if (!out.empty()) out += ' ';
    out += '"';
    for (; i < text.size() && !is_separator(static_cast<unsigned char>(text[i])); ++i) {
      if (text[i] == '"') out += '"';
      out += text[i];
    }
    out += '"';
    ++terms;
  }
  if (terms == 0) return std::nullopt;
  return out;
}

result<search_result> search_messages(connection& db, const search_query& q, snowflake viewer) {
  search_result out;
  if (q.channel_ids.empty() || q.limit == 0 || (q.max_id != 0 && q.max_id <= q.min_id)) return out;
  if (q.min_id != 0 && id_past_end(q.min_id)) return out;  // nothing is newer than that
  const search_plan plan(q);

  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) return r.error();
  std::vector<snowflake> ids;
  {
    const std::string sql = "SELECT m.id " + plan.from_where +
                            (q.oldest_first ? " ORDER BY m.id ASC" : " ORDER BY m.id DESC") + " LIMIT ?8 OFFSET ?9";
    auto s = db.cached(sql);
    if (!s) return s.error();
    plan.bind(**s, q);
    (*s)->bind(p_limit, sql_limit(q.limit)).bind(p_offset, sql_limit(q.offset));
    ids.reserve(q.limit);
    auto r = for_each_row(**s, [&](const statement& row) { ids.push_back(row.column_uint64(0)); });
    if (!r) return r.error();
  }
  if (q.offset == 0 && ids.size() < q.limit) {
    out.total_results = ids.size();  // the page holds every match: no count needed
  } else {
    auto s = db.cached("SELECT COUNT(*) " + plan.from_where);
    if (!s) return s.error();
    plan.bind(**s, q);
    auto row = (*s)->step();
    if (!row) return row.error();
    out.total_results = static_cast<std::size_t>((*s)->column_int64(0));
  }
  auto records = records_by_id(db, ids, viewer);
  if (!records) return records.error();
  out.messages = std::move(*records);
  return out;
}

} // namespace parley::store::sqlite
