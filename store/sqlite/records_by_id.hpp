// Internal to store/sqlite: message_records for a list of message ids in that list's order, for the
// queries that pick ids first and render them afterwards (pins, search). One batched load plus
// complete_records (message_rows.hpp); ids that no longer exist are skipped.
#pragma once

#include <span>
#include <vector>

#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// `kept` (optional) receives, for each returned record, the index of its id in `ids`.
result<std::vector<message_record>> records_by_id(connection& db, std::span<const snowflake> ids, snowflake viewer,
                                                  std::vector<std::size_t>* kept = nullptr);

} // namespace parley::store::sqlite
