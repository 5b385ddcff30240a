// A thin RAII owner of one sqlite3 connection with a per-connection cache of prepared statements
// (https://sqlite.org/c3ref/sqlite3.html). Opened in SQLite's multi-thread mode: one thread uses a
// connection at a time, the caller arranges that (the writer thread, the reader pool).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "proto/base/result.hpp"
#include "store/sqlite/statement.hpp"

struct sqlite3;

namespace parley::store::sqlite {

// A cached statement on loan: reset (snapshot released, bindings cleared) when the lease ends,
// so a finished SELECT never pins an old WAL snapshot. Must not outlive its connection.
class statement_lease {
 public:
  explicit statement_lease(statement& s) noexcept : stmt_(&s) {}
  statement_lease(statement_lease&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  statement_lease& operator=(statement_lease&&) = delete;
  statement_lease(const statement_lease&) = delete;
  statement_lease& operator=(const statement_lease&) = delete;
  ~statement_lease() {
    if (stmt_ != nullptr) {
      stmt_->reset();
    }
  }

  statement& operator*() const noexcept { return *stmt_; }
  statement* operator->() const noexcept { return stmt_; }

 private:
  statement* stmt_;
};

class connection {
 public:
  enum class access { read_write_create, read_only };

  static result<connection> open(const std::filesystem::path& path, access mode);

  connection(connection&& other) noexcept;
  connection& operator=(connection&& other) noexcept;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  // Runs one or more statements that return no rows (DDL, pragmas, transaction control used once).
  result<void> exec(const char* sql);
  // The single integer a query like "PRAGMA user_version" returns.
  result<std::int64_t> query_int(const char* sql);

  // The statement for `sql`, prepared on first use and then reused (keyed by the SQL text).
  result<statement_lease> cached(std::string_view sql);

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t changes() const noexcept;
  // False once SQLite rolled back the open transaction by itself (e.g. after SQLITE_FULL).
  bool in_transaction() const noexcept;

  sqlite3* handle() const noexcept { return db_; }

 private:
  explicit connection(sqlite3* db) noexcept : db_(db) {}
  void close() noexcept;

  // Heterogeneous lookup: find by string_view without building a std::string per call.
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  // Node-based map: statement addresses stay stable while the map grows.
  std::unordered_map<std::string, statement, text_hash, std::equal_to<>> cache_;
};

} // namespace parley::store::sqlite
