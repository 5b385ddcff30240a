// A fixed pool of read-only SQLite connections. In WAL mode each reads its own snapshot in
// parallel with the writer (https://sqlite.org/wal.html#concurrency); a caller borrows one per call.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

class reader_pool {
 public:
  explicit reader_pool(std::vector<connection> connections);
  ~reader_pool();
  reader_pool(const reader_pool&) = delete;
  reader_pool& operator=(const reader_pool&) = delete;

  // A borrowed connection, given back when the lease ends. Must end before the pool closes
  // (close() waits for it).
  class lease {
   public:
    lease(reader_pool& pool, connection& db) noexcept : pool_(&pool), db_(&db) {}
    lease(lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), db_(other.db_) {}
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
      if (pool_ != nullptr) {
        pool_->give_back(*db_);
      }
    }
    connection& operator*() const noexcept { return *db_; }
    connection* operator->() const noexcept { return db_; }

   private:
    reader_pool* pool_;
    connection* db_;
  };

  // Blocks while every connection is lent out; store_errc::closed once close() started.
  result<lease> acquire();
  // Refuses new leases, waits for the lent ones to come back, closes the connections. Idempotent.
  void close();

 private:
  void give_back(connection& db) noexcept;

  std::mutex mutex_;
  std::condition_variable available_;    // a connection came back, or closing
  std::condition_variable all_returned_; // for close()
  std::vector<connection> connections_;
  std::vector<connection*> free_;
  bool closed_ = false;
};

} // namespace parley::store::sqlite
