// The audit log reads and standalone writes of guild_store (store/guild_store.hpp). Entries that
// accompany a change are written by that change's query through write_audit (guild_rows.hpp).
#pragma once

#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// not_found when the guild does not exist.
result<void> append_audit_entry(connection& db, const model::audit_log_entry& entry);
result<std::vector<model::audit_log_entry>> audit_entries(connection& db, snowflake guild_id,
                                                          const audit_log_query& query);

} // namespace parley::store::sqlite
