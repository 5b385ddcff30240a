// The pin operations of message_store (store/message_store.hpp "pins") as SQL on one connection:
// messages.pinned_ms (partial index messages_pinned) and channels.last_pin_ms (schema migrations 2–3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// false: already pinned. not_found; conflict at max_pins. Sets the channel's last_pin_ms.
result<bool> pin_message(connection& db, snowflake channel_id, snowflake message_id, std::int64_t now_ms,
                         std::size_t max_pins);
// false: not pinned. not_found. The channel's last_pin_ms becomes the newest remaining pin.
result<bool> unpin_message(connection& db, snowflake channel_id, snowflake message_id);
// Newest pin first, pinned strictly before before_ms (0 = unbounded), at most limit, completed
// for viewer.
result<std::vector<pin_record>> pins(connection& db, snowflake channel_id, std::int64_t before_ms, std::size_t limit,
                                     snowflake viewer);

} // namespace parley::store::sqlite
