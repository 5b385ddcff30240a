// SQL for DMs and group DMs (schema migration 3: channel_recipients, dm_pairs, channels.owner_id
// and icon); see private_channel_queries.hpp.
#include "store/sqlite/private_channel_queries.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

result<void> insert_private_channel(connection& db, const model::channel& c) {
  auto s = db.cached(
      "INSERT INTO channels (id, guild_id, type, position, name, topic, nsfw, last_message_id, bitrate, user_limit, "
      "rate_limit_per_user, parent_id, rtc_region, video_quality_mode, last_pin_ms, flags, owner_id, icon) "
      "VALUES (?1, NULL, ?2, 0, ?3, NULL, 0, ?4, ?5, 0, 0, NULL, NULL, 1, ?6, ?7, ?8, ?9)");
  if (!s) {
    return s.error();
  }
  statement& st = **s;
  st.bind(1, c.id).bind(2, static_cast<std::int64_t>(c.type)).bind(3, c.name);
  bind_optional(st, 4, c.last_message_id).bind(5, static_cast<std::int64_t>(c.bitrate));
  bind_optional(st, 6, c.last_pin_ms).bind(7, static_cast<std::int64_t>(c.flags));
  bind_optional(st, 8, c.owner_id).bind(9, c.icon);
  return st.run();
}

// Appends the user after the channel's last participant; false when already there.
result<bool> insert_recipient(connection& db, snowflake channel_id, snowflake user_id) {
  auto s = db.cached(
      "INSERT OR IGNORE INTO channel_recipients (channel_id, user_id, position) "
      "SELECT ?1, ?2, COALESCE(MAX(position) + 1, 0) FROM channel_recipients WHERE channel_id = ?1");
  if (!s) {
    return bool_error(s.error());
  }
  (*s)->bind(1, channel_id).bind(2, user_id);
  if (auto r = (*s)->run(); !r) {
    return bool_error(r.error());
  }
  return db.changes() > 0;
}

// The private channel's row (no recipients yet), or nullopt for a missing or guild channel.
result<std::optional<model::channel>> load_private_row(connection& db, snowflake channel_id) {
  static const std::string sql =
      std::string("SELECT ") + channel_columns + " FROM channels c WHERE c.id = ?1 AND c.type IN (1, 3)";
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
    return std::optional<model::channel>();
  }
  return std::optional<model::channel>(read_channel(**s, 0));
}

result<void> load_participants(connection& db, private_channel_record& rec) {
  static const std::string sql = std::string("SELECT ") + public_user_columns +
      " FROM channel_recipients r JOIN users u ON u.id = r.user_id WHERE r.channel_id = ?1 ORDER BY r.position";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, rec.channel.id);
  rec.channel.recipients.clear();
  rec.users.clear();
  return for_each_row(**s, [&](const statement& row) {
    rec.users.push_back(read_public_user(row, 0));
    rec.channel.recipients.push_back(rec.users.back().id);
  });
}

result<private_channel_record> load_record(connection& db, snowflake channel_id) {
  auto row = load_private_row(db, channel_id);
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return store_errc::not_found;
  }
  private_channel_record rec;
  rec.channel = std::move(**row);
  if (auto r = load_participants(db, rec); !r) {
    return r.error();
  }
  return rec;
}

} // namespace

result<message_store::dm_outcome> open_dm(connection& db, const model::channel& c, snowflake a, snowflake b) {
  if (a == b) {
    return store_errc::conflict;
  }
  const snowflake low = std::min(a, b);
  const snowflake high = std::max(a, b);
  std::optional<snowflake> existing;
  {
    auto s = db.cached("SELECT channel_id FROM dm_pairs WHERE user_low = ?1 AND user_high = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, low).bind(2, high);
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      existing = (*s)->column_uint64(0);
    }
  }
  message_store::dm_outcome out;
  if (existing) {
    auto rec = load_record(db, *existing);
    if (!rec) {
      return rec.error();
    }
    out.channel = std::move(*rec);
    return out;
  }
  if (auto r = require_user(db, a); !r) {
    return r.error();
  }
  if (auto r = require_user(db, b); !r) {
    return r.error();
  }
  model::channel dm = c;
  dm.type = model::channel_type::dm;
  dm.guild_id.reset();
  dm.owner_id.reset();
  if (auto r = insert_private_channel(db, dm); !r) {
    return r.error();
  }
  for (const snowflake user : {a, b}) {
    if (auto r = insert_recipient(db, dm.id, user); !r) {
      return r.error();
    }
  }
  {
    auto s = db.cached("INSERT INTO dm_pairs (user_low, user_high, channel_id) VALUES (?1, ?2, ?3)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, low).bind(2, high).bind(3, dm.id);
    if (auto r = (*s)->run(); !r) {
      return r.error();
    }
  }
  auto rec = load_record(db, dm.id);
  if (!rec) {
    return rec.error();
  }
  out.created = true;
  out.channel = std::move(*rec);
  return out;
}

result<private_channel_record> create_group_dm(connection& db, const model::channel& c) {
  model::channel g = c;
  g.type = model::channel_type::group_dm;
  g.guild_id.reset();
  if (auto r = insert_private_channel(db, g); !r) {
    return r.error();
  }
  for (const snowflake user : g.recipients) {
    if (auto r = require_user(db, user); !r) {
      return r.error();
    }
    if (auto r = insert_recipient(db, g.id, user); !r) {
      return r.error();
    }
  }
  return load_record(db, g.id);
}

result<std::optional<private_channel_record>> private_channel(connection& db, snowflake channel_id) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  auto rec = load_record(db, channel_id);
  if (!rec) {
    if (rec.error() == store_errc::not_found) {
      return std::optional<private_channel_record>();
    }
    return rec.error();
  }
  return std::optional<private_channel_record>(std::move(*rec));
}

