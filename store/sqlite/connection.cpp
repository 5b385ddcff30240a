// RAII sqlite3 connection with a prepared-statement cache (https://sqlite.org/c3ref/open.html).
#include "store/sqlite/connection.hpp"

#include <utility>

#include <sqlite3.h>

#include "store/sqlite/sqlite_error.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<connection> connection::open(const std::filesystem::path& path, access mode) {
  // NOMUTEX: SQLite's own per-connection mutex is redundant, a connection has one user at a time.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= mode == access::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const auto ec = to_error(db, rc, "open " + path.string());
    sqlite3_close_v2(db);
    return ec;
  }
  // Extended codes tell a unique-key conflict apart from other constraint failures.
  sqlite3_extended_result_codes(db, 1);
  return connection(db);
}

connection::connection(connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

connection& connection::operator=(connection&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

connection::~connection() { close(); }

void connection::close() noexcept {
  cache_.clear(); // finalize before closing, so sqlite3_close_v2 releases everything now
  if (db_ != nullptr) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

result<void> connection::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return to_error(db_, rc, sql);
  }
  return {};
}

result<std::int64_t> connection::query_int(const char* sql) {
  auto stmt = statement::prepare(db_, sql, false);
  if (!stmt) {
    return stmt.error();
  }
  auto row = stmt->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return store_errc::io;
  }
  return stmt->column_int64(0);
}

result<statement_lease> connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = statement::prepare(db_, sql, true);
    if (!stmt) {
      return stmt.error();
    }
    it = cache_.emplace(std::string(sql), std::move(*stmt)).first;
  }
  return statement_lease(it->second);
}

std::int64_t connection::changes() const noexcept { return sqlite3_changes64(db_); }

bool connection::in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

} // namespace parley::store::sqlite
