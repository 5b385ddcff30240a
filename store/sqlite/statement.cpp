// RAII prepared statement: prepare, bind, step, read columns, reset (https://sqlite.org/c3ref/stmt.html).
#include "store/sqlite/statement.hpp"

#include <limits>
#include <utility>

#include <sqlite3.h>

#include "store/sqlite/sqlite_error.hpp"
#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<statement> statement::prepare(sqlite3* db, std::string_view sql, bool persistent) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return store_errc::io;
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return to_error(db, rc, sql);
  }
  if (stmt == nullptr) { // only whitespace or comments
    return store_errc::io;
  }
  return statement(stmt);
}

statement::statement(statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::check_bind(int rc) noexcept {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
  }
  return *this;
}

statement& statement::bind(int index, std::int64_t value) noexcept {
  return check_bind(sqlite3_bind_int64(stmt_, index, value));
}

statement& statement::bind(int index, std::uint64_t value) noexcept {
  return check_bind(sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)));
}

statement& statement::bind(int index, bool value) noexcept {
  return check_bind(sqlite3_bind_int(stmt_, index, value ? 1 : 0));
}

statement& statement::bind(int index, std::string_view value) noexcept {
  // SQLITE_STATIC: no copy; the caller's string outlives the execution (see header).
  return check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC,
                                        SQLITE_UTF8));
}

statement& statement::bind(int index, const std::optional<std::string>& value) noexcept {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

statement& statement::bind(int index, std::span<const std::uint8_t> value) noexcept {
  return check_bind(sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_STATIC));
}

statement& statement::bind_null(int index) noexcept {
  return check_bind(sqlite3_bind_null(stmt_, index));
}

result<bool> statement::step() noexcept {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_rc_ != SQLITE_OK) {
    return {boost::system::in_place_error, to_error(db, bind_rc_, "bind")};
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  // result<bool> cannot take an error_code implicitly: error_code converts to bool.
  return {boost::system::in_place_error, to_error(db, rc, sqlite3_sql(stmt_))};
}

result<void> statement::run() noexcept {
  auto r = step();
  if (!r) {
    return r.error();
  }
  return {};
}

std::int64_t statement::column_int64(int index) const noexcept {
  return sqlite3_column_int64(stmt_, index);
}

std::string_view statement::column_text(int index) const noexcept {
  // Call text before bytes so the length matches the UTF-8 form (sqlite.org/c3ref/column_blob.html).
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::optional<std::string> statement::column_optional_text(int index) const {
  if (sqlite3_column_type(stmt_, index) == SQLITE_NULL) {
    return std::nullopt;
  }
  return std::string(column_text(index));
}

std::span<const std::uint8_t> statement::column_blob(int index) const noexcept {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr) {
    return {};
  }
  return {data, static_cast<std::size_t>(size)};
}

void statement::reset() noexcept {
  // reset() repeats the last step's error; it was already reported by step().
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

} // namespace parley::store::sqlite
