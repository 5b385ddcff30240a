// Per-connection pragmas of the SQLite store; see pragmas.hpp.
#include "store/sqlite/pragmas.hpp"

#include <string>

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "store/store_error.hpp"

namespace parley::store::sqlite {

result<void> configure_reader(connection& db, const connection_settings& settings) {
  sqlite3_busy_timeout(db.handle(), static_cast<int>(settings.busy_timeout.count()));
  // Negative: a size in KiB rather than in pages.
  const std::string cache = "PRAGMA cache_size = -" + std::to_string(settings.cache_kib);
  if (auto r = db.exec(cache.c_str()); !r) {
    return r;
  }
  return db.exec("PRAGMA foreign_keys = ON");
}

result<void> configure_writer(connection& db, const connection_settings& settings) {
  if (auto r = configure_reader(db, settings); !r) {
    return r;
  }
  // journal_mode answers with the mode it ended up in instead of failing.
  auto mode = statement::prepare(db.handle(), "PRAGMA journal_mode = WAL", false);
  if (!mode) {
    return mode.error();
  }
  auto row = mode->step();
  if (!row) {
    return row.error();
  }
  if (!*row || mode->column_text(0) != "wal") {
    spdlog::error("sqlite: {} cannot use WAL journal mode", sqlite3_db_filename(db.handle(), "main"));
    return store_errc::io;
  }
  // FULL: every COMMIT fsyncs the WAL, so an acknowledged write survives power loss, not only a
  // crash of the process (NORMAL in WAL mode may lose the last commits on power loss).
  return db.exec("PRAGMA synchronous = FULL");
}

} // namespace parley::store::sqlite
