// The read state operations of message_store (store/message_store.hpp) as SQL on one connection:
// a user's last acknowledged message per channel (read_states, schema migration 3) and the
// mention count derived from message_mentions, for READY's read_state and POST .../ack.
#pragma once

#include <vector>

#include "model/message.hpp"
#include "model/snowflake.hpp"
#include "proto/base/result.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

using model::snowflake;

// Moves the user's read position in the channel forward to message_id (an older id leaves it
// where it is) and returns the state after the write. not_found when the channel or the user
// does not exist.
result<model::read_state> ack(connection& db, snowflake user_id, snowflake channel_id, snowflake message_id);
// The user's read states in channels they still belong to (a guild they are a member of, a
// private channel they participate in), by channel id. mention_count counts the messages after
// the read position that mention the user by id (message_mentions); @everyone, @here and role
// mentions are not counted.
result<std::vector<model::read_state>> read_states_of(connection& db, snowflake user_id);

} // namespace parley::store::sqlite
