// SQL for roles (schema migration 2); see role_queries.hpp.
#include "store/sqlite/role_queries.hpp"

#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<void> create_role(connection& db, const model::role& r, const model::audit_log_entry* audit) {
  if (auto g = require_guild(db, r.guild_id); !g) {
    return g;
  }
  if (auto w = insert_role(db, r); !w) {
    return w;
  }
  return write_audit(db, audit);
}

result<std::optional<model::role>> role_by_id(connection& db, snowflake guild_id, snowflake role_id) {
  static const std::string sql =
      std::string("SELECT ") + role_columns + " FROM roles r WHERE r.id = ?1 AND r.guild_id = ?2";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, role_id).bind(2, guild_id);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<model::role>();
  }
  return std::optional<model::role>(read_role(**s, 0));
}

result<std::vector<model::role>> roles_of_guild(connection& db, snowflake guild_id) { return load_roles(db, guild_id); }

result<void> update_role(connection& db, const model::role& r, const model::audit_log_entry* audit) {
  auto s = db.cached(
      "UPDATE roles SET name = ?3, color = ?4, hoist = ?5, position = ?6, permissions = ?7, managed = ?8, "
      "mentionable = ?9, bot_id = ?10, flags = ?11 WHERE id = ?1 AND guild_id = ?2");
  if (!s) {
    return s.error();
  }
  bind_role_columns(**s, r);
  if (auto w = (*s)->run(); !w) {
    return w;
  }
  if (auto c = require_changed(db); !c) {
    return c;
  }
  return write_audit(db, audit);
}

result<void> delete_role(connection& db, snowflake guild_id, snowflake role_id, const model::audit_log_entry* audit) {
  {
    // member_roles rows go with it (ON DELETE CASCADE, indexed by role_id).
    auto s = db.cached("DELETE FROM roles WHERE id = ?1 AND guild_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, role_id).bind(2, guild_id);
    if (auto w = (*s)->run(); !w) {
      return w;
    }
    if (auto c = require_changed(db); !c) {
      return c;
    }
  }
  auto s = db.cached("DELETE FROM channel_overwrites WHERE target_id = ?1 AND type = 0");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, role_id);
  if (auto w = (*s)->run(); !w) {
    return w;
  }
  return write_audit(db, audit);
}

result<void> update_role_positions(connection& db, snowflake guild_id,
                                   const std::vector<std::pair<snowflake, int>>& positions,
                                   const model::audit_log_entry* audit) {
  for (const auto& [role_id, position] : positions) {
    auto s = db.cached("UPDATE roles SET position = ?3 WHERE id = ?1 AND guild_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, role_id).bind(2, guild_id).bind(3, static_cast<std::int64_t>(position));
    if (auto w = (*s)->run(); !w) {
      return w;
    }
    // Unchanged values still count as changed rows in SQLite: 0 means not in this guild.
    if (auto c = require_changed(db); !c) {
      return c;
    }
  }
  return write_audit(db, audit);
}

} // namespace parley::store::sqlite
