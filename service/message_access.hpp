// The caller's view of a channel that holds messages (rest.md §7.5, issue "Conversations"): a
// guild channel, with the caller's permissions in it, or a private channel (DM, group DM) the
// caller participates in. Everything else (no such channel, a guild channel the caller may not
// VIEW_CHANNEL, somebody else's DM) is 404 10003, so nobody learns that a channel exists.
#pragma once

#include <optional>
#include <vector>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"

namespace parley::service {

struct message_channel {
  model::channel channel;               // private channels: recipients filled
  std::optional<guild_access> guild;    // guild channels only
  std::vector<model::user> recipients;  // private channels only: every participant
  // Guild channels: the caller's channel permissions. Private channels: what a participant may
  // do there (private_channel_permissions below).
  model::permissions perms = 0;

  bool is_private() const { return !guild.has_value(); }
  bool has(model::permissions bits) const { return (perms & bits) == bits; }
};

// What a participant of a DM or group DM may do: view, send (+TTS), embed, attach, read history,
// react, pin; never manage others' messages.
model::permissions private_channel_permissions();

model::api_result<message_channel> load_message_channel(context& ctx, model::snowflake channel_id,
                                                        model::snowflake user_id);

} // namespace parley::service
