// SQL for bans (schema migration 2); see ban_queries.hpp.
#include "store/sqlite/ban_queries.hpp"

#include <algorithm>
#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// b.* then the public user columns, FROM bans b JOIN users u.
constexpr const char* ban_columns =
    "b.guild_id, b.user_id, b.reason, b.created_ms, u.username, u.discriminator, u.global_name, u.avatar, u.bot, "
    "u.flags, u.created_ms";

ban_record read_ban(const statement& s) {
  ban_record rec;
  rec.ban.guild_id = s.column_uint64(0);
  rec.ban.user_id = s.column_uint64(1);
  rec.ban.reason = s.column_optional_text(2);
  rec.ban.created_ms = s.column_int64(3);
  model::user& u = rec.user;
  u.id = rec.ban.user_id;
  u.username = s.column_text(4);
  u.discriminator = s.column_text(5);
  u.global_name = s.column_optional_text(6);
  u.avatar = s.column_optional_text(7);
  u.bot = s.column_bool(8);
  u.flags = s.column_uint64(9);
  u.created_ms = s.column_int64(10);
  return rec;
}

} // namespace

result<std::optional<model::member>> ban_member(connection& db, const model::ban& b, const model::audit_log_entry* audit) {
  if (auto r = require_guild(db, b.guild_id); !r) {
    return r.error();
  }
  if (auto r = require_user(db, b.user_id); !r) {
    return r.error();
  }
  {
    auto s = db.cached("INSERT OR REPLACE INTO bans (guild_id, user_id, reason, created_ms) VALUES (?1, ?2, ?3, ?4)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, b.guild_id).bind(2, b.user_id).bind(3, b.reason).bind(4, b.created_ms);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  auto existing = load_member(db, b.guild_id, b.user_id);
  if (!existing) {
    return existing.error();
  }
  std::optional<model::member> removed;
  if (*existing) {
    removed = std::move((*existing)->member);
    auto s = db.cached("DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, b.guild_id).bind(2, b.user_id);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  if (auto r = write_audit(db, audit); !r) {
    return r.error();
  }
  return removed;
}

result<std::optional<ban_record>> ban(connection& db, snowflake guild_id, snowflake user_id) {
  static const std::string sql = std::string("SELECT ") + ban_columns +
      " FROM bans b JOIN users u ON u.id = b.user_id WHERE b.guild_id = ?1 AND b.user_id = ?2";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id).bind(2, user_id);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<ban_record>();
  }
  return std::optional<ban_record>(read_ban(**s));
}

result<std::vector<ban_record>> bans(connection& db, snowflake guild_id, const id_page& page) {
  std::vector<ban_record> out;
  const id_window w = window_of(page);
  if (w.empty) {
    return out;
  }
  static const std::string select = std::string("SELECT ") + ban_columns +
      " FROM bans b JOIN users u ON u.id = b.user_id WHERE b.guild_id = ?1 AND b.user_id > ?2 AND b.user_id < ?3 "
      "ORDER BY b.user_id ";
  static const std::string ascending = select + "LIMIT ?4";
  static const std::string descending = select + "DESC LIMIT ?4";
  auto s = db.cached(w.descending ? descending : ascending);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id).bind(2, w.after).bind(3, w.before).bind(4, sql_limit(page.limit));
  if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_ban(row)); }); !r) {
    return r.error();
  }
  if (w.descending) {
    std::reverse(out.begin(), out.end());
  }
  return out;
}

result<void> remove_ban(connection& db, snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) {
  auto s = db.cached("DELETE FROM bans WHERE guild_id = ?1 AND user_id = ?2");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id).bind(2, user_id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (auto r = require_changed(db); !r) {
    return r;
  }
  return write_audit(db, audit);
}

} // namespace parley::store::sqlite
