// Group commit for the SQLite store: take every queued job, run each in its own SAVEPOINT inside
// one IMMEDIATE transaction, COMMIT once (synchronous=FULL: durable on return), then wake callers.
#include "store/sqlite/writer.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "store/store_error.hpp"

namespace parley::store::sqlite {

writer::writer(connection db, std::size_t max_batch)
    : db_(std::move(db)), max_batch_(max_batch == 0 ? 1 : max_batch) {
  batch_.reserve(max_batch_);
  thread_ = std::thread([this] { loop(); });
}

writer::~writer() { stop(); }

void writer::stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_one();
    if (thread_.joinable()) {
      thread_.join();
    }
    connection released = std::move(db_); // closes the file now, not at destruction
  });
}

writer::counters writer::stats() const noexcept {
  return {commits_.load(std::memory_order_relaxed), jobs_.load(std::memory_order_relaxed),
          failed_jobs_.load(std::memory_order_relaxed), largest_batch_.load(std::memory_order_relaxed)};
}

std::size_t writer::queued() const {
  std::lock_guard lock(queue_mutex_);
  return queued_;
}

result<void> writer::submit(pending& p) {
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) {
      return store_errc::closed;
    }
    if (tail_ != nullptr) {
      tail_->next = &p;
    } else {
      head_ = &p;
    }
    tail_ = &p;
    ++queued_;
  }
  queue_cv_.notify_one();
  std::unique_lock lock(p.mutex);
  p.cv.wait(lock, [&] { return p.done; });
  if (p.ec) {
    return p.ec;
  }
  return {};
}

void writer::loop() {
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return head_ != nullptr || stopping_; });
      if (head_ == nullptr) {
        return; // stopping and drained
      }
      // Everything queued while the previous batch was committing goes into this one.
      while (head_ != nullptr && batch_.size() < max_batch_) {
        batch_.push_back(head_);
        head_ = head_->next;
        --queued_;
      }
      if (head_ == nullptr) {
        tail_ = nullptr;
      }
    }
    run_batch();
    complete_batch();
  }
}

bool writer::control(const char* sql) {
  auto stmt = db_.cached(sql);
  return stmt && stmt.value()->run().has_value();
}

// The transaction holding batch_[first, end) is lost: roll back what is left of it and fail
// the jobs that had succeeded in it (their work was never committed).
void writer::abandon_transaction(std::size_t first, std::size_t end) {
  if (db_.in_transaction()) {
    (void)control("ROLLBACK");
  }
  for (std::size_t i = first; i < end; ++i) {
    if (!batch_[i]->ec) {
      batch_[i]->ec = store_errc::io;
    }
  }
}

void writer::run_batch() {
  const std::size_t n = batch_.size();
  jobs_.fetch_add(n, std::memory_order_relaxed);
  if (n > largest_batch_.load(std::memory_order_relaxed)) {
    largest_batch_.store(n, std::memory_order_relaxed); // only this thread writes it
  }
  std::size_t i = 0;
  while (i < n) {
    const std::size_t first = i;
    if (!control("BEGIN IMMEDIATE")) {
      abandon_transaction(first, n);
      return;
    }
    bool lost = false;
    for (; i < n && !lost; ++i) {
      pending& job = *batch_[i];
      if (!control("SAVEPOINT job")) {
        job.ec = store_errc::io;
        abandon_transaction(first, i);
        lost = true;
        continue; // ++i: this job is failed, not retried
      }
      result<void> r = store_errc::io;
      try {
        r = job.call(job.context, db_);
      } catch (const std::exception& e) {
        spdlog::error("sqlite: write job threw: {}", e.what());
      } catch (...) {
        spdlog::error("sqlite: write job threw");
      }
      if (!db_.in_transaction()) {
        // SQLite rolled the whole transaction back by itself (SQLITE_FULL, IOERR, ...).
        job.ec = r ? error_code(store_errc::io) : r.error();
        abandon_transaction(first, i);
        lost = true;
      } else if (r) {
        if (!control("RELEASE job")) {
          job.ec = store_errc::io;
          abandon_transaction(first, i);
          lost = true;
        }
      } else {
        job.ec = r.error();
        if (!control("ROLLBACK TO job") || !control("RELEASE job")) {
          abandon_transaction(first, i);
          lost = true;
        }
      }
    }
    // After a loss, i points past the failed job; the rest run in a fresh transaction.
    if (lost) {
      continue;
    }
    if (control("COMMIT")) {
      commits_.fetch_add(1, std::memory_order_relaxed);
    } else {
      abandon_transaction(first, i);
    }
  }
}

void writer::complete_batch() {
  std::uint64_t failed = 0;
  for (const pending* job : batch_) {
    failed += job->ec ? 1 : 0;
  }
  // Counted before anyone wakes, so a caller that returned sees its own job in stats().
  failed_jobs_.fetch_add(failed, std::memory_order_relaxed);
  for (pending* job : batch_) {
    // Notify under the job's lock: once we unlock, the caller may return and destroy it.
    std::lock_guard lock(job->mutex);
    job->done = true;
    job->cv.notify_one();
  }
  batch_.clear();
}

} // namespace parley::store::sqlite
