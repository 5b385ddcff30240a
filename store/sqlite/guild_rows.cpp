// Row readers and writers of the community tables (schema migration 2 in migrations.cpp).
#include "store/sqlite/guild_rows.hpp"

#include <algorithm>
#include <limits>

#include <sqlite3.h>

#include "store/store_error.hpp"

namespace parley::store::sqlite {

namespace {

} // namespace

std::optional<snowflake> column_optional_id(const statement& s, int index) noexcept {
  if (sqlite3_column_type(s.handle(), index) == SQLITE_NULL) {
    return std::nullopt;
  }
  return s.column_uint64(index);
}

std::optional<std::int64_t> column_optional_int64(const statement& s, int index) noexcept {
  if (sqlite3_column_type(s.handle(), index) == SQLITE_NULL) {
    return std::nullopt;
  }
  return s.column_int64(index);
}

void bind_role_columns(statement& st, const model::role& r) {
  st.bind(1, r.id)
      .bind(2, r.guild_id)
      .bind(3, std::string_view(r.name))
      .bind(4, static_cast<std::int64_t>(r.color))
      .bind(5, r.hoist)
      .bind(6, static_cast<std::int64_t>(r.position))
      .bind(7, r.perms)
      .bind(8, r.managed)
      .bind(9, r.mentionable);
  bind_optional(st, 10, r.bot_id).bind(11, static_cast<std::int64_t>(r.flags));
}

statement& bind_optional(statement& s, int index, const std::optional<snowflake>& value) noexcept {
  return value ? s.bind(index, *value) : s.bind_null(index);
}

statement& bind_optional(statement& s, int index, const std::optional<std::int64_t>& value) noexcept {
  return value ? s.bind(index, *value) : s.bind_null(index);
}

std::int64_t sql_limit(std::size_t limit) noexcept {
  constexpr auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(limit > max ? max : limit);
}

bool id_past_end(snowflake id) noexcept {
  return id >= static_cast<snowflake>(std::numeric_limits<std::int64_t>::max());
}

id_window window_of(const id_page& page) noexcept {
  id_window w;
  w.empty = page.limit == 0 || id_past_end(page.after);
  w.after = static_cast<std::int64_t>(page.after);
  w.descending = page.before != 0 && !id_past_end(page.before);
  w.before = w.descending ? static_cast<std::int64_t>(page.before) : std::numeric_limits<std::int64_t>::max();
  return w;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

result<bool> row_exists(connection& db, std::string_view sql, snowflake id) {
  auto s = db.cached(sql);
  if (!s) {
    return bool_error(s.error());
  }
  (*s)->bind(1, id);
  return (*s)->step();
}

result<void> require_guild(connection& db, snowflake guild_id) {
  auto found = row_exists(db, "SELECT 1 FROM guilds WHERE id = ?1", guild_id);
  if (!found) {
    return found.error();
  }
  if (!*found) {
    return store_errc::not_found;
  }
  return {};
}

result<void> require_user(connection& db, snowflake user_id) {
  auto found = row_exists(db, "SELECT 1 FROM users WHERE id = ?1", user_id);
  if (!found) {
    return found.error();
  }
  if (!*found) {
    return store_errc::not_found;
  }
  return {};
}

result<void> require_changed(connection& db) {
  if (db.changes() == 0) {
    return store_errc::not_found;
  }
  return {};
}

read_snapshot::~read_snapshot() {
  if (open_) {
    // A read transaction has nothing to keep: COMMIT only ends it and releases the snapshot.
    if (auto s = db_.cached("COMMIT")) {
      (void)(*s)->run();
    }
  }
}

result<void> read_snapshot::begin() {
  auto s = db_.cached("BEGIN");
  if (!s) {
    return s.error();
  }
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  open_ = true;
  return {};
}

// ---- guilds

const char* const guild_columns =
    "g.id, g.name, g.icon, g.description, g.owner_id, g.afk_channel_id, g.afk_timeout, g.verification_level, "
    "g.default_message_notifications, g.explicit_content_filter, g.system_channel_id, g.system_channel_flags, "
    "g.rules_channel_id, g.public_updates_channel_id, g.preferred_locale, g.application_id, g.created_ms, "
    "g.member_count";

model::guild read_guild(const statement& s, int first) {
  model::guild g;
  g.id = s.column_uint64(first + 0);
  g.name = s.column_text(first + 1);
  g.icon = s.column_optional_text(first + 2);
  g.description = s.column_optional_text(first + 3);
  g.owner_id = s.column_uint64(first + 4);
  g.afk_channel_id = column_optional_id(s, first + 5);
  g.afk_timeout = static_cast<int>(s.column_int64(first + 6));
  g.verification_level = static_cast<int>(s.column_int64(first + 7));
  g.default_message_notifications = static_cast<int>(s.column_int64(first + 8));
  g.explicit_content_filter = static_cast<int>(s.column_int64(first + 9));
  g.system_channel_id = column_optional_id(s, first + 10);
  g.system_channel_flags = static_cast<int>(s.column_int64(first + 11));
  g.rules_channel_id = column_optional_id(s, first + 12);
  g.public_updates_channel_id = column_optional_id(s, first + 13);
  g.preferred_locale = s.column_text(first + 14);
  g.application_id = column_optional_id(s, first + 15);
  g.created_ms = s.column_int64(first + 16);
  return g;
}

std::int64_t read_guild_member_count(const statement& s, int first) { return s.column_int64(first + 17); }

// ---- roles

const char* const role_columns =
    "r.id, r.guild_id, r.name, r.color, r.hoist, r.position, r.permissions, r.managed, r.mentionable, r.bot_id, "
    "r.flags";

model::role read_role(const statement& s, int first) {
  model::role r;
  r.id = s.column_uint64(first + 0);
  r.guild_id = s.column_uint64(first + 1);
  r.name = s.column_text(first + 2);
  r.color = static_cast<std::uint32_t>(s.column_int64(first + 3));
  r.hoist = s.column_bool(first + 4);
  r.position = static_cast<int>(s.column_int64(first + 5));
  r.perms = s.column_uint64(first + 6);
  r.managed = s.column_bool(first + 7);
  r.mentionable = s.column_bool(first + 8);
  r.bot_id = column_optional_id(s, first + 9);
  r.flags = static_cast<int>(s.column_int64(first + 10));
  return r;
}

result<void> insert_role(connection& db, const model::role& r) {
  auto s = db.cached(
      "INSERT INTO roles (id, guild_id, name, color, hoist, position, permissions, managed, mentionable, bot_id, "
      "flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!s) {
    return s.error();
  }
  bind_role_columns(**s, r);
  return (*s)->run();
}

result<std::vector<model::role>> load_roles(connection& db, snowflake guild_id) {
  static const std::string sql =
      std::string("SELECT ") + role_columns + " FROM roles r WHERE r.guild_id = ?1 ORDER BY r.position, r.id";
  auto s = db.cached(sql);
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id);
  std::vector<model::role> roles;
  if (auto r = for_each_row(**s, [&](const statement& row) { roles.push_back(read_role(row, 0)); }); !r) {
    return r.error();
  }
  return roles;
}

// ---- channels

const char* const channel_columns =
    "c.id, c.guild_id, c.type, c.position, c.name, c.topic, c.nsfw, c.last_message_id, c.bitrate, c.user_limit, "
    "c.rate_limit_per_user, c.parent_id, c.rtc_region, c.video_quality_mode, c.last_pin_ms, c.flags, c.owner_id, "
    "c.icon";

model::channel read_channel(const statement& s, int first) {
  model::channel c;
  c.id = s.column_uint64(first + 0);
  c.guild_id = column_optional_id(s, first + 1);
  c.type = static_cast<model::channel_type>(s.column_int64(first + 2));
  c.position = static_cast<int>(s.column_int64(first + 3));
  c.name = s.column_optional_text(first + 4);
  c.topic = s.column_optional_text(first + 5);
  c.nsfw = s.column_bool(first + 6);
  c.last_message_id = column_optional_id(s, first + 7);
  c.bitrate = static_cast<int>(s.column_int64(first + 8));
  c.user_limit = static_cast<int>(s.column_int64(first + 9));
  c.rate_limit_per_user = static_cast<int>(s.column_int64(first + 10));
  c.parent_id = column_optional_id(s, first + 11);
  c.rtc_region = s.column_optional_text(first + 12);
  c.video_quality_mode = static_cast<int>(s.column_int64(first + 13));
  c.last_pin_ms = column_optional_int64(s, first + 14);
  c.flags = static_cast<int>(s.column_int64(first + 15));
  c.owner_id = column_optional_id(s, first + 16);
  c.icon = s.column_optional_text(first + 17);
  return c;
}

result<void> insert_channel(connection& db, const model::channel& c) {
  auto s = db.cached(
      "INSERT INTO channels (id, guild_id, type, position, name, topic, nsfw, last_message_id, bitrate, user_limit, "
      "rate_limit_per_user, parent_id, rtc_region, video_quality_mode, last_pin_ms, flags) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
  if (!s) {
    return s.error();
  }
  statement& st = **s;
  st.bind(1, c.id);
  bind_optional(st, 2, c.guild_id)
      .bind(3, static_cast<std::int64_t>(c.type))
      .bind(4, static_cast<std::int64_t>(c.position))
      .bind(5, c.name)
      .bind(6, c.topic)
      .bind(7, c.nsfw);
  bind_optional(st, 8, c.last_message_id)
      .bind(9, static_cast<std::int64_t>(c.bitrate))
      .bind(10, static_cast<std::int64_t>(c.user_limit))
      .bind(11, static_cast<std::int64_t>(c.rate_limit_per_user));
  bind_optional(st, 12, c.parent_id).bind(13, c.rtc_region).bind(14, static_cast<std::int64_t>(c.video_quality_mode));
  bind_optional(st, 15, c.last_pin_ms).bind(16, static_cast<std::int64_t>(c.flags));
  if (auto r = st.run(); !r) {
    return r;
  }
  return insert_overwrites(db, c.id, c.overwrites);
}

result<void> insert_overwrites(connection& db, snowflake channel_id,
                               std::span<const model::permission_overwrite> overwrites) {
  for (const auto& ow : overwrites) {
    // A repeated target replaces the earlier entry, as PUT of the same overwrite would.
    auto s = db.cached(
        "INSERT OR REPLACE INTO channel_overwrites (channel_id, target_id, type, allow, deny) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, channel_id)
        .bind(2, ow.id)
        .bind(3, static_cast<std::int64_t>(ow.type))
        .bind(4, ow.allow)
        .bind(5, ow.deny);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
  }
  return {};
}

namespace {
model::permission_overwrite read_overwrite(const statement& s, int first) {
  model::permission_overwrite ow;
  ow.id = s.column_uint64(first + 0);
  ow.type = static_cast<model::permission_overwrite::kind>(s.column_int64(first + 1));
  ow.allow = s.column_uint64(first + 2);
  ow.deny = s.column_uint64(first + 3);
  return ow;
}
} // namespace

result<void> load_overwrites(connection& db, model::channel& c) {
  auto s = db.cached(
      "SELECT target_id, type, allow, deny FROM channel_overwrites WHERE channel_id = ?1 ORDER BY target_id");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, c.id);
  c.overwrites.clear();
  return for_each_row(**s, [&](const statement& row) { c.overwrites.push_back(read_overwrite(row, 0)); });
}

result<std::vector<model::channel>> load_channels(connection& db, snowflake guild_id) {
  std::vector<model::channel> channels;
  {
    static const std::string sql = std::string("SELECT ") + channel_columns +
        " FROM channels c WHERE c.guild_id = ?1 ORDER BY c.position, c.id";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id);
    if (auto r = for_each_row(**s, [&](const statement& row) { channels.push_back(read_channel(row, 0)); }); !r) {
      return r.error();
    }
  }
  if (channels.empty()) {
    return channels;
  }
  // All overwrites of the guild in one scan, then matched to their channel by id.
  std::vector<std::pair<snowflake, std::size_t>> by_id;
  by_id.reserve(channels.size());
  for (std::size_t i = 0; i < channels.size(); ++i) {
    by_id.emplace_back(channels[i].id, i);
  }
  std::sort(by_id.begin(), by_id.end());
  auto s = db.cached(
      "SELECT o.channel_id, o.target_id, o.type, o.allow, o.deny FROM channels c "
      "JOIN channel_overwrites o ON o.channel_id = c.id WHERE c.guild_id = ?1 ORDER BY o.channel_id, o.target_id");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id);
  auto r = for_each_row(**s, [&](const statement& row) {
    const snowflake channel_id = row.column_uint64(0);
    auto it = std::lower_bound(by_id.begin(), by_id.end(), std::pair<snowflake, std::size_t>(channel_id, 0));
    if (it != by_id.end() && it->first == channel_id) {
      channels[it->second].overwrites.push_back(read_overwrite(row, 1));
    }
  });
  if (!r) {
    return r.error();
  }
  return channels;
}

