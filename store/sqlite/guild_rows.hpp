// Internal to store/sqlite: the column lists and row readers/writers of the community tables
// (schema migration 2), shared by the guild, channel, role, member, invite and audit queries.
// Every function runs on the caller's connection; none opens a transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// ---- plumbing
std::optional<snowflake> column_optional_id(const statement& s, int index) noexcept;
std::optional<std::int64_t> column_optional_int64(const statement& s, int index) noexcept;
statement& bind_optional(statement& s, int index, const std::optional<snowflake>& value) noexcept;
// Parameters ?1..?11 of both the INSERT and the UPDATE of a role row, in column order.
void bind_role_columns(statement& st, const model::role& r);
statement& bind_optional(statement& s, int index, const std::optional<std::int64_t>& value) noexcept;

// Steps s to the end, calling on_row(s) for each row.
template <class OnRow>
result<void> for_each_row(statement& s, OnRow&& on_row) {
  for (;;) {
    auto row = s.step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return {};
    }
    on_row(s);
  }
}

// LIMIT parameter; SQLite takes a signed 64-bit value.
std::int64_t sql_limit(std::size_t limit) noexcept;
// Snowflakes are stored bit-cast to int64, so an id at or above 2^63 sorts first; a bound that
// large means "unbounded" on the low side and "nothing" past it.
bool id_past_end(snowflake id) noexcept;
// An id_page as SQL bounds: ids in (after, before), scanned downwards from `before` when
// descending. `empty` when nothing can match.
struct id_window {
  std::int64_t after = 0;
  std::int64_t before = 0;
  bool descending = false;
  bool empty = false;
};
id_window window_of(const id_page& page) noexcept;
// ASCII lowercasing, as account keys do.
std::string ascii_lower(std::string_view s);

// True when a row answers `sql` with `id` bound as ?1 (existence checks on primary keys).
result<bool> row_exists(connection& db, std::string_view sql, snowflake id);
// store_errc::not_found unless the row exists.
result<void> require_guild(connection& db, snowflake guild_id);
result<void> require_user(connection& db, snowflake user_id);
// Fails with not_found when the last statement changed no row.
result<void> require_changed(connection& db);

// A read transaction on a reader connection: the several statements of one call see one
// snapshot. Declare it before any statement lease so it ends after them.
class read_snapshot {
 public:
  explicit read_snapshot(connection& db) : db_(db) {}
  read_snapshot(const read_snapshot&) = delete;
  read_snapshot& operator=(const read_snapshot&) = delete;
  ~read_snapshot();
  result<void> begin();

 private:
  connection& db_;
  bool open_ = false;
};

// ---- guilds: g.* columns in this order
extern const char* const guild_columns;  // "g.id, g.name, ..., g.member_count"
inline constexpr int guild_column_count = 18;
inline constexpr int member_column_count = 16;
model::guild read_guild(const statement& s, int first);
std::int64_t read_guild_member_count(const statement& s, int first);

// ---- roles
extern const char* const role_columns;  // r.*
model::role read_role(const statement& s, int first);
result<void> insert_role(connection& db, const model::role& r);
result<std::vector<model::role>> load_roles(connection& db, snowflake guild_id);

// ---- channels (the overwrites are loaded separately)
extern const char* const channel_columns;  // c.*
model::channel read_channel(const statement& s, int first);
result<void> insert_channel(connection& db, const model::channel& c);
result<void> insert_overwrites(connection& db, snowflake channel_id,
                               std::span<const model::permission_overwrite> overwrites);
result<void> load_overwrites(connection& db, model::channel& c);
result<std::vector<model::channel>> load_channels(connection& db, snowflake guild_id);

// A failed result<bool>: built in place, since a bare error_code would convert to the bool.
inline result<bool> bool_error(error_code ec) { return {boost::system::in_place_error, ec}; }

// ---- users: the public columns only (no email, no password hash), u.*
extern const char* const public_user_columns;
model::user read_public_user(const statement& s, int first);

// ---- members (with the public columns of their user)
extern const char* const member_columns;  // m.* then u.*, FROM members m JOIN users u
member_record read_member(const statement& s, int first);
result<void> insert_member(connection& db, const model::member& m);
// Replaces the member's role list; not_found when a role is not the guild's (@everyone skipped).
result<void> replace_member_roles(connection& db, snowflake guild_id, snowflake user_id,
                                  const std::vector<snowflake>& roles);
result<void> load_member_roles(connection& db, model::member& m);
// Fills the roles of members sorted by user id (one range scan instead of one query each).
result<void> load_member_roles_sorted(connection& db, snowflake guild_id, std::vector<member_record>& members);
result<std::optional<member_record>> load_member(connection& db, snowflake guild_id, snowflake user_id);
result<bool> is_member(connection& db, snowflake guild_id, snowflake user_id);
result<bool> is_banned(connection& db, snowflake guild_id, snowflake user_id);

// ---- invites
extern const char* const invite_columns;  // i.*
model::invite read_invite(const statement& s, int first);

// ---- audit log: writes *entry when not null.
result<void> write_audit(connection& db, const model::audit_log_entry* entry);

} // namespace parley::store::sqlite
