// SQL for the audit log (schema migration 2); see audit_queries.hpp.
#include "store/sqlite/audit_queries.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "store/sqlite/guild_rows.hpp"

namespace parley::store::sqlite {
namespace {

// The statement for one combination of filters and direction. Each text is fixed, so the
// connection's statement cache holds at most eight of them; each filter gets its own index
// (audit_log_by_guild_user / _action) instead of an "?n IS NULL OR" that no index can serve.
std::string audit_sql(bool by_user, bool by_action, bool ascending) {
  std::string sql =
      "SELECT id, guild_id, user_id, target_id, action_type, changes, options, reason FROM audit_log "
      "WHERE guild_id = ?1 AND id > ?2 AND id < ?3";
  if (by_user) {
    sql += " AND user_id = ?5";
  }
  if (by_action) {
    sql += " AND action_type = ?6";
  }
  sql += ascending ? " ORDER BY id LIMIT ?4" : " ORDER BY id DESC LIMIT ?4";
  return sql;
}

const std::string& cached_audit_sql(bool by_user, bool by_action, bool ascending) {
  static const std::string all[8] = {
      audit_sql(false, false, false), audit_sql(false, false, true), audit_sql(false, true, false),
      audit_sql(false, true, true),   audit_sql(true, false, false), audit_sql(true, false, true),
      audit_sql(true, true, false),   audit_sql(true, true, true)};
  return all[(by_user ? 4 : 0) + (by_action ? 2 : 0) + (ascending ? 1 : 0)];
}

} // namespace

result<void> append_audit_entry(connection& db, const model::audit_log_entry& entry) {
  if (auto r = require_guild(db, entry.guild_id); !r) {
    return r;
  }
  return write_audit(db, &entry);
}

result<std::vector<model::audit_log_entry>> audit_entries(connection& db, snowflake guild_id,
                                                          const audit_log_query& query) {
  std::vector<model::audit_log_entry> out;
  if (query.limit == 0 || id_past_end(query.after)) {
    return out;
  }
  // Only `after`: the entries nearest above it (ascending scan), returned newest first.
  const bool ascending = query.after != 0 && query.before == 0;
  const std::int64_t before = query.before == 0 || id_past_end(query.before)
      ? std::numeric_limits<std::int64_t>::max()
      : static_cast<std::int64_t>(query.before);
  auto s = db.cached(cached_audit_sql(query.user_id.has_value(), query.action_type.has_value(), ascending));
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id)
      .bind(2, static_cast<std::int64_t>(query.after))
      .bind(3, before)
      .bind(4, sql_limit(query.limit));
  if (query.user_id) {
    (*s)->bind(5, *query.user_id);
  }
  if (query.action_type) {
    (*s)->bind(6, static_cast<std::int64_t>(*query.action_type));
  }
  auto r = for_each_row(**s, [&](const statement& row) {
    model::audit_log_entry& e = out.emplace_back();
    e.id = row.column_uint64(0);
    e.guild_id = row.column_uint64(1);
    e.user_id = column_optional_id(row, 2);
    e.target_id = column_optional_id(row, 3);
    e.action_type = static_cast<int>(row.column_int64(4));
    e.changes_json = row.column_text(5);
    e.options_json = row.column_text(6);
    e.reason = row.column_optional_text(7);
  });
  if (!r) {
    return r.error();
  }
  if (ascending) {
    std::reverse(out.begin(), out.end());
  }
  return out;
}

} // namespace parley::store::sqlite
