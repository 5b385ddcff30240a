// Loading the channel a message use case acts in (rest.md §7.5; message_access.hpp): a guild
// channel through load_channel_access, else a private channel the caller participates in.
#include "service/message_access.hpp"

#include <algorithm>

#include "model/permission_bits.hpp"
#include "service/errors.hpp"

namespace parley::service {

model::permissions private_channel_permissions() {
  namespace p = model::permission;
  return p::view_channel | p::send_messages | p::send_tts_messages | p::embed_links | p::attach_files |
         p::read_message_history | p::add_reactions | p::use_external_emojis | p::pin_messages |
         p::send_voice_messages | p::send_polls;
}

model::api_result<message_channel> load_message_channel(context& ctx, model::snowflake channel_id,
                                                        model::snowflake user_id) {
  // Guild channels first: they carry nearly all traffic, and a private channel answers 404 here
  // after a single lookup.
  auto guild = load_channel_access(ctx, channel_id, user_id);
  if (guild) {
    message_channel out;
    out.perms = guild->perms;
    out.channel = std::move(guild->channel);
    out.guild = std::move(guild->guild);
    return out;
  }
  if (guild.error().code() != model::json_code::unknown_channel) return guild.error();
  auto priv = ctx.store.private_channel(channel_id);
  if (!priv) return internal_error(priv.error(), "private_channel");
  if (!*priv) return unknown_channel();
  const auto& recipients = (*priv)->channel.recipients;
  if (std::find(recipients.begin(), recipients.end(), user_id) == recipients.end()) return unknown_channel();
  message_channel out;
  out.channel = std::move((*priv)->channel);
  out.recipients = std::move((*priv)->users);
  out.perms = private_channel_permissions();
  return out;
}

} // namespace parley::service
