// Lends read-only connections to concurrent callers; see reader_pool.hpp.
#include "store/sqlite/reader_pool.hpp"

#include "store/store_error.hpp"

namespace parley::store::sqlite {

reader_pool::reader_pool(std::vector<connection> connections) : connections_(std::move(connections)) {
  free_.reserve(connections_.size());
  for (connection& c : connections_) {
    free_.push_back(&c);
  }
}

reader_pool::~reader_pool() { close(); }

result<reader_pool::lease> reader_pool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return closed_ || !free_.empty(); });
  if (closed_) {
    return store_errc::closed;
  }
  connection* db = free_.back();
  free_.pop_back();
  return lease(*this, *db);
}

void reader_pool::give_back(connection& db) noexcept {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(&db); // capacity reserved for every connection: no allocation
    if (closed_) {
      if (free_.size() == connections_.size()) {
        all_returned_.notify_all();
      }
      return;
    }
  }
  available_.notify_one();
}

void reader_pool::close() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  available_.notify_all();
  all_returned_.wait(lock, [this] { return free_.size() == connections_.size(); });
  free_.clear();
  connections_.clear();
}

} // namespace parley::store::sqlite
