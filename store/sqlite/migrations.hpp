// The versioned schema of the SQLite store: an ordered list of migrations compiled into the
// binary, tracked with PRAGMA user_version (https://sqlite.org/pragma.html#pragma_user_version).
#pragma once

#include <span>

#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

struct migration {
  int version;     // 1, 2, 3, ... with no gaps
  const char* sql; // one or more statements, run inside the migration transaction
};

// Every migration, in order; the last one's version is the schema this binary writes.
std::span<const migration> migrations() noexcept;
int latest_schema_version() noexcept;

// Brings the database on `db` (a read-write connection) up to latest_schema_version(), in one
// IMMEDIATE transaction, so two processes opening the same file cannot both apply a step.
// Fails (store_errc::io, logged) when the file's schema is newer than this binary knows.
result<void> migrate(connection& db);

} // namespace parley::store::sqlite
