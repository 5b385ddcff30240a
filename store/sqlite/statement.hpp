// A thin RAII owner of one prepared sqlite3_stmt with typed bind/column helpers (SQLite C API,
// https://sqlite.org/c3ref/stmt.html). Not thread-safe: it belongs to one connection, which one
// thread uses at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::store::sqlite {

class statement {
 public:
  // Prepares the first statement of `sql`. `persistent` hints SQLite that it will be reused
  // many times (cached statements).
  static result<statement> prepare(sqlite3* db, std::string_view sql, bool persistent);

  statement() = default;
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  // Parameters are 1-based as in SQL (?1, ?2, ...). Text and blobs are bound without a copy:
  // the caller keeps them alive until the statement is reset. A failed bind is remembered and
  // reported by the next step().
  statement& bind(int index, std::int64_t value) noexcept;
  statement& bind(int index, std::uint64_t value) noexcept; // bit-cast to int64 (snowflakes, flags)
  statement& bind(int index, bool value) noexcept;
  statement& bind(int index, std::string_view value) noexcept;
  statement& bind(int index, const std::optional<std::string>& value) noexcept;
  statement& bind(int index, std::span<const std::uint8_t> value) noexcept;
  statement& bind_null(int index) noexcept;

  // true: a row is available; false: done.
  result<bool> step() noexcept;
  // Steps a statement that returns no rows (INSERT/UPDATE/DELETE/DDL).
  result<void> run() noexcept;

  std::int64_t column_int64(int index) const noexcept;
  std::uint64_t column_uint64(int index) const noexcept { return static_cast<std::uint64_t>(column_int64(index)); }
  bool column_bool(int index) const noexcept { return column_int64(index) != 0; }
  // Views stay valid until the next step/reset.
  std::string_view column_text(int index) const noexcept;
  std::optional<std::string> column_optional_text(int index) const;
  std::span<const std::uint8_t> column_blob(int index) const noexcept;

  // Ends the current execution, releases its read snapshot and clears the bindings.
  void reset() noexcept;

  sqlite3_stmt* handle() const noexcept { return stmt_; }

 private:
  explicit statement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
  statement& check_bind(int rc) noexcept;

  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = 0; // first failed bind since the last reset, or SQLITE_OK
};

} // namespace parley::store::sqlite
