// Maps SQLite result codes onto store_errc and logs the failures nobody can act on.
#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "store/store_error.hpp"

namespace parley::store::sqlite {

error_code to_error(sqlite3* db, int rc, std::string_view context) noexcept {
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return store_errc::conflict;
  }
  // Logging may allocate; a failure to log must not turn into an exception here.
  try {
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    // Contexts are often SQL text; a whole migration script would flood the log.
    constexpr std::size_t max_context = 160;
    spdlog::error("sqlite: {}{} failed: {} (code {})", context.substr(0, max_context),
                  context.size() > max_context ? "..." : "", message, rc);
  } catch (...) {
  }
  return store_errc::io;
}

} // namespace parley::store::sqlite
