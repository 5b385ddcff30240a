// Maps SQLite result codes onto store_errc (store/store_error.hpp): a unique or primary-key
// violation is a conflict the caller can act on; anything else is an I/O failure, logged here.
#pragma once

#include <string_view>

#include "proto/base/result.hpp"

struct sqlite3;

namespace parley::store::sqlite {

// `rc` must be an extended result code (connections enable them). `db` may be null; when given,
// its sqlite3_errmsg() goes into the log line. `context` names the operation for the log.
error_code to_error(sqlite3* db, int rc, std::string_view context) noexcept;

} // namespace parley::store::sqlite
