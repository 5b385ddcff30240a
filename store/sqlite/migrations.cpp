// The schema of the SQLite store, one migration per version (applied by migrate() at open).
//
// Adding a migration:
//   1. Append { N, R"sql( ... )sql" } to k_migrations below, N = the last version + 1.
//   2. Never edit or reorder a migration that has shipped: databases in the field already ran it.
//      Fix mistakes with a new migration (ALTER TABLE, or create-copy-drop-rename for what
//      ALTER cannot do: https://sqlite.org/lang_altertable.html#otheralter).
//   3. Write SQL only; the runner wraps all pending steps in one transaction and sets
//      PRAGMA user_version itself. Do not put BEGIN/COMMIT or PRAGMA foreign_keys in the text
//      (that pragma is a no-op inside a transaction).
//   4. Add the test for the new tables to sqlite_store_test.cpp (fresh open and reopen).
//
// Conventions: STRICT tables; snowflakes and 64-bit flags are INTEGER (bit-cast from uint64);
// booleans are INTEGER 0/1; times are unix milliseconds; *_key columns are normalized (lowercased)
// copies used for uniqueness and lookup.
#include "store/sqlite/migrations.hpp"

#include <spdlog/spdlog.h>

#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

constexpr migration k_migrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT    NOT NULL,
  discriminator  TEXT    NOT NULL,
  name_key       TEXT    NOT NULL UNIQUE,  -- lower(username) || '#' || discriminator
  global_name    TEXT,
  avatar         TEXT,
  email          TEXT,
  email_key      TEXT    UNIQUE,           -- lower(email); NULLs never conflict
  password_hash  TEXT    NOT NULL,
  bot            INTEGER NOT NULL,
  flags          INTEGER NOT NULL,
  created_ms     INTEGER NOT NULL
) STRICT;

CREATE TABLE tokens (
  hash        BLOB    PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_ms  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX tokens_by_user ON tokens(user_id);

CREATE TABLE applications (
  id                      INTEGER PRIMARY KEY,
  name                    TEXT    NOT NULL,
  description             TEXT    NOT NULL,
  icon                    TEXT,
  owner_id                INTEGER NOT NULL REFERENCES users(id),
  bot_user_id             INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  flags                   INTEGER NOT NULL,
  bot_public              INTEGER NOT NULL,
  bot_require_code_grant  INTEGER NOT NULL,
  verify_key              TEXT    NOT NULL,
  created_ms              INTEGER NOT NULL
) STRICT;
CREATE INDEX applications_by_owner ON applications(owner_id);
)sql"},
};

} // namespace

std::span<const migration> migrations() noexcept { return k_migrations; }

int latest_schema_version() noexcept { return k_migrations[std::size(k_migrations) - 1].version; }

result<void> migrate(connection& db) {
  // IMMEDIATE takes the write lock before reading the version: no other process can migrate
  // between our read and our write.
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) {
    return r;
  }
  auto fail = [&](error_code ec) -> result<void> {
    (void)db.exec("ROLLBACK");
    return ec;
  };
  auto current = db.query_int("PRAGMA user_version");
  if (!current) {
    return fail(current.error());
  }
  if (*current > latest_schema_version()) {
    spdlog::error("sqlite: database schema version {} is newer than this binary's {}; refusing to open",
                  *current, latest_schema_version());
    return fail(store_errc::io);
  }
  for (const migration& m : k_migrations) {
    if (m.version <= *current) {
      continue;
    }
    if (auto r = db.exec(m.sql); !r) {
      spdlog::error("sqlite: migration {} failed", m.version);
      return fail(r.error());
    }
    // PRAGMA takes no bound parameters; the version is our own integer.
    const std::string set_version = "PRAGMA user_version = " + std::to_string(m.version);
    if (auto r = db.exec(set_version.c_str()); !r) {
      return fail(r.error());
    }
    spdlog::info("sqlite: applied schema migration {}", m.version);
  }
  if (auto r = db.exec("COMMIT"); !r) {
    return fail(r.error());
  }
  return {};
}

} // namespace parley::store::sqlite
