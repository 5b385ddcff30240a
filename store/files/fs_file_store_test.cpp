// Tests for the filesystem attachment store: layout, overwrite, no temporary left behind,
// remove and remove_channel (idempotent), locate, and errors surfaced as values.
#include "store/files/fs_file_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

namespace parley::store {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class fs_file_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley_fs_file_store_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(fs_file_store_test, put_writes_the_file_at_its_place) {
  fs_file_store files(dir_ / "attachments");  // created on demand
  const std::string bytes = "\0binary\r\n\xff"s;
  ASSERT_TRUE(files.put(11, 22, bytes));
  const auto path = files.locate(11, 22);
  ASSERT_TRUE(path);
  EXPECT_EQ(*path, dir_ / "attachments" / "11" / "22");
  EXPECT_EQ(read_all(*path), bytes);
  // Nothing else in the channel directory (the temporary was renamed).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "attachments" / "11"), fs::directory_iterator{}), 1);
}

TEST_F(fs_file_store_test, put_replaces_and_keeps_channels_apart) {
  fs_file_store files(dir_);
  ASSERT_TRUE(files.put(1, 5, "first"));
  ASSERT_TRUE(files.put(1, 5, "second, longer"));
  ASSERT_TRUE(files.put(2, 5, ""));
  EXPECT_EQ(read_all(*files.locate(1, 5)), "second, longer");
  EXPECT_EQ(read_all(*files.locate(2, 5)), "");
  EXPECT_FALSE(files.locate(3, 5));
  EXPECT_FALSE(files.locate(1, 6));
}

TEST_F(fs_file_store_test, remove_is_idempotent) {
  fs_file_store files(dir_);
  ASSERT_TRUE(files.put(1, 5, "x"));
  ASSERT_TRUE(files.remove(1, 5));
  EXPECT_FALSE(files.locate(1, 5));
  EXPECT_TRUE(files.remove(1, 5));
  EXPECT_TRUE(files.remove(9, 9));
}

TEST_F(fs_file_store_test, remove_channel_removes_that_channel_only) {
  fs_file_store files(dir_);
  ASSERT_TRUE(files.put(1, 5, "a"));
  ASSERT_TRUE(files.put(1, 6, "b"));
  ASSERT_TRUE(files.put(2, 5, "other channel"));
  std::ofstream(dir_ / "1" / ".7.tmp") << "left by a crash";  // an interrupted put's temporary
  ASSERT_TRUE(files.remove_channel(1));
  EXPECT_FALSE(files.locate(1, 5));
  EXPECT_FALSE(files.locate(1, 6));
  EXPECT_FALSE(fs::exists(dir_ / "1"));
  ASSERT_TRUE(files.locate(2, 5));
  EXPECT_EQ(read_all(*files.locate(2, 5)), "other channel");
  EXPECT_TRUE(files.remove_channel(1));
  EXPECT_TRUE(files.remove_channel(9));
  // A later upload into the same channel id starts a fresh directory.
  ASSERT_TRUE(files.put(1, 8, "c"));
  EXPECT_EQ(read_all(*files.locate(1, 8)), "c");
}

TEST_F(fs_file_store_test, remove_channel_before_any_put_succeeds) {
  fs_file_store files(dir_ / "attachments");  // root not created yet
  EXPECT_TRUE(files.remove_channel(1));
}

TEST_F(fs_file_store_test, locate_ignores_directories) {
  fs_file_store files(dir_);
  fs::create_directories(dir_ / "1" / "5");
  EXPECT_FALSE(files.locate(1, 5));
}

TEST_F(fs_file_store_test, errors_are_values) {
  std::ofstream(dir_ / "not_a_directory") << "x";
  fs_file_store files(dir_ / "not_a_directory");
  const auto r = files.put(1, 2, "bytes");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().value(), ENOTDIR);
  EXPECT_FALSE(files.locate(1, 2));
  std::ofstream(dir_ / "3") << "x";
  const auto removed = fs_file_store(dir_).remove_channel(3);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().value(), ENOTDIR);
}

} // namespace
} // namespace parley::store