// ---- members

const char* const public_user_columns =
    "u.id, u.username, u.discriminator, u.global_name, u.avatar, u.bot, u.flags, u.created_ms";

model::user read_public_user(const statement& s, int first) {
  model::user u;
  u.id = s.column_uint64(first + 0);
  u.username = s.column_text(first + 1);
  u.discriminator = s.column_text(first + 2);
  u.global_name = s.column_optional_text(first + 3);
  u.avatar = s.column_optional_text(first + 4);
  u.bot = s.column_bool(first + 5);
  u.flags = s.column_uint64(first + 6);
  u.created_ms = s.column_int64(first + 7);
  return u;
}

const char* const member_columns =
    "m.guild_id, m.user_id, m.nick, m.joined_ms, m.deaf, m.mute, m.flags, m.pending, "
    "m.communication_disabled_until_ms, u.username, u.discriminator, u.global_name, u.avatar, u.bot, u.flags, "
    "u.created_ms";

member_record read_member(const statement& s, int first) {
  member_record rec;
  model::member& m = rec.member;
  m.guild_id = s.column_uint64(first + 0);
  m.user_id = s.column_uint64(first + 1);
  m.nick = s.column_optional_text(first + 2);
  m.joined_ms = s.column_int64(first + 3);
  m.deaf = s.column_bool(first + 4);
  m.mute = s.column_bool(first + 5);
  m.flags = static_cast<int>(s.column_int64(first + 6));
  m.pending = s.column_bool(first + 7);
  m.communication_disabled_until_ms = column_optional_int64(s, first + 8);
  model::user& u = rec.user;
  u.id = m.user_id;
  u.username = s.column_text(first + 9);
  u.discriminator = s.column_text(first + 10);
  u.global_name = s.column_optional_text(first + 11);
  u.avatar = s.column_optional_text(first + 12);
  u.bot = s.column_bool(first + 13);
  u.flags = s.column_uint64(first + 14);
  u.created_ms = s.column_int64(first + 15);
  return rec;
}

