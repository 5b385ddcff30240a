// POST /channels/{id}/typing (rest.md §7.3, gateway.md §11.1 TYPING_START): SEND_MESSAGES in
// guild channels; any participant in private channels. Nothing is stored.
#pragma once

#include "model/api_error.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

class typing {
 public:
  explicit typing(context& ctx) : ctx_(ctx) {}

  // TYPING_START {channel_id, guild_id?, user_id, timestamp (Unix seconds), member (with user,
  // guild channels)} to the channel's audience.
  model::api_result<void> start(const model::user& caller, model::snowflake channel_id);

 private:
  context& ctx_;
};

} // namespace parley::service
