// Tests of the schema migrations: numbering, version bookkeeping, exactly-once application on
// reopen, and refusal of a database written by a newer binary.
#include "store/sqlite/migrations.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

std::int64_t user_version(const std::filesystem::path& file) {
  auto db = connection::open(file, connection::access::read_only);
  EXPECT_TRUE(db);
  auto v = db->query_int("PRAGMA user_version");
  EXPECT_TRUE(v);
  return v ? *v : -1;
}

result<std::unique_ptr<sqlite_store>> open_store(const std::filesystem::path& file) {
  sqlite_store::options opts;
  opts.path = file;
  opts.readers = 1;
  return sqlite_store::open(opts);
}

TEST(migrations, numbered_from_one_without_gaps) {
  const auto all = migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i + 1));
  }
  EXPECT_EQ(latest_schema_version(), static_cast<int>(all.size()));
}

TEST(migrations, fresh_database_gets_latest_version_and_tables) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  auto store = open_store(file);
  ASSERT_TRUE(store);
  (*store)->close();
  EXPECT_EQ(user_version(file), latest_schema_version());

  auto db = connection::open(file, connection::access::read_only);
  ASSERT_TRUE(db);
  auto tables = db->query_int(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('users', 'tokens', 'applications')");
  ASSERT_TRUE(tables);
  EXPECT_EQ(*tables, 3);
  auto wal = statement::prepare(db->handle(), "PRAGMA journal_mode", false);
  ASSERT_TRUE(wal);
  ASSERT_TRUE(wal->step().value());
  EXPECT_EQ(wal->column_text(0), "wal"); // WAL is persistent in the file
}

TEST(migrations, reopen_keeps_data_and_applies_nothing_twice) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  {
    auto store = open_store(file);
    ASSERT_TRUE(store);
    model::user u;
    u.id = 5;
    u.username = "kept";
    ASSERT_TRUE((*store)->insert_user(u, nullptr));
  }
  // Migration 1 is plain CREATE TABLE: running it again would fail the open.
  for (int i = 0; i < 2; ++i) {
    auto store = open_store(file);
    ASSERT_TRUE(store) << store.error().message();
    auto got = (*store)->user_by_id(5);
    ASSERT_TRUE(got && got->has_value());
    EXPECT_EQ((*got)->username, "kept");
  }
  EXPECT_EQ(user_version(file), latest_schema_version());
}

TEST(migrations, upgrades_from_an_older_version) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  {
    auto db = connection::open(file, connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 0"));
  }
  auto store = open_store(file);
  ASSERT_TRUE(store);
  (*store)->close();
  EXPECT_EQ(user_version(file), latest_schema_version());
}

TEST(migrations, version_1_database_gains_the_community_tables) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  {
    // A file written by the binary that only knew migration 1, with an account in it.
    auto db = connection::open(file, connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec(migrations()[0].sql));
    ASSERT_TRUE(db->exec("PRAGMA user_version = 1"));
    ASSERT_TRUE(db->exec("INSERT INTO users (id, username, discriminator, name_key, password_hash, bot, flags, "
                         "created_ms) VALUES (7, 'old', '0', 'old#0', '', 0, 0, 0)"));
  }
  auto store = open_store(file);
  ASSERT_TRUE(store) << store.error().message();
  model::guild g;
  g.id = 70;
  g.name = "after upgrade";
  g.owner_id = 7;
  model::member owner;
  owner.guild_id = 70;
  owner.user_id = 7;
  ASSERT_TRUE((*store)->create_guild(g, {}, {}, owner));
  auto got = (*store)->guild_by_id(70);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->member_count, 1);
  (*store)->close();
  EXPECT_EQ(user_version(file), latest_schema_version());
}

TEST(migrations, newer_schema_is_refused_and_left_untouched) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  {
    auto store = open_store(file);
    ASSERT_TRUE(store);
  }
  const int future = latest_schema_version() + 1;
  {
    auto db = connection::open(file, connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec(("PRAGMA user_version = " + std::to_string(future)).c_str()));
  }
  auto store = open_store(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error(), store_errc::io);
  EXPECT_EQ(user_version(file), future);
}

TEST(migrations, failed_migration_rolls_back) {
  temp_directory dir;
  const auto file = dir.path() / "parley.db";
  {
    // A stray table named like one of ours makes migration 1 fail half-way.
    auto db = connection::open(file, connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("CREATE TABLE applications (x INTEGER)"));
  }
  auto store = open_store(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(user_version(file), 0);
  auto db = connection::open(file, connection::access::read_only);
  ASSERT_TRUE(db);
  auto users = db->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'users'");
  ASSERT_TRUE(users);
  EXPECT_EQ(*users, 0); // the tables created before the failure are gone too
}

} // namespace
} // namespace parley::store::sqlite
