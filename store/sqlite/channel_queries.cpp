// SQL for guild channels and permission overwrites (schema migration 2); see channel_queries.hpp.
#include "store/sqlite/channel_queries.hpp"

#include <string>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

result<void> require_channel_in_guild(connection& db, snowflake channel_id, snowflake guild_id) {
  auto s = db.cached("SELECT 1 FROM channels WHERE id = ?1 AND guild_id = ?2");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, channel_id).bind(2, guild_id);
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return store_errc::not_found;
  }
  return {};
}

result<void> run_for_channel(connection& db, std::string_view sql, snowflake channel_id) {
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, channel_id);
  return (*s)->run();
}

} // namespace

result<void> create_channel(connection& db, const model::channel& c, const model::audit_log_entry* audit) {
  if (!c.guild_id) {
    return store_errc::not_found; // guild channels only
  }
  if (auto r = require_guild(db, *c.guild_id); !r) {
    return r;
  }
  if (auto r = insert_channel(db, c); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<std::optional<model::channel>> channel_by_id(connection& db, snowflake channel_id) {
  std::optional<model::channel> found;
  {
    static const std::string sql = std::string("SELECT ") + channel_columns + " FROM channels c WHERE c.id = ?1";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, channel_id);
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return found;
    }
    found = read_channel(**s, 0);
  }
  if (auto r = load_overwrites(db, *found); !r) {
    return r.error();
  }
  return found;
}

result<std::vector<model::channel>> channels_of_guild(connection& db, snowflake guild_id) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  return load_channels(db, guild_id);
}

