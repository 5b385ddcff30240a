// Tests that the store's connections really run with the settings durability depends on:
// WAL, synchronous=FULL (power-loss safety, which a kill -9 test cannot show), foreign keys.
#include "store/sqlite/pragmas.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/temp_directory.hpp"

namespace parley::store::sqlite {
namespace {

TEST(pragmas, writer_is_wal_with_full_sync_and_foreign_keys) {
  temp_directory dir;
  auto db = connection::open(dir.path() / "p.db", connection::access::read_write_create);
  ASSERT_TRUE(db);
  ASSERT_TRUE(configure_writer(*db, {std::chrono::milliseconds(1234), 2048}));
  EXPECT_EQ(db->query_int("PRAGMA synchronous").value(), 2); // FULL
  EXPECT_EQ(db->query_int("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(db->query_int("PRAGMA busy_timeout").value(), 1234);
  EXPECT_EQ(db->query_int("PRAGMA cache_size").value(), -2048);
  auto mode = statement::prepare(db->handle(), "PRAGMA journal_mode", false);
  ASSERT_TRUE(mode);
  ASSERT_TRUE(mode->step().value());
  EXPECT_EQ(mode->column_text(0), "wal");
}

TEST(pragmas, reader_has_foreign_keys_and_timeout) {
  temp_directory dir;
  {
    auto w = connection::open(dir.path() / "p.db", connection::access::read_write_create);
    ASSERT_TRUE(w);
    ASSERT_TRUE(configure_writer(*w, {}));
  }
  auto db = connection::open(dir.path() / "p.db", connection::access::read_only);
  ASSERT_TRUE(db);
  ASSERT_TRUE(configure_reader(*db, {std::chrono::milliseconds(77), 512}));
  EXPECT_EQ(db->query_int("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(db->query_int("PRAGMA busy_timeout").value(), 77);
  EXPECT_EQ(db->query_int("PRAGMA cache_size").value(), -512);
  EXPECT_FALSE(db->exec("CREATE TABLE nope (x INTEGER)")); // read-only really is read-only
}

} // namespace
} // namespace parley::store::sqlite
