// SQL for pins (schema migration 3); see pin_queries.hpp. Every read of pins goes through the
// partial index messages_pinned(channel_id, pinned_ms), so its cost follows the number of pins,
// not the size of the channel.
#include "store/sqlite/pin_queries.hpp"

#include <limits>
#include <optional>
#include <utility>

#include "store/sqlite/guild_rows.hpp"
#include "store/sqlite/records_by_id.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// The message's pinned_ms: outer nullopt when the message is not in the channel.
result<std::optional<std::optional<std::int64_t>>> pinned_state(connection& db, snowflake channel_id,
                                                                snowflake message_id) {
  auto s = db.cached("SELECT pinned_ms FROM messages WHERE id = ?1 AND channel_id = ?2");
  if (!s) return s.error();
  (*s)->bind(1, message_id).bind(2, channel_id);
  auto row = (*s)->step();
  if (!row) return row.error();
  std::optional<std::optional<std::int64_t>> out;
  if (*row) out.emplace(column_optional_int64(**s, 0));
  return out;
}

result<void> set_pinned(connection& db, snowflake message_id, std::optional<std::int64_t> pinned_ms) {
  auto s = db.cached("UPDATE messages SET pinned_ms = ?2 WHERE id = ?1");
  if (!s) return s.error();
  (*s)->bind(1, message_id);
  bind_optional(**s, 2, pinned_ms);
  return (*s)->run();
}

} // namespace

result<bool> pin_message(connection& db, snowflake channel_id, snowflake message_id, std::int64_t now_ms,
                         std::size_t max_pins) {
  auto state = pinned_state(db, channel_id, message_id);
  if (!state) return bool_error(state.error());
  if (!*state) return bool_error(store_errc::not_found);
  if (state->value()) return false;
  {
    auto s = db.cached("SELECT COUNT(*) FROM messages WHERE channel_id = ?1 AND pinned_ms IS NOT NULL");
    if (!s) return bool_error(s.error());
    (*s)->bind(1, channel_id);
    auto row = (*s)->step();
    if (!row) return bool_error(row.error());
    if (static_cast<std::size_t>((*s)->column_int64(0)) >= max_pins) return bool_error(store_errc::conflict);
  }
  if (auto r = set_pinned(db, message_id, now_ms); !r) return bool_error(r.error());
  // last_pin_ms never goes backwards, even when the clock does.
  auto s = db.cached("UPDATE channels SET last_pin_ms = MAX(COALESCE(last_pin_ms, ?2), ?2) WHERE id = ?1");
  if (!s) return bool_error(s.error());
  (*s)->bind(1, channel_id).bind(2, now_ms);
  if (auto r = (*s)->run(); !r) return bool_error(r.error());
  return true;
}

result<bool> unpin_message(connection& db, snowflake channel_id, snowflake message_id) {
  auto state = pinned_state(db, channel_id, message_id);
  if (!state) return bool_error(state.error());
  if (!*state) return bool_error(store_errc::not_found);
  if (!state->value()) return false;
  if (auto r = set_pinned(db, message_id, std::nullopt); !r) return bool_error(r.error());
  auto s = db.cached(
      "UPDATE channels SET last_pin_ms = (SELECT MAX(pinned_ms) FROM messages WHERE channel_id = ?1 AND "
      "pinned_ms IS NOT NULL) WHERE id = ?1");
  if (!s) return bool_error(s.error());
  (*s)->bind(1, channel_id);
  if (auto r = (*s)->run(); !r) return bool_error(r.error());
  return true;
}

result<std::vector<pin_record>> pins(connection& db, snowflake channel_id, std::int64_t before_ms, std::size_t limit,
                                     snowflake viewer) {
  std::vector<pin_record> out;
  if (limit == 0) return out;
  read_snapshot snapshot(db);
  if (auto r = snapshot.begin(); !r) return r.error();
  std::vector<std::pair<snowflake, std::int64_t>> order;  // (message id, pinned_ms), newest pin first
  {
    auto s = db.cached(
        "SELECT id, pinned_ms FROM messages WHERE channel_id = ?1 AND pinned_ms IS NOT NULL AND pinned_ms < ?2 "
        "ORDER BY pinned_ms DESC, id DESC LIMIT ?3");
    if (!s) return s.error();
    (*s)->bind(1, channel_id)
        .bind(2, before_ms > 0 ? before_ms : std::numeric_limits<std::int64_t>::max())
        .bind(3, sql_limit(limit));
    auto r = for_each_row(**s, [&](const statement& row) { order.emplace_back(row.column_uint64(0), row.column_int64(1)); });
    if (!r) return r.error();
  }
  if (order.empty()) return out;
  std::vector<snowflake> ids;
  ids.reserve(order.size());
  for (const auto& entry : order) ids.push_back(entry.first);
  std::vector<std::size_t> kept;
  auto records = records_by_id(db, ids, viewer, &kept);
  if (!records) return records.error();
  out.reserve(records->size());
  for (std::size_t i = 0; i < records->size(); ++i) out.push_back(pin_record{order[kept[i]].second, std::move((*records)[i])});
  return out;
}

} // namespace parley::store::sqlite