result<void> insert_member(connection& db, const model::member& m) {
  auto s = db.cached(
      "INSERT INTO members (guild_id, user_id, nick, nick_key, joined_ms, deaf, mute, flags, pending, "
      "communication_disabled_until_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!s) {
    return s.error();
  }
  const std::optional<std::string> nick_key = m.nick ? std::optional(ascii_lower(*m.nick)) : std::nullopt;
  (*s)->bind(1, m.guild_id)
      .bind(2, m.user_id)
      .bind(3, m.nick)
      .bind(4, nick_key)
      .bind(5, m.joined_ms)
      .bind(6, m.deaf)
      .bind(7, m.mute)
      .bind(8, static_cast<std::int64_t>(m.flags))
      .bind(9, m.pending);
  bind_optional(**s, 10, m.communication_disabled_until_ms);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  return replace_member_roles(db, m.guild_id, m.user_id, m.roles);
}

result<void> replace_member_roles(connection& db, snowflake guild_id, snowflake user_id,
                                  const std::vector<snowflake>& roles) {
  {
    auto s = db.cached("DELETE FROM member_roles WHERE guild_id = ?1 AND user_id = ?2");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, user_id);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
  }
  std::vector<snowflake> unique = roles;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  for (const snowflake role_id : unique) {
    if (role_id == guild_id) {
      continue; // @everyone is implicit, never listed
    }
    // Inserts nothing when the role is another guild's: that is the not_found below.
    auto s = db.cached(
        "INSERT INTO member_roles (guild_id, user_id, role_id) SELECT ?1, ?2, id FROM roles "
        "WHERE id = ?3 AND guild_id = ?1");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, user_id).bind(3, role_id);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
    if (auto r = require_changed(db); !r) {
      return r;
    }
  }
  return {};
}

