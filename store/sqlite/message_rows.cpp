// Row readers and writers of the conversation tables (schema migration 3 in migrations.cpp) and
// the per-page batch completion of message records; see message_rows.hpp.
#include "store/sqlite/message_rows.hpp"

#include <algorithm>
#include <unordered_map>

#include <sqlite3.h>

#include "store/sqlite/guild_rows.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// mention_roles is a JSON array of decimal id strings we wrote ourselves: ["1","2"].
std::string role_list_json(const std::vector<snowflake>& roles) {
  std::string out = "[";
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i) out += ',';
    out += '"';
    out += std::to_string(roles[i]);
    out += '"';
  }
  out += ']';
  return out;
}

std::vector<snowflake> parse_role_list(std::string_view text) {
  std::vector<snowflake> out;
  snowflake value = 0;
  bool in_number = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<snowflake>(c - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  return out;
}

std::optional<double> column_optional_double(const statement& s, int index) {
  if (sqlite3_column_type(s.handle(), index) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(s.handle(), index);
}

std::optional<int> column_optional_int(const statement& s, int index) {
  if (sqlite3_column_type(s.handle(), index) == SQLITE_NULL) return std::nullopt;
  return static_cast<int>(s.column_int64(index));
}

statement& bind_optional_int(statement& s, int index, const std::optional<int>& v) {
  return v ? s.bind(index, static_cast<std::int64_t>(*v)) : s.bind_null(index);
}

// message id → index into a vector, for the batch loaders.
using index_map = std::unordered_map<snowflake, std::size_t>;

index_map index_of(const std::vector<model::message>& messages) {
  index_map out;
  out.reserve(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) out.emplace(messages[i].id, i);
  return out;
}

std::vector<snowflake> ids_of(const std::vector<model::message>& messages) {
  std::vector<snowflake> ids;
  ids.reserve(messages.size());
  for (const auto& m : messages) ids.push_back(m.id);
  return ids;
}

result<void> load_mentions(connection& db, std::vector<model::message>& messages) {
  if (messages.empty()) return {};
  const auto ids = id_list_json(ids_of(messages));
  const auto index = index_of(messages);
  for (auto& m : messages) m.mention_users.clear();
  auto s = db.cached(
      "SELECT message_id, user_id FROM message_mentions WHERE message_id IN (SELECT value FROM json_each(?1)) "
      "ORDER BY message_id, position");
  if (!s) return s.error();
  (*s)->bind(1, std::string_view(ids));
  return for_each_row(**s, [&](const statement& row) {
    if (auto it = index.find(row.column_uint64(0)); it != index.end())
      messages[it->second].mention_users.push_back(row.column_uint64(1));
  });
}

result<std::unordered_map<snowflake, model::user>> load_users(connection& db, std::vector<snowflake> ids) {
  std::unordered_map<snowflake, model::user> out;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return out;
  static const std::string sql =
      std::string("SELECT ") + public_user_columns + " FROM users u WHERE u.id IN (SELECT value FROM json_each(?1))";
  auto s = db.cached(sql);
  if (!s) return s.error();
  const auto list = id_list_json(ids);
  (*s)->bind(1, std::string_view(list));
  out.reserve(ids.size());
  auto r = for_each_row(**s, [&](const statement& row) {
    auto u = read_public_user(row, 0);
    const auto id = u.id;
    out.emplace(id, std::move(u));
  });
  if (!r) return r.error();
  return out;
}

// Reactions of the page for viewer: one grouped scan of the reactions primary key.
result<void> load_reactions(connection& db, std::vector<message_record>& records, snowflake viewer) {
  if (records.empty()) return {};
  std::vector<snowflake> ids;
  index_map index;
  ids.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    ids.push_back(records[i].message.id);
    index.emplace(records[i].message.id, i);
  }
  const auto list = id_list_json(ids);
  auto s = db.cached(
      "SELECT message_id, MAX(emoji_id), MAX(emoji_name), MAX(animated), COUNT(*), SUM(type = 1), "
      "MAX(type = 0 AND user_id = ?2), MAX(type = 1 AND user_id = ?2), MIN(created_ms) AS first_ms "
      "FROM reactions WHERE message_id IN (SELECT value FROM json_each(?1)) "
      "GROUP BY message_id, emoji_key ORDER BY message_id, first_ms, emoji_key");
  if (!s) return s.error();
  (*s)->bind(1, std::string_view(list)).bind(2, viewer);
  return for_each_row(**s, [&](const statement& row) {
    auto it = index.find(row.column_uint64(0));
    if (it == index.end()) return;
    model::reaction_count rc;
    rc.emoji.id = column_optional_id(row, 1);
    rc.emoji.name = std::string(row.column_text(2));
    rc.emoji.animated = row.column_bool(3);
    rc.count = static_cast<int>(row.column_int64(4));
    rc.burst_count = static_cast<int>(row.column_int64(5));
    rc.me = row.column_bool(6);
    rc.me_burst = row.column_bool(7);
    records[it->second].message.reactions.push_back(std::move(rc));
  });
}

} // namespace