result<void> update_channel(connection& db, const model::channel& c, const model::audit_log_entry* audit) {
  {
    auto s = db.cached(
        "UPDATE channels SET type = ?2, position = ?3, name = ?4, topic = ?5, nsfw = ?6, bitrate = ?7, "
        "user_limit = ?8, rate_limit_per_user = ?9, parent_id = ?10, rtc_region = ?11, video_quality_mode = ?12, "
        "flags = ?13 WHERE id = ?1");
    if (!s) {
      return s.error();
    }
    statement& st = **s;
    st.bind(1, c.id)
        .bind(2, static_cast<std::int64_t>(c.type))
        .bind(3, static_cast<std::int64_t>(c.position))
        .bind(4, c.name)
        .bind(5, c.topic)
        .bind(6, c.nsfw)
        .bind(7, static_cast<std::int64_t>(c.bitrate))
        .bind(8, static_cast<std::int64_t>(c.user_limit))
        .bind(9, static_cast<std::int64_t>(c.rate_limit_per_user));
    bind_optional(st, 10, c.parent_id).bind(11, c.rtc_region).bind(12, static_cast<std::int64_t>(c.video_quality_mode))
        .bind(13, static_cast<std::int64_t>(c.flags));
    if (auto r = st.run(); !r) {
      return r;
    }
    if (auto r = require_changed(db); !r) {
      return r;
    }
  }
  if (auto r = run_for_channel(db, "DELETE FROM channel_overwrites WHERE channel_id = ?1", c.id); !r) {
    return r;
  }
  if (auto r = insert_overwrites(db, c.id, c.overwrites); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<void> delete_channel(connection& db, snowflake channel_id, const model::audit_log_entry* audit) {
  std::optional<snowflake> guild_id;
  {
    auto s = db.cached("SELECT guild_id FROM channels WHERE id = ?1");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, channel_id);
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return store_errc::not_found;
    }
    guild_id = column_optional_id(**s, 0);
  }
  // Overwrites and invites cascade; children's parent_id is set to NULL by the foreign key.
  if (auto r = run_for_channel(db, "DELETE FROM channels WHERE id = ?1", channel_id); !r) {
    return r;
  }
  if (guild_id) {
    // The guild's pointers to channels have no foreign key (a guild row is written before its
    // channels exist); clear them here.
    auto s = db.cached(
        "UPDATE guilds SET "
        "afk_channel_id = CASE WHEN afk_channel_id = ?2 THEN NULL ELSE afk_channel_id END, "
        "system_channel_id = CASE WHEN system_channel_id = ?2 THEN NULL ELSE system_channel_id END, "
        "rules_channel_id = CASE WHEN rules_channel_id = ?2 THEN NULL ELSE rules_channel_id END, "
        "public_updates_channel_id = CASE WHEN public_updates_channel_id = ?2 THEN NULL "
        "ELSE public_updates_channel_id END "
        "WHERE id = ?1 AND ?2 IN (afk_channel_id, system_channel_id, rules_channel_id, public_updates_channel_id)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, *guild_id).bind(2, channel_id);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
  }
  return write_audit(db, audit);
}

result<void> update_channel_positions(connection& db, snowflake guild_id, const std::vector<channel_position>& changes,
                                      const model::audit_log_entry* audit) {
  for (const channel_position& change : changes) {
    if (auto r = require_channel_in_guild(db, change.id, guild_id); !r) {
      return r;
    }
    if (change.position) {
      auto s = db.cached("UPDATE channels SET position = ?2 WHERE id = ?1");
      if (!s) {
        return s.error();
      }
      (*s)->bind(1, change.id).bind(2, static_cast<std::int64_t>(*change.position));
      if (auto r = (*s)->run(); !r) {
        return r;
      }
    }
    if (change.change_parent) {
      if (change.parent_id) {
        if (auto r = require_channel_in_guild(db, *change.parent_id, guild_id); !r) {
          return r;
        }
      }
      auto s = db.cached("UPDATE channels SET parent_id = ?2 WHERE id = ?1");
      if (!s) {
        return s.error();
      }
      (*s)->bind(1, change.id);
      bind_optional(**s, 2, change.parent_id);
      if (auto r = (*s)->run(); !r) {
        return r;
      }
    }
    if (change.lock_permissions) {
      // Sync with the parent as it is now; a channel without a parent keeps its overwrites.
      auto s = db.cached(
          "SELECT parent_id FROM channels WHERE id = ?1 AND parent_id IS NOT NULL");
      if (!s) {
        return s.error();
      }
      (*s)->bind(1, change.id);
      auto row = (*s)->step();
      if (!row) {
        return row.error();
      }
      if (*row) {
        const snowflake parent = (*s)->column_uint64(0);
        if (auto r = run_for_channel(db, "DELETE FROM channel_overwrites WHERE channel_id = ?1", change.id); !r) {
          return r;
        }
        auto copy = db.cached(
            "INSERT INTO channel_overwrites (channel_id, target_id, type, allow, deny) "
            "SELECT ?1, target_id, type, allow, deny FROM channel_overwrites WHERE channel_id = ?2");
        if (!copy) {
          return copy.error();
        }
        (*copy)->bind(1, change.id).bind(2, parent);
        if (auto r = (*copy)->run(); !r) {
          return r;
        }
      }
    }
  }
  return write_audit(db, audit);
}

result<void> put_overwrite(connection& db, snowflake channel_id, const model::permission_overwrite& ow,
                           const model::audit_log_entry* audit) {
  auto exists = row_exists(db, "SELECT 1 FROM channels WHERE id = ?1", channel_id);
  if (!exists) {
    return exists.error();
  }
  if (!*exists) {
    return store_errc::not_found;
  }
  if (auto r = insert_overwrites(db, channel_id, {&ow, 1}); !r) {
    return r;
  }
  return write_audit(db, audit);
}

result<void> delete_overwrite(connection& db, snowflake channel_id, snowflake target_id,
                              const model::audit_log_entry* audit) {
  auto s = db.cached("DELETE FROM channel_overwrites WHERE channel_id = ?1 AND target_id = ?2");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, channel_id).bind(2, target_id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (auto r = require_changed(db); !r) {
    return r;
  }
  return write_audit(db, audit);
}

} // namespace parley::store::sqlite
