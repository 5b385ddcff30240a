// SQL for guild members (schema migration 2); see member_queries.hpp.
#include "store/sqlite/member_queries.hpp"

#include <string>

#include "model/guild.hpp"

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<join_outcome> add_member(connection& db, const model::member& m) {
  if (auto r = require_guild(db, m.guild_id); !r) {
    return r.error();
  }
  if (auto r = require_user(db, m.user_id); !r) {
    return r.error();
  }
  auto banned = is_banned(db, m.guild_id, m.user_id);
  if (!banned) {
    return banned.error();
  }
  if (*banned) {
    return join_outcome::banned;
  }
  auto member = is_member(db, m.guild_id, m.user_id);
  if (!member) {
    return member.error();
  }
  if (*member) {
    return join_outcome::already_member;
  }
  if (auto r = insert_member(db, m); !r) {
    return r.error();
  }
  return join_outcome::joined;
}

result<join_outcome> add_bot_member(connection& db, const model::member& m,
                                    const std::optional<model::role>& managed_role,
                                    const model::audit_log_entry* audit) {
  if (auto r = require_guild(db, m.guild_id); !r) {
    return r.error();
  }
  if (auto r = require_user(db, m.user_id); !r) {
    return r.error();
  }
  auto banned = is_banned(db, m.guild_id, m.user_id);
  if (!banned) {
    return banned.error();
  }
  if (*banned) {
    return join_outcome::banned;
  }
  auto member = is_member(db, m.guild_id, m.user_id);
  if (!member) {
    return member.error();
  }
  if (*member) {
    return join_outcome::already_member;
  }
  if (managed_role) {
    if (auto r = insert_role(db, *managed_role); !r) {
      return r.error();
    }
  }
  if (auto r = insert_member(db, m); !r) {
    return r.error();
  }
  if (auto r = write_audit(db, audit); !r) {
    return r.error();
  }
  return join_outcome::joined;
}

namespace {

} // namespace

result<bool> set_member_role(connection& db, snowflake guild_id, snowflake user_id, snowflake role_id, bool present,
                             const model::audit_log_entry* audit) {
  auto member = is_member(db, guild_id, user_id);
  if (!member) {
    return bool_error(member.error());
  }
  auto role = db.cached("SELECT 1 FROM roles WHERE id = ?1 AND guild_id = ?2");
  if (!role) {
    return bool_error(role.error());
  }
  (*role)->bind(1, role_id).bind(2, guild_id);
  auto found = (*role)->step();
  if (!found) {
    return bool_error(found.error());
  }
  // @everyone is every member's implicitly; it is never listed.
  if (!*member || !*found || role_id == guild_id) {
    return bool_error(store_errc::not_found);
  }
  auto s = db.cached(present
                         ? "INSERT OR IGNORE INTO member_roles (guild_id, user_id, role_id) VALUES (?1, ?2, ?3)"
                         : "DELETE FROM member_roles WHERE guild_id = ?1 AND user_id = ?2 AND role_id = ?3");
  if (!s) {
    return bool_error(s.error());
  }
  (*s)->bind(1, guild_id).bind(2, user_id).bind(3, role_id);
  if (auto r = (*s)->run(); !r) {
    return bool_error(r.error());
  }
  if (db.changes() == 0) {
    return false;
  }
  if (auto r = write_audit(db, audit); !r) {
    return bool_error(r.error());
  }
  return true;
}

namespace {

// The members a prune removes (prune_query): ?1 guild, ?2 joined before, ?3 active-since message
// id, ?4 the included roles as a JSON array of integers, ?5 the exempt user. The activity probe
// runs on messages_by_guild_author, one index seek per candidate.
constexpr const char* prunable_condition =
    " FROM members m WHERE m.guild_id = ?1 AND m.joined_ms < ?2 AND m.user_id <> ?5"
    " AND NOT EXISTS (SELECT 1 FROM member_roles r WHERE r.guild_id = ?1 AND r.user_id = m.user_id"
    " AND r.role_id NOT IN (SELECT value FROM json_each(?4)))"
    " AND NOT EXISTS (SELECT 1 FROM messages g WHERE g.guild_id = ?1 AND g.author_id = m.user_id AND g.id >= ?3)";

std::string role_list_json(const std::vector<snowflake>& roles) {
  std::string out = "[";
  for (const snowflake id : roles) {
    if (out.size() > 1) {
      out += ',';
    }
    out += std::to_string(static_cast<std::int64_t>(id));  // ids are stored bit-cast to int64
  }
  out += ']';
  return out;
}

void bind_prune(statement& s, snowflake guild_id, const prune_query& q, const std::string& roles) {
  s.bind(1, guild_id)
      .bind(2, q.joined_before_ms)
      .bind(3, q.active_since_id)
      .bind(4, std::string_view(roles))
      .bind(5, q.exempt_user_id);
}

} // namespace

result<std::size_t> count_prunable_members(connection& db, snowflake guild_id, const prune_query& q) {
  static const std::string sql = std::string("SELECT count(*)") + prunable_condition;
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  const std::string roles = role_list_json(q.include_roles);
  bind_prune(**s, guild_id, q, roles);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  return *row ? static_cast<std::size_t>((*s)->column_int64(0)) : 0;
}

