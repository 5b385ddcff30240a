// SQL for invites (schema migration 2); see invite_queries.hpp.
#include "store/sqlite/invite_queries.hpp"

#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// The one definition of "live" (guild_store.hpp), mirrored by live_sql for the list queries.
bool is_live(const model::invite& inv, std::int64_t now_ms) {
  const bool expired = inv.max_age > 0 && now_ms >= inv.created_ms + static_cast<std::int64_t>(inv.max_age) * 1000;
  const bool used_up = inv.max_uses > 0 && inv.uses >= inv.max_uses;
  return !expired && !used_up;
}

// The same rule in SQL; ?1 is now_ms in every query that uses it.
constexpr const char* live_sql = "(i.expires_ms IS NULL OR i.expires_ms > ?1) AND (i.max_uses = 0 OR i.uses < i.max_uses)";

std::optional<std::int64_t> expires_ms(const model::invite& inv) {
  if (inv.max_age <= 0) {
    return std::nullopt;
  }
  return inv.created_ms + static_cast<std::int64_t>(inv.max_age) * 1000;
}

// Any invite with the code, live or not.
result<std::optional<model::invite>> find(connection& db, std::string_view code) {
  static const std::string sql = std::string("SELECT ") + invite_columns + " FROM invites i WHERE i.code = ?1";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, code);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<model::invite>();
  }
  return std::optional<model::invite>(read_invite(**s, 0));
}

result<void> delete_code(connection& db, std::string_view code) {
  auto s = db.cached("DELETE FROM invites WHERE code = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, code);
  return (*s)->run();
}

result<std::vector<model::invite>> live_list(connection& db, const std::string& sql, snowflake id, std::int64_t now_ms) {
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, now_ms).bind(2, id);
  std::vector<model::invite> out;
  if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_invite(row, 0)); }); !r) {
    return r.error();
  }
  return out;
}

} // namespace

result<model::invite> create_invite(connection& db, const model::invite& inv, bool reuse_equivalent,
                                    const model::audit_log_entry* audit) {
  {
    auto s = db.cached("SELECT 1 FROM channels WHERE id = ?1 AND guild_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, inv.channel_id).bind(2, inv.guild_id);
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return store_errc::not_found;
    }
  }
  if (reuse_equivalent) {
    static const std::string sql = std::string("SELECT ") + invite_columns +
        " FROM invites i WHERE i.channel_id = ?2 AND i.inviter_id IS ?3 AND i.max_age = ?4 AND i.max_uses = ?5 "
        "AND i.temporary = ?6 AND " + live_sql + " ORDER BY i.created_ms DESC LIMIT 1";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, inv.created_ms).bind(2, inv.channel_id);
    bind_optional(**s, 3, inv.inviter_id)
        .bind(4, static_cast<std::int64_t>(inv.max_age))
        .bind(5, static_cast<std::int64_t>(inv.max_uses))
        .bind(6, inv.temporary);
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      return read_invite(**s, 0);
    }
  }
  auto s = db.cached(
      "INSERT INTO invites (code, guild_id, channel_id, inviter_id, uses, max_uses, max_age, temporary, created_ms, "
      "expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!s) {
    return s.error();
  }
  statement& st = **s;
  st.bind(1, std::string_view(inv.code)).bind(2, inv.guild_id).bind(3, inv.channel_id);
  bind_optional(st, 4, inv.inviter_id)
      .bind(5, static_cast<std::int64_t>(inv.uses))
      .bind(6, static_cast<std::int64_t>(inv.max_uses))
      .bind(7, static_cast<std::int64_t>(inv.max_age))
      .bind(8, inv.temporary)
      .bind(9, inv.created_ms);
  bind_optional(st, 10, expires_ms(inv));
  if (auto r = st.run(); !r) {
    return r.error();
  }
  if (auto r = write_audit(db, audit); !r) {
    return r.error();
  }
  return inv;
}

result<std::optional<model::invite>> invite_by_code(connection& db, std::string_view code, std::int64_t now_ms) {
  auto found = find(db, code);
  if (found && *found && !is_live(**found, now_ms)) {
    return std::optional<model::invite>();
  }
  return found;
}

result<std::vector<model::invite>> invites_of_channel(connection& db, snowflake channel_id, std::int64_t now_ms) {
  static const std::string sql = std::string("SELECT ") + invite_columns +
      " FROM invites i WHERE i.channel_id = ?2 AND " + live_sql + " ORDER BY i.created_ms, i.code";
  return live_list(db, sql, channel_id, now_ms);
}

result<std::vector<model::invite>> invites_of_guild(connection& db, snowflake guild_id, std::int64_t now_ms) {
  static const std::string sql = std::string("SELECT ") + invite_columns +
      " FROM invites i WHERE i.guild_id = ?2 AND " + live_sql + " ORDER BY i.created_ms, i.code";
  return live_list(db, sql, guild_id, now_ms);
}

result<model::invite> delete_invite(connection& db, std::string_view code, const model::audit_log_entry* audit) {
  auto found = find(db, code);
  if (!found) {
    return found.error();
  }
  if (!*found) {
    return store_errc::not_found;
  }
  if (auto r = delete_code(db, code); !r) {
    return r.error();
  }
  if (auto r = write_audit(db, audit); !r) {
    return r.error();
  }
  return std::move(**found);
}

result<invite_acceptance> accept_invite(connection& db, std::string_view code, const model::member& joining,
                                        std::int64_t now_ms) {
  invite_acceptance out;
  auto found = find(db, code);
  if (!found) {
    return found.error();
  }
  if (!*found || !is_live(**found, now_ms)) {
    out.outcome = join_outcome::unknown_or_expired;
    return out;
  }
  out.invite = std::move(**found);
  const snowflake guild_id = out.invite.guild_id;
  if (auto r = require_user(db, joining.user_id); !r) {
    return r.error();
  }
  auto banned = is_banned(db, guild_id, joining.user_id);
  if (!banned) {
    return banned.error();
  }
  if (*banned) {
    out.outcome = join_outcome::banned;
    return out;
  }
  auto member = is_member(db, guild_id, joining.user_id);
  if (!member) {
    return member.error();
  }
  if (*member) {
    out.outcome = join_outcome::already_member;
    return out;
  }
  model::member m = joining;
  m.guild_id = guild_id;
  if (auto r = insert_member(db, m); !r) {
    return r.error();
  }
  ++out.invite.uses;
  if (out.invite.max_uses > 0 && out.invite.uses >= out.invite.max_uses) {
    if (auto r = delete_code(db, code); !r) {
      return r.error();
    }
    out.invite_deleted = true;
  } else {
    auto s = db.cached("UPDATE invites SET uses = uses + 1 WHERE code = ?1");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, code);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  out.outcome = join_outcome::joined;
  return out;
}

} // namespace parley::store::sqlite
