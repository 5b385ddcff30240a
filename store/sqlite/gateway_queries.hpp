// The gateway's reads of guild_store (store/guild_store.hpp): a user's guilds as GUILD_CREATE
// needs them (guild, roles, channels with overwrites, member count, a bounded member list with
// the user's own member first), each call in one read snapshot.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<std::vector<guild_snapshot>> guilds_for_gateway(connection& db, snowflake user_id, std::size_t member_limit);
result<std::optional<guild_snapshot>> guild_for_gateway(connection& db, snowflake guild_id, snowflake user_id,
                                                        std::size_t member_limit);

} // namespace parley::store::sqlite
