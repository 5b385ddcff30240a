// The guild operations of guild_store (store/guild_store.hpp) as SQL on one connection: creating
// a guild with its first roles, channels and owner, reading, changing, transferring, deleting,
// and the guilds of a user. Writes run inside the writer's per-job SAVEPOINT (atomic).
#pragma once

#include <optional>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<void> create_guild(connection& db, const model::guild& g, const std::vector<model::role>& roles,
                          const std::vector<model::channel>& channels, const model::member& owner);
result<std::optional<guild_with_counts>> guild_by_id(connection& db, snowflake guild_id);
result<void> update_guild(connection& db, const model::guild& g, const model::audit_log_entry* audit);
result<void> transfer_guild_ownership(connection& db, snowflake guild_id, snowflake new_owner_id,
                                      const model::audit_log_entry* audit);
result<void> delete_guild(connection& db, snowflake guild_id);
// Reads in one snapshot.
result<std::vector<user_guild>> guilds_of_user(connection& db, snowflake user_id, const id_page& page);

} // namespace parley::store::sqlite
