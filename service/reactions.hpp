// Reaction use cases (rest.md §7.5, gateway.md §11.1 MESSAGE_REACTION_*, §11.5): add one's own,
// remove one's own or (MANAGE_MESSAGES) another's, list who reacted, and clear all reactions or
// one emoji's. The emoji comes parsed (model/emoji.hpp). Events go to the channel's audience
// after the commit, and only when something changed.
#pragma once

#include <vector>

#include "model/api_error.hpp"
#include "model/message.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "store/message_store.hpp"

namespace parley::service {

class reactions {
 public:
  explicit reactions(context& ctx) : ctx_(ctx) {}

  // READ_MESSAGE_HISTORY; ADD_REACTIONS when the emoji is not on the message yet. Adding a
  // reaction that exists already succeeds without an event.
  model::api_result<void> add(const model::user& caller, model::snowflake channel_id, model::snowflake message_id,
                              const model::emoji_ref& emoji);
  // The caller's own reaction when user_id is the caller (no permission needed), otherwise
  // MANAGE_MESSAGES (never in private channels). Removing what is not there succeeds silently.
  model::api_result<void> remove(const model::user& caller, model::snowflake channel_id, model::snowflake message_id,
                                 const model::emoji_ref& emoji, model::snowflake user_id);
  // READ_MESSAGE_HISTORY; q.limit 1–100 (the route validates it).
  model::api_result<std::vector<model::user>> users(const model::user& caller, model::snowflake channel_id,
                                                    model::snowflake message_id, const model::emoji_ref& emoji,
                                                    const store::reaction_users_query& q);
  // MANAGE_MESSAGES: MESSAGE_REACTION_REMOVE_ALL / MESSAGE_REACTION_REMOVE_EMOJI.
  model::api_result<void> remove_all(const model::user& caller, model::snowflake channel_id,
                                     model::snowflake message_id);
  model::api_result<void> remove_emoji(const model::user& caller, model::snowflake channel_id,
                                       model::snowflake message_id, const model::emoji_ref& emoji);

 private:
  context& ctx_;
};

} // namespace parley::service
