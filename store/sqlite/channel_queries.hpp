// The channel operations of guild_store (store/guild_store.hpp) as SQL on one connection: guild
// channels, their permission overwrites and bulk position changes.
#pragma once

#include <optional>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<void> create_channel(connection& db, const model::channel& c, const model::audit_log_entry* audit);
result<std::optional<model::channel>> channel_by_id(connection& db, snowflake channel_id);
result<std::vector<model::channel>> channels_of_guild(connection& db, snowflake guild_id);
result<void> update_channel(connection& db, const model::channel& c, const model::audit_log_entry* audit);
result<void> delete_channel(connection& db, snowflake channel_id, const model::audit_log_entry* audit);
result<void> update_channel_positions(connection& db, snowflake guild_id, const std::vector<channel_position>& changes,
                                      const model::audit_log_entry* audit);
result<void> put_overwrite(connection& db, snowflake channel_id, const model::permission_overwrite& ow,
                           const model::audit_log_entry* audit);
result<void> delete_overwrite(connection& db, snowflake channel_id, snowflake target_id,
                              const model::audit_log_entry* audit);

} // namespace parley::store::sqlite
