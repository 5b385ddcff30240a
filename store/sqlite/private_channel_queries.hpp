// The private channel operations of message_store (store/message_store.hpp) as SQL on one
// connection: DMs (type 1, one per pair of users through dm_pairs) and group DMs (type 3) with
// their participants in channel_recipients (schema migration 3). Writes run inside the writer's
// per-job SAVEPOINT, which makes their statements atomic and serializes them with every other
// write: two open_dm calls for the same pair can never both insert.
#pragma once

#include <optional>
#include <vector>

#include "model/guild.hpp"
#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// The pair's DM, or `c` inserted as it (type forced to 1, recipients a then b). not_found when a
// user does not exist; conflict when a == b or c.id is taken.
result<message_store::dm_outcome> open_dm(connection& db, const model::channel& c, snowflake a, snowflake b);
// Inserts a type 3 channel with c.recipients (in that order, duplicates skipped). not_found on an
// unknown user.
result<private_channel_record> create_group_dm(connection& db, const model::channel& c);
result<std::optional<private_channel_record>> private_channel(connection& db, snowflake channel_id);
result<std::vector<private_channel_record>> private_channels_of(connection& db, snowflake user_id);
// Writes name, icon and owner_id of a private channel. not_found.
result<void> update_private_channel(connection& db, const model::channel& c);
// not_found when the channel is not a group DM or the user does not exist.
result<bool> add_recipient(connection& db, snowflake channel_id, snowflake user_id);
// not_found when the channel is not private. When the group DM's owner leaves, the participant
// who joined first after them becomes the owner (Discord does the same), in the same transaction.
result<bool> remove_recipient(connection& db, snowflake channel_id, snowflake user_id);

} // namespace parley::store::sqlite
