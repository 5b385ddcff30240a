// The ban operations of guild_store (store/guild_store.hpp) as SQL on one connection.
#pragma once

#include <optional>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<std::optional<model::member>> ban_member(connection& db, const model::ban& b, const model::audit_log_entry* audit);
result<std::optional<ban_record>> ban(connection& db, snowflake guild_id, snowflake user_id);
result<std::vector<ban_record>> bans(connection& db, snowflake guild_id, const id_page& page);
result<void> remove_ban(connection& db, snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit);

} // namespace parley::store::sqlite
