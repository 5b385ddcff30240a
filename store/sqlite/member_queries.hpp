// The member operations of guild_store (store/guild_store.hpp) as SQL on one connection: joining,
// listing, prefix search, changing and removing members, pruning inactive ones.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<join_outcome> add_member(connection& db, const model::member& m);
result<join_outcome> add_bot_member(connection& db, const model::member& m,
                                    const std::optional<model::role>& managed_role,
                                    const model::audit_log_entry* audit);
result<bool> set_member_role(connection& db, snowflake guild_id, snowflake user_id, snowflake role_id, bool present,
                             const model::audit_log_entry* audit);
result<std::size_t> count_prunable_members(connection& db, snowflake guild_id, const prune_query& q);
result<std::vector<member_record>> prune_members(connection& db, snowflake guild_id, const prune_query& q,
                                                 const prune_audit& audit);
result<std::optional<member_record>> member(connection& db, snowflake guild_id, snowflake user_id);
result<std::vector<member_record>> members(connection& db, snowflake guild_id, snowflake after, std::size_t limit);
result<bool> share_a_guild(connection& db, snowflake a, snowflake b);
result<std::vector<member_record>> search_members(connection& db, snowflake guild_id, std::string_view prefix,
                                                  std::size_t limit);
result<void> update_member(connection& db, const model::member& m, const model::audit_log_entry* audit);
result<void> remove_member(connection& db, snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit);

} // namespace parley::store::sqlite
