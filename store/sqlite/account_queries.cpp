// SQL for users, tokens and applications (schema migration 1 in migrations.cpp).
#include "store/sqlite/account_queries.hpp"

#include <limits>
#include <string>

#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

// ASCII lowercasing, as model::user::name_key() does: the same login always finds the same key.
std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::optional<std::string> email_key(const std::optional<std::string>& email) {
  if (!email) {
    return std::nullopt;
  }
  return lowercase(*email);
}

// Column order of every user SELECT below:
// id, username, discriminator, global_name, avatar, email, password_hash, bot, flags, created_ms
model::user read_user(const statement& s) {
  model::user u;
  u.id = s.column_uint64(0);
  u.username = s.column_text(1);
  u.discriminator = s.column_text(2);
  u.global_name = s.column_optional_text(3);
  u.avatar = s.column_optional_text(4);
  u.email = s.column_optional_text(5);
  u.password_hash = s.column_text(6);
  u.bot = s.column_bool(7);
  u.flags = s.column_uint64(8);
  u.created_ms = s.column_int64(9);
  return u;
}

// Column order of every application SELECT below: id, name, description, icon, owner_id,
// bot_user_id, flags, bot_public, bot_require_code_grant, verify_key, created_ms
model::application read_application(const statement& s) {
  model::application a;
  a.id = s.column_uint64(0);
  a.name = s.column_text(1);
  a.description = s.column_text(2);
  a.icon = s.column_optional_text(3);
  a.owner_id = s.column_uint64(4);
  a.bot_user_id = s.column_uint64(5);
  a.flags = s.column_uint64(6);
  a.bot_public = s.column_bool(7);
  a.bot_require_code_grant = s.column_bool(8);
  a.verify_key = s.column_text(9);
  a.created_ms = s.column_int64(10);
  return a;
}

// Runs a prepared single-row user query whose parameters are already bound.
result<std::optional<model::user>> one_user(statement& s) {
  auto row = s.step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<model::user>();
  }
  return std::optional<model::user>(read_user(s));
}

result<std::optional<model::application>> one_application(statement& s) {
  auto row = s.step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<model::application>();
  }
  return std::optional<model::application>(read_application(s));
}

// Snowflakes are stored bit-cast to int64; ids at or above 2^63 (year 2084) would sort first.
// A cursor that large has nothing after it.
bool cursor_past_end(snowflake after) {
  return after >= static_cast<snowflake>(std::numeric_limits<std::int64_t>::max());
}

std::int64_t clamp_limit(std::size_t limit) {
  constexpr auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(limit > max ? max : limit);
}

// The derived key columns of a user row. They must outlive the statement's run: text is bound
// without a copy.
struct user_keys {
  std::string name_key;
  std::optional<std::string> mail_key;
};

// Parameters ?1..?12 of both the INSERT and the UPDATE of a user row, in column order.
void bind_user_columns(statement& st, const model::user& u, const user_keys& keys) {
  const auto& name_key = keys.name_key;
  const auto& mail_key = keys.mail_key;
  st.bind(1, u.id)
      .bind(2, std::string_view(u.username))
      .bind(3, std::string_view(u.discriminator))
      .bind(4, std::string_view(name_key))
      .bind(5, u.global_name)
      .bind(6, u.avatar)
      .bind(7, u.email)
      .bind(8, mail_key)
      .bind(9, std::string_view(u.password_hash))
      .bind(10, u.bot)
      .bind(11, u.flags)
      .bind(12, u.created_ms);
}

result<void> insert_user_row(connection& db, const model::user& u) {
  auto s = db.cached(
      "INSERT INTO users (id, username, discriminator, name_key, global_name, avatar, email, email_key, "
      "password_hash, bot, flags, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!s) {
    return s.error();
  }
  const user_keys keys{u.name_key(), email_key(u.email)};
  bind_user_columns(**s, u, keys);
  return (*s)->run();
}

} // namespace

result<void> insert_token(connection& db, const token& t) {
  auto s = db.cached("INSERT INTO tokens (hash, user_id, created_ms) VALUES (?1, ?2, ?3)");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, std::span<const std::uint8_t>(t.hash)).bind(2, t.user_id).bind(3, t.created_ms);
  return (*s)->run();
}

result<void> insert_user(connection& db, const model::user& u, const token* initial_token) {
  if (auto r = insert_user_row(db, u); !r) {
    return r;
  }
  if (initial_token != nullptr) {
    return insert_token(db, *initial_token);
  }
  return {};
}

result<std::optional<model::user>> user_by_id(connection& db, snowflake id) {
  auto s = db.cached(
      "SELECT id, username, discriminator, global_name, avatar, email, password_hash, bot, flags, created_ms "
      "FROM users WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, id);
  return one_user(**s);
}

result<std::optional<model::user>> user_by_login(connection& db, std::string_view login) {
  std::string key = lowercase(login);
  {
    auto s = db.cached(
        "SELECT id, username, discriminator, global_name, avatar, email, password_hash, bot, flags, created_ms "
        "FROM users WHERE email_key = ?1");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, std::string_view(key));
    auto found = one_user(**s);
    if (!found || found->has_value()) {
      return found;
    }
  }
  // People log in by handle; bots have four-digit discriminators and cannot log in this way.
  key += "#0";
  auto s = db.cached(
      "SELECT id, username, discriminator, global_name, avatar, email, password_hash, bot, flags, created_ms "
      "FROM users WHERE name_key = ?1 AND bot = 0");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, std::string_view(key));
  return one_user(**s);
}

