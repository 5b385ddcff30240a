// The invite operations of guild_store (store/guild_store.hpp) as SQL on one connection,
// including accepting an invite (ban, expiry and use-count checks, the join and the use, atomic
// inside the writer's per-job SAVEPOINT).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/guild_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

result<model::invite> create_invite(connection& db, const model::invite& inv, bool reuse_equivalent,
                                    const model::audit_log_entry* audit);
result<std::optional<model::invite>> invite_by_code(connection& db, std::string_view code, std::int64_t now_ms);
result<std::vector<model::invite>> invites_of_channel(connection& db, snowflake channel_id, std::int64_t now_ms);
result<std::vector<model::invite>> invites_of_guild(connection& db, snowflake guild_id, std::int64_t now_ms);
result<model::invite> delete_invite(connection& db, std::string_view code, const model::audit_log_entry* audit);
result<invite_acceptance> accept_invite(connection& db, std::string_view code, const model::member& joining,
                                        std::int64_t now_ms);

} // namespace parley::store::sqlite
