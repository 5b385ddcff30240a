// The single writer of the SQLite store: one connection on its own thread running queued write
// jobs with group commit (one transaction and one fsync for every job queued meanwhile; each job
// inside its own SAVEPOINT so a failing job is rolled back alone). https://sqlite.org/lang_savepoint.html
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

class writer {
 public:
  struct counters {
    std::uint64_t commits = 0;        // durable COMMITs (each one fsync of the WAL)
    std::uint64_t jobs = 0;           // write jobs run
    std::uint64_t failed_jobs = 0;    // jobs that reported an error (their own or a failed commit)
    std::uint64_t largest_batch = 0;  // most jobs in one transaction
  };

  // Takes the read-write connection (pragmas set, schema migrated) and starts the thread.
  // Throws std::system_error if the thread cannot start.
  writer(connection db, std::size_t max_batch);
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  // Runs job(connection&) -> result<void> on the writer thread inside a savepoint of the next
  // group transaction and blocks until that transaction committed durably (or failed).
  // The job must only run statements: no BEGIN/COMMIT/SAVEPOINT of its own, no blocking on
  // other writes (it would deadlock the writer). `job` is called at most once, then not kept.
  template <class Job>
  result<void> run(Job&& job) {
    pending p;
    p.context = std::addressof(job);
    p.call = [](void* context, connection& db) -> result<void> {
      return (*static_cast<std::remove_reference_t<Job>*>(context))(db);
    };
    return submit(p);
  }

  // Runs every queued job, commits, stops the thread. Later run() calls fail with
  // store_errc::closed. Idempotent and safe to call from several threads.
  void stop();

  counters stats() const noexcept;
  // Jobs waiting for the writer (not counting the batch it is running). For tests and metrics.
  std::size_t queued() const;

 private:
  // Lives on the caller's stack from submit() until the writer marks it done: no allocation.
  struct pending {
    result<void> (*call)(void* context, connection& db) = nullptr;
    void* context = nullptr;
    pending* next = nullptr;
    error_code ec;
    // Signalled under `mutex` so the caller cannot destroy them while the writer still holds them.
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
  };

  result<void> submit(pending& p);
  void loop();
  void run_batch();
  bool control(const char* sql); // BEGIN/SAVEPOINT/RELEASE/COMMIT...; true on success
  void abandon_transaction(std::size_t first, std::size_t end);
  void complete_batch();

  connection db_;
  const std::size_t max_batch_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  pending* head_ = nullptr; // FIFO, guarded by queue_mutex_
  pending* tail_ = nullptr;
  std::size_t queued_ = 0;
  bool stopping_ = false;

  std::vector<pending*> batch_; // writer thread only

  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> jobs_{0};
  std::atomic<std::uint64_t> failed_jobs_{0};
  std::atomic<std::uint64_t> largest_batch_{0};

  std::once_flag stop_once_;
  std::thread thread_; // last: starts after every member above exists
};

} // namespace parley::store::sqlite