result<void> load_member_roles(connection& db, model::member& m) {
  auto s = db.cached("SELECT role_id FROM member_roles WHERE guild_id = ?1 AND user_id = ?2 ORDER BY role_id");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, m.guild_id).bind(2, m.user_id);
  m.roles.clear();
  return for_each_row(**s, [&](const statement& row) { m.roles.push_back(row.column_uint64(0)); });
}

result<void> load_member_roles_sorted(connection& db, snowflake guild_id, std::vector<member_record>& members) {
  if (members.empty()) {
    return {};
  }
  auto s = db.cached(
      "SELECT user_id, role_id FROM member_roles WHERE guild_id = ?1 AND user_id BETWEEN ?2 AND ?3 "
      "ORDER BY user_id, role_id");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, guild_id).bind(2, members.front().member.user_id).bind(3, members.back().member.user_id);
  // Both sides are in SQLite's (signed) id order: walk them together.
  std::size_t i = 0;
  return for_each_row(**s, [&](const statement& row) {
    const std::int64_t user = row.column_int64(0);
    while (i < members.size() && static_cast<std::int64_t>(members[i].member.user_id) < user) {
      ++i;
    }
    if (i < members.size() && static_cast<std::int64_t>(members[i].member.user_id) == user) {
      members[i].member.roles.push_back(row.column_uint64(1));
    }
  });
}

