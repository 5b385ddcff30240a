// Per-connection settings of the SQLite store (https://sqlite.org/pragma.html): WAL journal and
// synchronous=FULL on the writer, foreign keys, busy timeout and page cache on every connection.
#pragma once

#include <chrono>

#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

struct connection_settings {
  std::chrono::milliseconds busy_timeout{5000};
  unsigned cache_kib = 8192;
};

// For the one read-write connection: also switches the file to WAL (persistent) and makes every
// COMMIT fsync (synchronous=FULL). Fails when the file cannot use WAL.
result<void> configure_writer(connection& db, const connection_settings& settings);
// For read-only connections (reader pool, backup source).
result<void> configure_reader(connection& db, const connection_settings& settings);

} // namespace parley::store::sqlite
