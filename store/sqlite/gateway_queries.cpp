// SQL for the gateway's guild snapshots; see gateway_queries.hpp.
#include "store/sqlite/gateway_queries.hpp"

#include <string>

#include "store/sqlite/guild_queries.hpp"
#include "store/sqlite/guild_rows.hpp"

namespace parley::store::sqlite {
namespace {

// One guild inside the caller's read snapshot; nullopt when the guild is gone or user_id is not
// a member.
result<std::optional<guild_snapshot>> snapshot_of(connection& db, snowflake guild_id, snowflake user_id,
                                                  std::size_t member_limit) {
  std::optional<guild_snapshot> out;
  auto g = guild_by_id(db, guild_id);
  if (!g) {
    return g.error();
  }
  if (!*g) {
    return out;
  }
  auto self = load_member(db, guild_id, user_id);
  if (!self) {
    return self.error();
  }
  if (!*self) {
    return out;
  }
  guild_snapshot& snap = out.emplace();
  snap.guild = std::move((*g)->guild);
  snap.member_count = (*g)->member_count;
  auto roles = load_roles(db, guild_id);
  if (!roles) {
    return roles.error();
  }
  snap.roles = std::move(*roles);
  auto channels = load_channels(db, guild_id);
  if (!channels) {
    return channels.error();
  }
  snap.channels = std::move(*channels);

  // The others first (sorted, for the one-scan role load), then the own member goes in front.
  const std::size_t others = member_limit > 1 ? member_limit - 1 : 0;
  std::vector<member_record> members;
  if (others > 0) {
    static const std::string sql = std::string("SELECT ") + member_columns +
        " FROM members m JOIN users u ON u.id = m.user_id WHERE m.guild_id = ?1 AND m.user_id <> ?2 "
        "ORDER BY m.user_id LIMIT ?3";
    auto s = db.cached(sql);
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, guild_id).bind(2, user_id).bind(3, sql_limit(others));
    members.reserve(others < 1024 ? others + 1 : 1024);
    if (auto r = for_each_row(**s, [&](const statement& row) { members.push_back(read_member(row, 0)); }); !r) {
      return r.error();
    }
    if (auto r = load_member_roles_sorted(db, guild_id, members); !r) {
      return r.error();
    }
  }
  members.insert(members.begin(), std::move(**self));
  snap.members = std::move(members);
  return out;
}

} // namespace

result<std::vector<guild_snapshot>> guilds_for_gateway(connection& db, snowflake user_id, std::size_t member_limit) {
  std::vector<guild_snapshot> out;
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  std::vector<snowflake> guild_ids;
  {
    auto s = db.cached("SELECT guild_id FROM members WHERE user_id = ?1 ORDER BY guild_id");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, user_id);
    if (auto r = for_each_row(**s, [&](const statement& row) { guild_ids.push_back(row.column_uint64(0)); }); !r) {
      return r.error();
    }
  }
  out.reserve(guild_ids.size());
  for (const snowflake guild_id : guild_ids) {
    auto snap = snapshot_of(db, guild_id, user_id, member_limit);
    if (!snap) {
      return snap.error();
    }
    if (*snap) { // always, inside one snapshot
      out.push_back(std::move(**snap));
    }
  }
  return out;
}

result<std::optional<guild_snapshot>> guild_for_gateway(connection& db, snowflake guild_id, snowflake user_id,
                                                        std::size_t member_limit) {
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) {
    return r.error();
  }
  return snapshot_of(db, guild_id, user_id, member_limit);
}

} // namespace parley::store::sqlite