result<void> update_user(connection& db, const model::user& u) {
  auto s = db.cached(
      "UPDATE users SET username = ?2, discriminator = ?3, name_key = ?4, global_name = ?5, avatar = ?6, "
      "email = ?7, email_key = ?8, password_hash = ?9, bot = ?10, flags = ?11, created_ms = ?12 WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  const user_keys keys{u.name_key(), email_key(u.email)};
  bind_user_columns(**s, u, keys);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (db.changes() == 0) {
    return store_errc::not_found;
  }
  return {};
}

result<std::vector<model::user>> list_users(connection& db, snowflake after, std::size_t limit) {
  std::vector<model::user> users;
  if (limit == 0 || cursor_past_end(after)) {
    return users;
  }
  auto s = db.cached(
      "SELECT id, username, discriminator, global_name, avatar, email, password_hash, bot, flags, created_ms "
      "FROM users WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, after).bind(2, clamp_limit(limit));
  for (;;) {
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return users;
    }
    users.push_back(read_user(**s));
  }
}

result<std::optional<snowflake>> user_by_token(connection& db, const token_hash& hash) {
  auto s = db.cached("SELECT user_id FROM tokens WHERE hash = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, std::span<const std::uint8_t>(hash));
  auto row = (*s)->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<snowflake>();
  }
  return std::optional<snowflake>((*s)->column_uint64(0));
}

result<void> delete_token(connection& db, const token_hash& hash) {
  auto s = db.cached("DELETE FROM tokens WHERE hash = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, std::span<const std::uint8_t>(hash));
  return (*s)->run();
}

result<void> replace_tokens(connection& db, snowflake user_id, const token& t) {
  {
    auto s = db.cached("DELETE FROM tokens WHERE user_id = ?1");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, user_id);
    if (auto r = (*s)->run(); !r) {
      return r;
    }
  }
  token owned = t;
  owned.user_id = user_id; // the token belongs to the user whose tokens were replaced
  return insert_token(db, owned);
}

result<void> insert_application(connection& db, const model::application& app, const model::user& bot,
                                const token& bot_token) {
  if (auto r = insert_user_row(db, bot); !r) {
    return r;
  }
  if (auto r = insert_token(db, bot_token); !r) {
    return r;
  }
  auto s = db.cached(
      "INSERT INTO applications (id, name, description, icon, owner_id, bot_user_id, flags, bot_public, "
      "bot_require_code_grant, verify_key, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, app.id)
      .bind(2, std::string_view(app.name))
      .bind(3, std::string_view(app.description))
      .bind(4, app.icon)
      .bind(5, app.owner_id)
      .bind(6, app.bot_user_id)
      .bind(7, app.flags)
      .bind(8, app.bot_public)
      .bind(9, app.bot_require_code_grant)
      .bind(10, std::string_view(app.verify_key))
      .bind(11, app.created_ms);
  return (*s)->run();
}

result<std::optional<model::application>> application_by_id(connection& db, snowflake id) {
  auto s = db.cached(
      "SELECT id, name, description, icon, owner_id, bot_user_id, flags, bot_public, bot_require_code_grant, "
      "verify_key, created_ms FROM applications WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, id);
  return one_application(**s);
}

result<std::optional<model::application>> application_by_bot(connection& db, snowflake bot_user_id) {
  auto s = db.cached(
      "SELECT id, name, description, icon, owner_id, bot_user_id, flags, bot_public, bot_require_code_grant, "
      "verify_key, created_ms FROM applications WHERE bot_user_id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, bot_user_id);
  return one_application(**s);
}

result<std::vector<model::application>> applications_by_owner(connection& db, snowflake owner_id) {
  auto s = db.cached(
      "SELECT id, name, description, icon, owner_id, bot_user_id, flags, bot_public, bot_require_code_grant, "
      "verify_key, created_ms FROM applications WHERE owner_id = ?1 ORDER BY id");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, owner_id);
  std::vector<model::application> apps;
  for (;;) {
    auto row = (*s)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return apps;
    }
    apps.push_back(read_application(**s));
  }
}

result<void> update_application(connection& db, const model::application& app) {
  auto s = db.cached(
      "UPDATE applications SET name = ?2, description = ?3, icon = ?4, owner_id = ?5, bot_user_id = ?6, "
      "flags = ?7, bot_public = ?8, bot_require_code_grant = ?9, verify_key = ?10, created_ms = ?11 "
      "WHERE id = ?1");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, app.id)
      .bind(2, std::string_view(app.name))
      .bind(3, std::string_view(app.description))
      .bind(4, app.icon)
      .bind(5, app.owner_id)
      .bind(6, app.bot_user_id)
      .bind(7, app.flags)
      .bind(8, app.bot_public)
      .bind(9, app.bot_require_code_grant)
      .bind(10, std::string_view(app.verify_key))
      .bind(11, app.created_ms);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (db.changes() == 0) {
    return store_errc::not_found;
  }
  return {};
}

result<void> delete_application(connection& db, snowflake id) {
  // Deleting the bot user cascades to the application (bot_user_id ON DELETE CASCADE) and to
  // the bot's tokens (user_id ON DELETE CASCADE): one statement, no orphan possible.
  auto s = db.cached("DELETE FROM users WHERE id = (SELECT bot_user_id FROM applications WHERE id = ?1)");
  if (!s) {
    return s.error();
  }
  (*s)->bind(1, id);
  if (auto r = (*s)->run(); !r) {
    return r;
  }
  if (db.changes() == 0) {
    return store_errc::not_found;
  }
  return {};
}

} // namespace parley::store::sqlite