const char* const message_columns =
    "m.id, m.channel_id, m.guild_id, m.author_id, m.type, m.content, m.edited_ms, m.tts, m.mention_everyone, "
    "m.mention_roles, m.embeds, m.components, m.nonce, m.flags, m.pinned_ms, m.ref_type, m.ref_message_id, "
    "m.ref_channel_id, m.ref_guild_id, m.webhook_id, m.has";

model::message read_message(const statement& s, int first) {
  model::message m;
  m.id = s.column_uint64(first + 0);
  m.channel_id = s.column_uint64(first + 1);
  m.guild_id = column_optional_id(s, first + 2);
  m.author_id = s.column_uint64(first + 3);
  m.type = static_cast<model::message_type>(s.column_int64(first + 4));
  m.content = s.column_text(first + 5);
  m.edited_ms = column_optional_int64(s, first + 6);
  m.tts = s.column_bool(first + 7);
  m.mention_everyone = s.column_bool(first + 8);
  m.mention_roles = parse_role_list(s.column_text(first + 9));
  m.embeds_json = s.column_text(first + 10);
  m.components_json = s.column_text(first + 11);
  m.nonce_json = s.column_optional_text(first + 12);
  m.flags = static_cast<int>(s.column_int64(first + 13));
  m.pinned_ms = column_optional_int64(s, first + 14);
  if (auto ref_type = column_optional_int64(s, first + 15)) {
    model::message_reference ref;
    ref.type = static_cast<int>(*ref_type);
    ref.message_id = column_optional_id(s, first + 16);
    ref.channel_id = column_optional_id(s, first + 17);
    ref.guild_id = column_optional_id(s, first + 18);
    m.reference = ref;
  }
  m.webhook_id = column_optional_id(s, first + 19);
  m.has = static_cast<int>(s.column_int64(first + 20));
  return m;
}

std::string id_list_json(std::span<const snowflake> ids) {
  std::string out;
  out.reserve(ids.size() * 20 + 2);
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(static_cast<std::int64_t>(ids[i]));
  }
  out += ']';
  return out;
}