result<std::vector<private_channel_record>> private_channels_of(connection& db, snowflake user_id) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  std::vector<private_channel_record> out;
  {
    static const std::string sql = std::string("SELECT ") + channel_columns +
        " FROM channel_recipients me JOIN channels c ON c.id = me.channel_id WHERE me.user_id = ?1 "
        "ORDER BY c.last_message_id IS NULL, c.last_message_id DESC, c.id DESC";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, user_id);
    auto r = for_each_row(**s, [&](const statement& row) {
      private_channel_record rec;
      rec.channel = read_channel(row, 0);
      out.push_back(std::move(rec));
    });
    if (!r) {
      return r.error();
    }
  }
  if (out.empty()) {
    return out;
  }
  // Every participant of every one of those channels in one scan, matched by channel id.
  std::vector<std::pair<snowflake, std::size_t>> by_id;
  by_id.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    by_id.emplace_back(out[i].channel.id, i);
  }
  std::sort(by_id.begin(), by_id.end());
  static const std::string sql = std::string("SELECT r.channel_id, ") + public_user_columns +
      " FROM channel_recipients me JOIN channel_recipients r ON r.channel_id = me.channel_id "
      "JOIN users u ON u.id = r.user_id WHERE me.user_id = ?1 ORDER BY r.channel_id, r.position";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, user_id);
  auto r = for_each_row(**s, [&](const statement& row) {
    const snowflake channel_id = row.column_uint64(0);
    auto it = std::lower_bound(by_id.begin(), by_id.end(), std::pair<snowflake, std::size_t>(channel_id, 0));
    if (it == by_id.end() || it->first != channel_id) {
      return;
    }
    auto& rec = out[it->second];
    rec.users.push_back(read_public_user(row, 1));
    rec.channel.recipients.push_back(rec.users.back().id);
  });
  if (!r) {
    return r.error();
  }
  return out;
}

result<void> update_private_channel(connection& db, const model::channel& c) {
  auto s = db.cached("UPDATE channels SET name = ?2, icon = ?3, owner_id = ?4 WHERE id = ?1 AND type IN (1, 3)");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, c.id).bind(2, c.name).bind(3, c.icon);
  bind_optional(**s, 4, c.owner_id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  return require_changed(db);
}

result<bool> add_recipient(connection& db, snowflake channel_id, snowflake user_id) {
  auto row = load_private_row(db, channel_id);
  if (!row) {
    return bool_error(row.error());
  }
  if (!*row || (*row)->type != model::channel_type::group_dm) {
    return bool_error(store_errc::not_found);  // a DM stays between its two users
  }
  if (auto r = require_user(db, user_id); !r) {
    return bool_error(r.error());
  }
  return insert_recipient(db, channel_id, user_id);
}

result<bool> remove_recipient(connection& db, snowflake channel_id, snowflake user_id) {
  auto row = load_private_row(db, channel_id);
  if (!row) {
    return bool_error(row.error());
  }
  if (!*row) {
    return bool_error(store_errc::not_found);
  }
  {
    auto s = db.cached("DELETE FROM channel_recipients WHERE channel_id = ?1 AND user_id = ?2");
    if (!s) {
      return bool_error(s.error());
    }
    (*s)->bind(1, channel_id).bind(2, user_id);
    if (auto r = (*s)->run(); !r) {
      return bool_error(r.error());
    }
  }
  if (db.changes() == 0) {
    return false;
  }
  if ((*row)->owner_id == user_id) {
    // NULL when nobody is left: an empty group DM has no owner.
    auto s = db.cached(
        "UPDATE channels SET owner_id = (SELECT user_id FROM channel_recipients WHERE channel_id = ?1 "
        "ORDER BY position LIMIT 1) WHERE id = ?1");
    if (!s) {
      return bool_error(s.error());
    }
    (*s)->bind(1, channel_id);
    if (auto r = (*s)->run(); !r) {
      return bool_error(r.error());
    }
  }
  return true;
}

} // namespace parley::store::sqlite
