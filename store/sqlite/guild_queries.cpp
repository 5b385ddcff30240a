// SQL for guilds (schema migration 2 in migrations.cpp); see guild_queries.hpp.
#include "store/sqlite/guild_queries.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<void> create_guild(connection& db, const model::guild& g, const std::vector<model::role>& roles,
                          const std::vector<model::channel>& channels, const model::member& owner) {
  assert(owner.guild_id == g.id && owner.user_id == g.owner_id);
  if (auto r = require_user(db, owner.user_id); !r) {
    return r;
  }
  {
    auto s = db.cached(
        "INSERT INTO guilds (id, name, icon, description, owner_id, afk_channel_id, afk_timeout, verification_level, "
        "default_message_notifications, explicit_content_filter, system_channel_id, system_channel_flags, "
        "rules_channel_id, public_updates_channel_id, preferred_locale, application_id, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    if (!s) {
      return s.error();
    }
    statement& st = **s;
    st.bind(1, g.id).bind(2, std::string_view(g.name)).bind(3, g.icon).bind(4, g.description).bind(5, g.owner_id);
    bind_optional(st, 6, g.afk_channel_id)
        .bind(7, static_cast<std::int64_t>(g.afk_timeout))
        .bind(8, static_cast<std::int64_t>(g.verification_level))
        .bind(9, static_cast<std::int64_t>(g.default_message_notifications))
        .bind(10, static_cast<std::int64_t>(g.explicit_content_filter));
    bind_optional(st, 11, g.system_channel_id).bind(12, static_cast<std::int64_t>(g.system_channel_flags));
    bind_optional(st, 13, g.rules_channel_id);
    bind_optional(st, 14, g.public_updates_channel_id).bind(15, std::string_view(g.preferred_locale));
    bind_optional(st, 16, g.application_id).bind(17, g.created_ms);
    if (auto r = st.run(); !r) {
      return r;
    }
  }
  for (const auto& role : roles) {
    if (auto r = insert_role(db, role); !r) {
      return r;
    }
  }
  // Parents before children: a child's parent_id must name an existing row (immediate foreign key;
  // deferred keys would fail the whole group commit instead of this job).
  for (const bool with_parent : {false, true}) {
    for (const auto& c : channels) {
      if (c.parent_id.has_value() == with_parent) {
        if (auto r = insert_channel(db, c); !r) {
          return r;
        }
      }
    }
  }
  return insert_member(db, owner);
}

result<std::optional<guild_with_counts>> guild_by_id(connection& db, snowflake guild_id) {
  static const std::string sql = std::string("SELECT ") + guild_columns + " FROM guilds g WHERE g.id = ?1";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<guild_with_counts>();
  }
  return std::optional<guild_with_counts>(guild_with_counts{read_guild(**s, 0), read_guild_member_count(**s, 0)});
}

result<void> update_guild(connection& db, const model::guild& g, const model::audit_log_entry* audit) {
  auto s = db.cached(
      "UPDATE guilds SET name = ?2, icon = ?3, description = ?4, afk_channel_id = ?5, afk_timeout = ?6, "
      "verification_level = ?7, default_message_notifications = ?8, explicit_content_filter = ?9, "
      "system_channel_id = ?10, system_channel_flags = ?11, rules_channel_id = ?12, public_updates_channel_id = ?13, "
      "preferred_locale = ?14 WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  statement& st = **s;
  st.bind(1, g.id).bind(2, std::string_view(g.name)).bind(3, g.icon).bind(4, g.description);
  bind_optional(st, 5, g.afk_channel_id)
      .bind(6, static_cast<std::int64_t>(g.afk_timeout))
      .bind(7, static_cast<std::int64_t>(g.verification_level))
      .bind(8, static_cast<std::int64_t>(g.default_message_notifications))
      .bind(9, static_cast<std::int64_t>(g.explicit_content_filter));
  bind_optional(st, 10, g.system_channel_id).bind(11, static_cast<std::int64_t>(g.system_channel_flags));
  bind_optional(st, 12, g.rules_channel_id);
  bind_optional(st, 13, g.public_updates_channel_id).bind(14, std::string_view(g.preferred_locale));
  if (auto r = st.run(); !r) {
    return r;
  }
  if (auto r = require_changed(db); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<void> transfer_guild_ownership(connection& db, snowflake guild_id, snowflake new_owner_id,
                                      const model::audit_log_entry* audit) {
  auto member = is_member(db, guild_id, new_owner_id);
  if (!member) {
    return member.error();
  }
  if (!*member) {
    return store_errc::not_found;
  }
  auto s = db.cached("UPDATE guilds SET owner_id = ?2 WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id).bind(2, new_owner_id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (auto r = require_changed(db); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<void> delete_guild(connection& db, snowflake guild_id) {
  // Every child table cascades from guilds (migration 2): one statement removes it all.
  auto s = db.cached("DELETE FROM guilds WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  return require_changed(db);
}

result<std::vector<user_guild>> guilds_of_user(connection& db, snowflake user_id, const id_page& page) {
  std::vector<user_guild> out;
  const id_window w = window_of(page);
  if (w.empty) {
    return out;
  }
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  {
    static const std::string select = std::string("SELECT ") + guild_columns +
        ", m.nick, m.joined_ms, m.deaf, m.mute, m.flags, m.pending, m.communication_disabled_until_ms "
        "FROM members m JOIN guilds g ON g.id = m.guild_id "
        "WHERE m.user_id = ?1 AND m.guild_id > ?2 AND m.guild_id < ?3 ORDER BY m.guild_id ";
    static const std::string ascending = select + "LIMIT ?4";
    static const std::string descending = select + "DESC LIMIT ?4";
    auto s = db.cached(w.descending ? descending : ascending);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, user_id).bind(2, w.after).bind(3, w.before).bind(4, sql_limit(page.limit));
    auto r = for_each_row(**s, [&](const statement& row) {
      user_guild& ug = out.emplace_back();
      ug.guild = read_guild(row, 0);
      ug.member_count = read_guild_member_count(row, 0);
      constexpr int m = guild_column_count;
      ug.self.guild_id = ug.guild.id;
      ug.self.user_id = user_id;
      ug.self.nick = row.column_optional_text(m + 0);
      ug.self.joined_ms = row.column_int64(m + 1);
      ug.self.deaf = row.column_bool(m + 2);
      ug.self.mute = row.column_bool(m + 3);
      ug.self.flags = static_cast<int>(row.column_int64(m + 4));
      ug.self.pending = row.column_bool(m + 5);
      ug.self.communication_disabled_until_ms = column_optional_int64(row, m + 6);
    });
    if (!r) {
      return r.error();
    }
  }
  if (w.descending) {
    std::reverse(out.begin(), out.end());
  }
  for (user_guild& ug : out) {
    auto roles = load_roles(db, ug.guild.id);
    if (!roles) {
      return roles.error();
    }
    ug.roles = std::move(*roles);
    if (auto r = load_member_roles(db, ug.self); !r) {
      return r.error();
    }
  }
  return out;
}

} // namespace parley::store::sqlite
