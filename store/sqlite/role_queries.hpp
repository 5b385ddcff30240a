// The role operations of guild_store (store/guild_store.hpp) as SQL on one connection.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<void> create_role(connection& db, const model::role& r, const model::audit_log_entry* audit);
result<std::optional<model::role>> role_by_id(connection& db, snowflake guild_id, snowflake role_id);
result<std::vector<model::role>> roles_of_guild(connection& db, snowflake guild_id);
result<void> update_role(connection& db, const model::role& r, const model::audit_log_entry* audit);
result<void> delete_role(connection& db, snowflake guild_id, snowflake role_id, const model::audit_log_entry* audit);
result<void> update_role_positions(connection& db, snowflake guild_id,
                                   const std::vector<std::pair<snowflake, int>>& positions,
                                   const model::audit_log_entry* audit);

} // namespace parley::store::sqlite