result<void> insert_attachment(connection& db, const model::message& m, const model::attachment& a, int position) {
  auto s = db.cached(
      "INSERT INTO attachments (id, message_id, channel_id, position, filename, title, description, content_type, "
      "size, width, height, flags, duration_secs, waveform) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!s) return s.error();
  statement& st = **s;
  st.bind(1, a.id)
      .bind(2, m.id)
      .bind(3, m.channel_id)
      .bind(4, static_cast<std::int64_t>(position))
      .bind(5, std::string_view(a.filename))
      .bind(6, a.title)
      .bind(7, a.description)
      .bind(8, a.content_type)
      .bind(9, a.size);
  bind_optional_int(st, 10, a.width);
  bind_optional_int(st, 11, a.height).bind(12, static_cast<std::int64_t>(a.flags));
  if (a.duration_secs) {
    if (sqlite3_bind_double(st.handle(), 13, *a.duration_secs) != SQLITE_OK) return store_errc::io;
  } else {
    st.bind_null(13);
  }
  st.bind(14, a.waveform);
  return st.run();
}

result<void> replace_mentions(connection& db, const model::message& m) {
  {
    auto s = db.cached("DELETE FROM message_mentions WHERE message_id = ?1");
    if (!s) return s.error();
    (*s)->bind(1, m.id);
    if (auto r = (*s)->run(); !r) return r;
  }
  std::int64_t position = 0;
  for (const snowflake user_id : m.mention_users) {
    // OR IGNORE: a repeated id keeps its first position (the model promises no duplicates anyway).
    auto s = db.cached(
        "INSERT OR IGNORE INTO message_mentions (message_id, user_id, channel_id, position) VALUES (?1, ?2, ?3, ?4)");
    if (!s) return s.error();
    (*s)->bind(1, m.id).bind(2, user_id).bind(3, m.channel_id).bind(4, position++);
    if (auto r = (*s)->run(); !r) return r;
  }
  return {};
}

result<void> insert_message(connection& db, const model::message& m) {
  {
    auto s = db.cached(
        "INSERT INTO messages (id, channel_id, guild_id, author_id, type, content, edited_ms, tts, mention_everyone, "
        "mention_roles, embeds, components, nonce, flags, pinned_ms, ref_type, ref_message_id, ref_channel_id, "
        "ref_guild_id, webhook_id, has) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
    if (!s) return s.error();
    statement& st = **s;
    const auto roles = role_list_json(m.mention_roles);
    st.bind(1, m.id).bind(2, m.channel_id);
    bind_optional(st, 3, m.guild_id)
        .bind(4, m.author_id)
        .bind(5, static_cast<std::int64_t>(m.type))
        .bind(6, std::string_view(m.content));
    bind_optional(st, 7, m.edited_ms)
        .bind(8, m.tts)
        .bind(9, m.mention_everyone)
        .bind(10, std::string_view(roles))
        .bind(11, std::string_view(m.embeds_json))
        .bind(12, std::string_view(m.components_json))
        .bind(13, m.nonce_json)
        .bind(14, static_cast<std::int64_t>(m.flags));
    bind_optional(st, 15, m.pinned_ms);
    if (m.reference) {
      st.bind(16, static_cast<std::int64_t>(m.reference->type));
      bind_optional(st, 17, m.reference->message_id);
      bind_optional(st, 18, m.reference->channel_id);
      bind_optional(st, 19, m.reference->guild_id);
    } else {
      st.bind_null(16).bind_null(17).bind_null(18).bind_null(19);
    }
    bind_optional(st, 20, m.webhook_id).bind(21, static_cast<std::int64_t>(m.has));
    if (auto r = st.run(); !r) return r;
  }
  int position = 0;
  for (const auto& a : m.attachments)
    if (auto r = insert_attachment(db, m, a, position++); !r) return r;
  std::int64_t mention_position = 0;
  for (const snowflake user_id : m.mention_users) {
    auto s = db.cached(
        "INSERT OR IGNORE INTO message_mentions (message_id, user_id, channel_id, position) VALUES (?1, ?2, ?3, ?4)");
    if (!s) return s.error();
    (*s)->bind(1, m.id).bind(2, user_id).bind(3, m.channel_id).bind(4, mention_position++);
    if (auto r = (*s)->run(); !r) return r;
  }
  return {};
}

result<std::vector<model::message>> load_messages(connection& db, std::span<const snowflake> ids) {
  std::vector<model::message> out;
  if (ids.empty()) return out;
  static const std::string sql =
      std::string("SELECT ") + message_columns + " FROM messages m WHERE m.id IN (SELECT value FROM json_each(?1))";
  auto s = db.cached(sql);
  if (!s) return s.error();
  const auto list = id_list_json(ids);
  (*s)->bind(1, std::string_view(list));
  if (auto r = for_each_row(**s, [&](const statement& row) { out.push_back(read_message(row, 0)); }); !r)
    return r.error();
  return out;
}

result<void> load_attachments(connection& db, std::vector<model::message>& messages) {
  if (messages.empty()) return {};
  const auto list = id_list_json(ids_of(messages));
  const auto index = index_of(messages);
  for (auto& m : messages) m.attachments.clear();
  auto s = db.cached(
      "SELECT message_id, id, filename, title, description, content_type, size, width, height, flags, "
      "duration_secs, waveform FROM attachments WHERE message_id IN (SELECT value FROM json_each(?1)) "
      "ORDER BY message_id, position");
  if (!s) return s.error();
  (*s)->bind(1, std::string_view(list));
  auto r = for_each_row(**s, [&](const statement& row) {
    auto it = index.find(row.column_uint64(0));
    if (it == index.end()) return;
    model::attachment a;
    a.id = row.column_uint64(1);
    a.filename = row.column_text(2);
    a.title = row.column_optional_text(3);
    a.description = row.column_optional_text(4);
    a.content_type = row.column_optional_text(5);
    a.size = row.column_int64(6);
    a.width = column_optional_int(row, 7);
    a.height = column_optional_int(row, 8);
    a.flags = static_cast<int>(row.column_int64(9));
    a.duration_secs = column_optional_double(row, 10);
    a.waveform = row.column_optional_text(11);
    messages[it->second].attachments.push_back(std::move(a));
  });
  if (!r) return r;
  return load_mentions(db, messages);
}

result<std::vector<message_record>> complete_records(connection& db, std::vector<model::message> messages,
                                                     snowflake viewer, bool fresh) {
  std::vector<message_record> out;
  if (messages.empty()) return out;

  // Replied-to messages (one level): loaded and completed alongside the page.
  std::vector<snowflake> referenced_ids;
  for (const auto& m : messages)
    if (m.reference && m.reference->type == 0 && m.reference->message_id)
      referenced_ids.push_back(*m.reference->message_id);
  std::sort(referenced_ids.begin(), referenced_ids.end());
  referenced_ids.erase(std::unique(referenced_ids.begin(), referenced_ids.end()), referenced_ids.end());
  std::vector<model::message> referenced;
  if (!referenced_ids.empty()) {
    auto r = load_messages(db, referenced_ids);
    if (!r) return r.error();
    referenced = std::move(*r);
  }

  // One attachments query and one mentions query for the page and its references together.
  const std::size_t page_size = messages.size();
  if (fresh) {
    if (auto r = load_attachments(db, referenced); !r) return r.error();
  } else {
    for (auto& m : referenced) messages.push_back(std::move(m));
    if (auto r = load_attachments(db, messages); !r) return r.error();
    referenced.assign(std::make_move_iterator(messages.begin() + static_cast<std::ptrdiff_t>(page_size)),
                      std::make_move_iterator(messages.end()));
    messages.resize(page_size);
  }

  std::vector<snowflake> user_ids;
  for (const auto* list : {&messages, &referenced})
    for (const auto& m : *list) {
      user_ids.push_back(m.author_id);
      if (list == &messages) user_ids.insert(user_ids.end(), m.mention_users.begin(), m.mention_users.end());
    }
  auto users = load_users(db, std::move(user_ids));
  if (!users) return users.error();
  const auto user_or_placeholder = [&](snowflake id) {
    if (auto it = users->find(id); it != users->end()) return it->second;
    // Messages outlive their authors (no foreign key): show a deleted user, as Discord does.
    model::user u;
    u.id = id;
    u.username = "Deleted User";
    return u;
  };

  index_map referenced_index = index_of(referenced);
  out.reserve(page_size);
  for (auto& m : messages) {
    message_record rec;
    rec.author = user_or_placeholder(m.author_id);
    rec.mentions.reserve(m.mention_users.size());
    for (const snowflake id : m.mention_users)
      if (auto it = users->find(id); it != users->end()) rec.mentions.push_back(it->second);
    if (m.reference && m.reference->type == 0 && m.reference->message_id) {
      if (auto it = referenced_index.find(*m.reference->message_id); it != referenced_index.end()) {
        rec.referenced = referenced[it->second];
        rec.referenced_author = user_or_placeholder(rec.referenced->author_id);
      }
    }
    rec.message = std::move(m);
    out.push_back(std::move(rec));
  }
  if (!fresh)
    if (auto r = load_reactions(db, out, viewer); !r) return r.error();
  return out;
}

} // namespace parley::store::sqlite
