// Tests of the group-commit writer with deterministic batches: jobs queued while the writer is
// busy share one transaction, and a failing job is rolled back alone.
#include "store/sqlite/writer.hpp"

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {
namespace {

class writer_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = connection::open(dir_.path() / "w.db", connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                         "CREATE TABLE t (x INTEGER PRIMARY KEY)"));
    writer_ = std::make_unique<writer>(std::move(*db), 64);
  }

  std::vector<std::int64_t> rows() {
    auto db = connection::open(dir_.path() / "w.db", connection::access::read_only);
    EXPECT_TRUE(db);
    auto s = statement::prepare(db->handle(), "SELECT x FROM t ORDER BY x", false);
    EXPECT_TRUE(s);
    std::vector<std::int64_t> out;
    while (s->step().value()) {
      out.push_back(s->column_int64(0));
    }
    return out;
  }

  static result<void> insert(connection& db, std::int64_t x) {
    auto s = db.cached("INSERT INTO t (x) VALUES (?1)");
    if (!s) {
      return s.error();
    }
    (*s)->bind(1, x);
    return (*s)->run();
  }

  // Occupies the writer thread until `release` is set, so later jobs pile up in the queue.
  std::thread block_writer(std::promise<void>& started, std::shared_future<void> release) {
    return std::thread([this, &started, release] {
      auto r = writer_->run([&](connection& db) {
        started.set_value();
        release.wait();
        return insert(db, 1000);
      });
      EXPECT_TRUE(r);
    });
  }

  void wait_queued(std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (writer_->queued() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(writer_->queued(), n);
  }

  temp_directory dir_;
  std::unique_ptr<writer> writer_;
};

TEST_F(writer_test, queued_jobs_share_one_commit_and_failures_stay_alone) {
  std::promise<void> started, release;
  std::thread blocker = block_writer(started, release.get_future().share());
  started.get_future().wait();

  std::vector<std::thread> callers;
  std::vector<result<void>> results(5, result<void>{});
  // 1 and 2 succeed; a duplicate 1 conflicts; job 3 inserts 4 and then fails, so its own
  // first insert must be undone while the others stay.
  // Each job is queued before the next thread starts, so the batch runs them in this order.
  callers.emplace_back([&] { results[0] = writer_->run([](connection& db) { return insert(db, 1); }); });
  wait_queued(1);
  callers.emplace_back([&] { results[1] = writer_->run([](connection& db) { return insert(db, 2); }); });
  wait_queued(2);
  callers.emplace_back([&] { results[2] = writer_->run([](connection& db) { return insert(db, 1); }); });
  wait_queued(3);
  callers.emplace_back([&] {
    results[3] = writer_->run([](connection& db) -> result<void> {
      if (auto r = insert(db, 4); !r) {
        return r;
      }
      return insert(db, 2);
    });
  });
  wait_queued(4);
  callers.emplace_back([&] {
    results[4] = writer_->run([](connection&) -> result<void> { throw std::runtime_error("boom"); });
  });
  wait_queued(5);
  release.set_value();
  for (auto& c : callers) {
    c.join();
  }
  blocker.join();

  int ok = 0, conflict = 0;
  for (int i = 0; i < 3; ++i) {
    ok += results[i].has_value() ? 1 : 0;
    conflict += !results[i] && results[i].error() == store_errc::conflict ? 1 : 0;
  }
  EXPECT_EQ(ok, 2);       // the first insert of 1, and 2
  EXPECT_EQ(conflict, 1); // the second insert of 1
  ASSERT_FALSE(results[3]);
  ASSERT_FALSE(results[4]);
  EXPECT_EQ(results[4].error(), store_errc::io);

  const auto s = writer_->stats();
  EXPECT_EQ(s.jobs, 6u);
  EXPECT_EQ(s.commits, 2u); // the blocker's batch, then all five queued jobs together
  EXPECT_EQ(s.largest_batch, 5u);
  EXPECT_EQ(s.failed_jobs, 3u);
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 2, 1000}));
}

TEST_F(writer_test, max_batch_splits_large_queues) {
  writer_->stop();
  auto db = connection::open(dir_.path() / "w.db", connection::access::read_write_create);
  ASSERT_TRUE(db);
  writer_ = std::make_unique<writer>(std::move(*db), 2);

  std::promise<void> started, release;
  std::thread blocker = block_writer(started, release.get_future().share());
  started.get_future().wait();
  std::vector<std::thread> callers;
  for (int i = 1; i <= 5; ++i) {
    callers.emplace_back([this, i] { EXPECT_TRUE(writer_->run([i](connection& c) { return insert(c, i); })); });
  }
  wait_queued(5);
  release.set_value();
  for (auto& c : callers) {
    c.join();
  }
  blocker.join();
  const auto s = writer_->stats();
  EXPECT_EQ(s.commits, 4u); // blocker, then 2 + 2 + 1
  EXPECT_EQ(s.largest_batch, 2u);
  EXPECT_EQ(rows().size(), 6u);
}

TEST_F(writer_test, stop_drains_the_queue_then_refuses) {
  std::promise<void> started, release;
  std::thread blocker = block_writer(started, release.get_future().share());
  started.get_future().wait();
  std::vector<std::thread> callers;
  for (int i = 1; i <= 3; ++i) {
    callers.emplace_back([this, i] { EXPECT_TRUE(writer_->run([i](connection& c) { return insert(c, i); })); });
  }
  wait_queued(3);
  std::thread stopper([this] { writer_->stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20)); // let stop() begin while jobs wait
  release.set_value();
  stopper.join();
  for (auto& c : callers) {
    c.join();
  }
  blocker.join();
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 2, 3, 1000}));
  auto r = writer_->run([](connection& c) { return insert(c, 9); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::closed);
}

} // namespace
} // namespace parley::store::sqlite
