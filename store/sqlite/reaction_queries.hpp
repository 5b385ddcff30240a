// The reaction operations of message_store (store/message_store.hpp "reactions") as SQL on one
// connection (schema migration 3, table reactions). The reaction summary inside message objects is
// read by complete_records (message_rows.hpp). Writes run inside the writer's per-job SAVEPOINT.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/message.hpp"
#include "model/user.hpp"
#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// store_errc::not_found unless the message is in the channel.
result<void> require_message_in_channel(connection& db, snowflake channel_id, snowflake message_id);

result<reaction_change> add_reaction(connection& db, snowflake channel_id, snowflake message_id, snowflake user_id,
                                     const model::emoji_ref& emoji, int type, std::int64_t now_ms);
result<reaction_change> remove_reaction(connection& db, snowflake channel_id, snowflake message_id,
                                        snowflake user_id, std::string_view emoji_key, int type);
// Ascending user ids above q.after; not_found when the message is not in the channel. Users whose
// account is gone are skipped.
result<std::vector<model::user>> reaction_users(connection& db, snowflake channel_id, snowflake message_id,
                                                std::string_view emoji_key, const reaction_users_query& q);
result<std::size_t> remove_all_reactions(connection& db, snowflake channel_id, snowflake message_id);
result<std::optional<model::emoji_ref>> remove_emoji_reactions(connection& db, snowflake channel_id,
                                                               snowflake message_id, std::string_view emoji_key);

} // namespace parley::store::sqlite