result<std::optional<member_record>> load_member(connection& db, snowflake guild_id, snowflake user_id) {
  std::optional<member_record> found;
  {
    static const std::string sql = std::string("SELECT ") + member_columns +
        " FROM members m JOIN users u ON u.id = m.user_id WHERE m.guild_id = ?1 AND m.user_id = ?2";
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
      return found;
    }
    found = read_member(**s, 0);
  }
  if (auto r = load_member_roles(db, found->member); !r) {
    return r.error();
  }
  return found;
}

namespace {
result<bool> pair_exists(connection& db, std::string_view sql, snowflake guild_id, snowflake user_id) {
  auto s = db.cached(sql);
  if (!s) {
    return bool_error(s.error());
  }
  (*s)->bind(1, guild_id).bind(2, user_id);
  return (*s)->step();
}
} // namespace

result<bool> is_member(connection& db, snowflake guild_id, snowflake user_id) {
  return pair_exists(db, "SELECT 1 FROM members WHERE guild_id = ?1 AND user_id = ?2", guild_id, user_id);
}

result<bool> is_banned(connection& db, snowflake guild_id, snowflake user_id) {
  return pair_exists(db, "SELECT 1 FROM bans WHERE guild_id = ?1 AND user_id = ?2", guild_id, user_id);
}

// ---- invites

const char* const invite_columns =
    "i.code, i.guild_id, i.channel_id, i.inviter_id, i.uses, i.max_uses, i.max_age, i.temporary, i.created_ms";

model::invite read_invite(const statement& s, int first) {
  model::invite inv;
  inv.code = s.column_text(first + 0);
  inv.guild_id = s.column_uint64(first + 1);
  inv.channel_id = s.column_uint64(first + 2);
  inv.inviter_id = column_optional_id(s, first + 3);
  inv.uses = static_cast<int>(s.column_int64(first + 4));
  inv.max_uses = static_cast<int>(s.column_int64(first + 5));
  inv.max_age = static_cast<int>(s.column_int64(first + 6));
  inv.temporary = s.column_bool(first + 7);
  inv.created_ms = s.column_int64(first + 8);
  return inv;
}

// ---- audit log

result<void> write_audit(connection& db, const model::audit_log_entry* entry) {
  if (entry == nullptr) {
    return {};
  }
  auto s = db.cached(
      "INSERT INTO audit_log (id, guild_id, user_id, target_id, action_type, changes, options, reason) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) {
    return s.error();
  }
  statement& st = **s;
  st.bind(1, entry->id).bind(2, entry->guild_id);
  bind_optional(st, 3, entry->user_id);
  bind_optional(st, 4, entry->target_id)
      .bind(5, static_cast<std::int64_t>(entry->action_type))
      .bind(6, std::string_view(entry->changes_json))
      .bind(7, std::string_view(entry->options_json))
      .bind(8, entry->reason);
  return st.run();
}

} // namespace parley::store::sqlite