result<std::vector<member_record>> prune_members(connection& db, snowflake guild_id, const prune_query& q,
                                                 const prune_audit& audit) {
  std::vector<member_record> out;
  {
    static const std::string sql = std::string("SELECT ") + member_columns +
        " FROM members m JOIN users u ON u.id = m.user_id WHERE m.user_id IN (SELECT m.user_id" +
        prunable_condition + ") AND m.guild_id = ?1 ORDER BY m.user_id";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    const std::string roles = role_list_json(q.include_roles);
    bind_prune(**s, guild_id, q, roles);
    if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_member(row, 0)); }); !r) {
      return r.error();
    }
  }
  if (auto r = load_member_roles_sorted(db, guild_id, out); !r) {
    return r.error();
  }
  for (const member_record& rec : out) {
    auto s = db.cached("DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, rec.member.user_id);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  if (audit) {
    const model::audit_log_entry entry = audit(out.size());
    if (auto r = write_audit(db, &entry); !r) {
      return r.error();
    }
  }
  return out;
}

result<std::optional<member_record>> member(connection& db, snowflake guild_id, snowflake user_id) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  return load_member(db, guild_id, user_id);
}

result<std::vector<member_record>> members(connection& db, snowflake guild_id, snowflake after, std::size_t limit) {
  std::vector<member_record> out;
  if (limit == 0 || id_past_end(after)) {
    return out;
  }
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  {
    static const std::string sql = std::string("SELECT ") + member_columns +
        " FROM members m JOIN users u ON u.id = m.user_id WHERE m.guild_id = ?1 AND m.user_id > ?2 "
        "ORDER BY m.user_id LIMIT ?3";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, after).bind(3, sql_limit(limit));
    if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_member(row, 0)); }); !r) {
      return r.error();
    }
  }
  if (auto r = load_member_roles_sorted(db, guild_id, out); !r) {
    return r.error();
  }
  return out;
}

// One probe of members_by_user per guild of `a`, stopping at the first shared one.
result<bool> share_a_guild(connection& db, snowflake a, snowflake b) {
  auto s = db.cached(
      "SELECT 1 FROM members x JOIN members y ON y.guild_id = x.guild_id AND y.user_id = ?2 "
      "WHERE x.user_id = ?1 LIMIT 1");
  if (!s) return bool_error(s.error());
  (*s)->bind(1, a).bind(2, b);
  return (*s)->step();
}

result<std::vector<member_record>> search_members(connection& db, snowflake guild_id, std::string_view prefix,
                                                  std::size_t limit) {
  std::vector<member_record> out;
  if (limit == 0) {
    return out;
  }
  // Prefix match as a key range [prefix, prefix + 0xFF): byte-wise (BINARY) comparison, and
  // 0xFF never occurs in UTF-8, so every key starting with the prefix sorts inside it. Each arm
  // of the UNION uses its own index (members_by_nick; users.name_key, then a membership probe:
  // CROSS JOIN keeps SQLite, which has no statistics here, from scanning the whole guild instead).
  // The cost follows the number of matches, not the size of the guild.
  const std::string low = ascii_lower(prefix);
  const std::string high = low + '\xff';
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  {
    static const std::string sql = std::string("SELECT ") + member_columns +
        " FROM members m JOIN users u ON u.id = m.user_id WHERE m.guild_id = ?1 AND m.user_id IN ("
        "SELECT n.user_id FROM members n WHERE n.guild_id = ?1 AND n.nick_key >= ?2 AND n.nick_key < ?3 "
        "UNION "
        "SELECT k.id FROM users k CROSS JOIN members j ON j.guild_id = ?1 AND j.user_id = k.id "
        "WHERE k.name_key >= ?2 AND k.name_key < ?3) "
        "ORDER BY m.user_id LIMIT ?4";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, std::string_view(low)).bind(3, std::string_view(high)).bind(4, sql_limit(limit));
    if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_member(row, 0)); }); !r) {
      return r.error();
    }
  }
  // Matches are scattered over the id range: one indexed lookup each.
  for (member_record& rec : out) {
    if (auto r = load_member_roles(db, rec.member); !r) {
      return r.error();
    }
  }
  return out;
}

result<void> update_member(connection& db, const model::member& m, const model::audit_log_entry* audit) {
  {
    auto s = db.cached(
        "UPDATE members SET nick = ?3, nick_key = ?4, deaf = ?5, mute = ?6, flags = ?7, pending = ?8, "
        "communication_disabled_until_ms = ?9 WHERE guild_id = ?1 AND user_id = ?2");
    if (!s) {
      return s.error();
    }
    const std::optional<std::string> nick_key = m.nick ? std::optional(ascii_lower(*m.nick)) : std::nullopt;
    (*s)->bind(1, m.guild_id)
        .bind(2, m.user_id)
        .bind(3, m.nick)
        .bind(4, nick_key)
        .bind(5, m.deaf)
        .bind(6, m.mute)
        .bind(7, static_cast<std::int64_t>(m.flags))
        .bind(8, m.pending);
    bind_optional(**s, 9, m.communication_disabled_until_ms);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
    if (auto r = require_changed(db); !r) {
      return r;
    }
  }
  if (auto r = replace_member_roles(db, m.guild_id, m.user_id, m.roles); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<void> remove_member(connection& db, snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) {
  auto s = db.cached("DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2");
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
