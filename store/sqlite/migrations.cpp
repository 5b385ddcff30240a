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
    {2, R"sql(
-- The community schema (guild_store.hpp). Every child table reaches its guild through an
-- ON DELETE CASCADE key with an index on the child column, so deleting a guild is one statement.
CREATE TABLE guilds (
  id                             INTEGER PRIMARY KEY,
  name                           TEXT    NOT NULL,
  icon                           TEXT,
  description                    TEXT,
  owner_id                       INTEGER NOT NULL,  -- no foreign key: deleting a bot must not need its guilds gone first
  afk_channel_id                 INTEGER,           -- these four are cleared by delete_channel
  afk_timeout                    INTEGER NOT NULL,
  verification_level             INTEGER NOT NULL,
  default_message_notifications  INTEGER NOT NULL,
  explicit_content_filter        INTEGER NOT NULL,
  system_channel_id              INTEGER,
  system_channel_flags           INTEGER NOT NULL,
  rules_channel_id               INTEGER,
  public_updates_channel_id      INTEGER,
  preferred_locale               TEXT    NOT NULL,
  application_id                 INTEGER,
  member_count                   INTEGER NOT NULL DEFAULT 0,  -- kept by the members triggers below
  created_ms                     INTEGER NOT NULL
) STRICT;

CREATE TABLE roles (
  id           INTEGER PRIMARY KEY,
  guild_id     INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  color        INTEGER NOT NULL,
  hoist        INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  permissions  INTEGER NOT NULL,
  managed      INTEGER NOT NULL,
  mentionable  INTEGER NOT NULL,
  bot_id       INTEGER,
  flags        INTEGER NOT NULL
) STRICT;
CREATE INDEX roles_by_guild ON roles(guild_id, position, id);

-- guild_id is nullable so DM channels can live here later (they have no guild).
CREATE TABLE channels (
  id                   INTEGER PRIMARY KEY,
  guild_id             INTEGER REFERENCES guilds(id) ON DELETE CASCADE,
  type                 INTEGER NOT NULL,
  position             INTEGER NOT NULL,
  name                 TEXT,
  topic                TEXT,
  nsfw                 INTEGER NOT NULL,
  last_message_id      INTEGER,
  bitrate              INTEGER NOT NULL,
  user_limit           INTEGER NOT NULL,
  rate_limit_per_user  INTEGER NOT NULL,
  parent_id            INTEGER REFERENCES channels(id) ON DELETE SET NULL,
  rtc_region           TEXT,
  video_quality_mode   INTEGER NOT NULL,
  last_pin_ms          INTEGER,
  flags                INTEGER NOT NULL
) STRICT;
CREATE INDEX channels_by_guild ON channels(guild_id, position, id);
CREATE INDEX channels_by_parent ON channels(parent_id);

-- One row per overwrite rather than a packed column: PUT/DELETE of one overwrite is one row,
-- and deleting a role finds the overwrites naming it through an index instead of rewriting the
-- overwrite lists of every channel of the guild.
CREATE TABLE channel_overwrites (
  channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  target_id   INTEGER NOT NULL,  -- a role or a user
  type        INTEGER NOT NULL,  -- 0 role, 1 member
  allow       INTEGER NOT NULL,
  deny        INTEGER NOT NULL,
  PRIMARY KEY (channel_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX channel_overwrites_by_target ON channel_overwrites(target_id);

CREATE TABLE members (
  guild_id                         INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
  user_id                          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  nick                             TEXT,
  nick_key                         TEXT,  -- lower(nick), for prefix search
  joined_ms                        INTEGER NOT NULL,
  deaf                             INTEGER NOT NULL,
  mute                             INTEGER NOT NULL,
  flags                            INTEGER NOT NULL,
  pending                          INTEGER NOT NULL,
  communication_disabled_until_ms  INTEGER,
  PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX members_by_user ON members(user_id, guild_id);
CREATE INDEX members_by_nick ON members(guild_id, nick_key);

CREATE TABLE member_roles (
  guild_id  INTEGER NOT NULL,
  user_id   INTEGER NOT NULL,
  role_id   INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  PRIMARY KEY (guild_id, user_id, role_id),
  FOREIGN KEY (guild_id, user_id) REFERENCES members(guild_id, user_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX member_roles_by_role ON member_roles(role_id);

CREATE TRIGGER members_counted_in AFTER INSERT ON members BEGIN
  UPDATE guilds SET member_count = member_count + 1 WHERE id = NEW.guild_id;
END;
CREATE TRIGGER members_counted_out AFTER DELETE ON members BEGIN
  UPDATE guilds SET member_count = member_count - 1 WHERE id = OLD.guild_id;
END;

CREATE TABLE bans (
  guild_id    INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason      TEXT,
  created_ms  INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX bans_by_user ON bans(user_id);

-- Codes are case-sensitive (BINARY collation).
CREATE TABLE invites (
  code        TEXT    PRIMARY KEY,
  guild_id    INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
  channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  inviter_id  INTEGER,
  uses        INTEGER NOT NULL,
  max_uses    INTEGER NOT NULL,
  max_age     INTEGER NOT NULL,
  temporary   INTEGER NOT NULL,
  created_ms  INTEGER NOT NULL,
  expires_ms  INTEGER  -- created_ms + max_age * 1000; NULL = never
) STRICT, WITHOUT ROWID;
CREATE INDEX invites_by_channel ON invites(channel_id);
CREATE INDEX invites_by_guild ON invites(guild_id);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  guild_id     INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
  user_id      INTEGER,
  target_id    INTEGER,
  action_type  INTEGER NOT NULL,
  changes      TEXT    NOT NULL,
  options      TEXT    NOT NULL,
  reason       TEXT
) STRICT;
CREATE INDEX audit_log_by_guild ON audit_log(guild_id, id);
CREATE INDEX audit_log_by_guild_user ON audit_log(guild_id, user_id, id);
CREATE INDEX audit_log_by_guild_action ON audit_log(guild_id, action_type, id);
)sql"},
    {3, R"sql(
-- The conversation schema (message_store.hpp). Messages are keyed by their snowflake (the rowid),
-- so a page of history is a range scan of messages_by_channel whatever the channel's size.
ALTER TABLE channels ADD COLUMN owner_id INTEGER;  -- group DM owner
ALTER TABLE channels ADD COLUMN icon TEXT;         -- group DM icon

CREATE TABLE messages (
  id                    INTEGER PRIMARY KEY,
  channel_id            INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  guild_id              INTEGER,           -- denormalized: guild search and ban purges
  author_id             INTEGER NOT NULL,  -- no foreign key: messages outlive deleted bots
  type                  INTEGER NOT NULL,
  content               TEXT    NOT NULL,
  edited_ms             INTEGER,
  tts                   INTEGER NOT NULL,
  mention_everyone      INTEGER NOT NULL,
  mention_roles         TEXT    NOT NULL,  -- JSON array of role id strings
  embeds                TEXT    NOT NULL,  -- JSON array text
  components            TEXT    NOT NULL,  -- JSON array text
  nonce                 TEXT,              -- the request's nonce as JSON text
  flags                 INTEGER NOT NULL,
  pinned_ms             INTEGER,
  ref_type              INTEGER,
  ref_message_id        INTEGER,
  ref_channel_id        INTEGER,
  ref_guild_id          INTEGER,
  webhook_id            INTEGER,
  has                   INTEGER NOT NULL   -- model::message_has bits
) STRICT;
CREATE INDEX messages_by_channel ON messages(channel_id, id);
CREATE INDEX messages_by_author ON messages(channel_id, author_id, id);
CREATE INDEX messages_by_guild_author ON messages(guild_id, author_id, id) WHERE guild_id IS NOT NULL;
CREATE INDEX messages_by_nonce ON messages(channel_id, author_id, nonce) WHERE nonce IS NOT NULL;
CREATE INDEX messages_pinned ON messages(channel_id, pinned_ms) WHERE pinned_ms IS NOT NULL;

-- Users mentioned by a message: the `mentions` array, search's `mentions` filter and the
-- mention_count of read states.
CREATE TABLE message_mentions (
  message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL,
  channel_id  INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_mentions_by_user ON message_mentions(user_id, channel_id, message_id);

CREATE TABLE attachments (
  id             INTEGER PRIMARY KEY,
  message_id     INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  channel_id     INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  filename       TEXT    NOT NULL,
  title          TEXT,
  description    TEXT,
  content_type   TEXT,
  size           INTEGER NOT NULL,
  width          INTEGER,
  height         INTEGER,
  flags          INTEGER NOT NULL,
  duration_secs  REAL,
  waveform       TEXT
) STRICT;
CREATE INDEX attachments_by_message ON attachments(message_id, position);

CREATE TABLE reactions (
  message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  emoji_key   TEXT    NOT NULL,  -- model::emoji_ref::key(): custom emoji id, else the unicode text
  type        INTEGER NOT NULL,  -- 0 normal, 1 burst
  user_id     INTEGER NOT NULL,
  emoji_id    INTEGER,
  emoji_name  TEXT    NOT NULL,
  animated    INTEGER NOT NULL,
  created_ms  INTEGER NOT NULL,
  PRIMARY KEY (message_id, emoji_key, type, user_id)
) STRICT, WITHOUT ROWID;

-- Participants of DMs (type 1) and group DMs (type 3).
CREATE TABLE channel_recipients (
  channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  PRIMARY KEY (channel_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX channel_recipients_by_user ON channel_recipients(user_id, channel_id);

-- The one DM channel of a pair of users (user_low < user_high).
CREATE TABLE dm_pairs (
  user_low    INTEGER NOT NULL,
  user_high   INTEGER NOT NULL,
  channel_id  INTEGER NOT NULL UNIQUE REFERENCES channels(id) ON DELETE CASCADE,
  PRIMARY KEY (user_low, user_high)
) STRICT, WITHOUT ROWID;

CREATE TABLE read_states (
  user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id       INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  last_message_id  INTEGER NOT NULL,
  PRIMARY KEY (user_id, channel_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX read_states_by_channel ON read_states(channel_id);

-- Full-text index of message content (external content: the text lives once, in messages).
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (NEW.id, NEW.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
  INSERT INTO messages_fts(rowid, content) VALUES (NEW.id, NEW.content);
END;
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
