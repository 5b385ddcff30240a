// Reactions (rest.md §7.5; gateway.md §11.5 for the event fields); see reactions.hpp.
#include "service/reactions.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/emoji.hpp"
#include "model/guild_json.hpp"
#include "model/permission_bits.hpp"
#include "service/errors.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"
#include "service/message_access.hpp"
#include "store/store_error.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

api_error unknown_message() { return api_error::not_found(json_code::unknown_message, "Message"); }

// A store failure of a call that names a message: not_found is Unknown Message.
api_error message_error(const error_code& ec, const char* where) {
  if (ec == store::store_errc::not_found) return unknown_message();
  return internal_error(ec, where);
}

// {channel_id, message_id, guild_id?}: the fields every MESSAGE_REACTION_* event starts with.
json::object reaction_event_base(const message_channel& where, model::snowflake message_id) {
  json::object d;
  d["channel_id"] = model::to_string(where.channel.id);
  d["message_id"] = model::to_string(message_id);
  if (where.channel.guild_id) d["guild_id"] = model::to_string(*where.channel.guild_id);
  return d;
}

} // namespace

model::api_result<void> reactions::add(const model::user& caller, model::snowflake channel_id,
                                       model::snowflake message_id, const model::emoji_ref& emoji) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!where->has(perm::read_message_history)) return missing_permissions();
  auto found = ctx_.store.message(channel_id, message_id, caller.id);
  if (!found) return internal_error(found.error(), "message");
  if (!*found) return unknown_message();
  const auto key = emoji.key();
  const auto& present = (*found)->message.reactions;
  const bool on_message =
      std::any_of(present.begin(), present.end(), [&](const model::reaction_count& r) { return r.emoji.key() == key; });
  const bool may_add_new = where->has(perm::add_reactions);
  if (!on_message && !may_add_new) return missing_permissions();

  auto change = ctx_.store.add_reaction(channel_id, message_id, caller.id, emoji, 0, ctx_.time.now_ms());
  if (!change) return message_error(change.error(), "add_reaction");
  if (change->emoji_was_new && !may_add_new) {
    // Everyone else removed the emoji between our read and the write: the caller may not add it
    // afresh, so take the reaction back before anyone hears of it.
    if (auto undo = ctx_.store.remove_reaction(channel_id, message_id, caller.id, key, 0); !undo)
      return internal_error(undo.error(), "remove_reaction");
    return missing_permissions();
  }
  if (!change->changed) return {};

  auto d = reaction_event_base(*where, message_id);
  d["user_id"] = model::to_string(caller.id);
  if (where->guild) d["member"] = model::to_json(where->guild->self, &caller);
  d["emoji"] = model::to_json(emoji);
  d["message_author_id"] = model::to_string((*found)->message.author_id);
  d["burst"] = false;
  d["burst_colors"] = json::array();
  d["type"] = 0;
  publish_to_channel(ctx_, "MESSAGE_REACTION_ADD", std::move(d), where->channel);
  return {};
}

model::api_result<void> reactions::remove(const model::user& caller, model::snowflake channel_id,
                                          model::snowflake message_id, const model::emoji_ref& emoji,
                                          model::snowflake user_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (user_id != caller.id && (where->is_private() || !where->has(perm::manage_messages)))
    return missing_permissions();
  auto change = ctx_.store.remove_reaction(channel_id, message_id, user_id, emoji.key(), 0);
  if (!change) return message_error(change.error(), "remove_reaction");
  if (!change->changed) return {};

  auto d = reaction_event_base(*where, message_id);
  d["user_id"] = model::to_string(user_id);
  d["emoji"] = model::to_json(emoji);
  d["burst"] = false;
  d["type"] = 0;
  publish_to_channel(ctx_, "MESSAGE_REACTION_REMOVE", std::move(d), where->channel);
  return {};
}

model::api_result<std::vector<model::user>> reactions::users(const model::user& caller, model::snowflake channel_id,
                                                             model::snowflake message_id,
                                                             const model::emoji_ref& emoji,
                                                             const store::reaction_users_query& q) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!where->has(perm::read_message_history)) return missing_permissions();
  auto users = ctx_.store.reaction_users(channel_id, message_id, emoji.key(), q);
  if (!users) return message_error(users.error(), "reaction_users");
  return std::move(*users);
}

model::api_result<void> reactions::remove_all(const model::user& caller, model::snowflake channel_id,
                                              model::snowflake message_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (where->is_private() || !where->has(perm::manage_messages)) return missing_permissions();
  auto removed = ctx_.store.remove_all_reactions(channel_id, message_id);
  if (!removed) return message_error(removed.error(), "remove_all_reactions");
  if (*removed == 0) return {};
  publish_to_channel(ctx_, "MESSAGE_REACTION_REMOVE_ALL", reaction_event_base(*where, message_id), where->channel);
  return {};
}

model::api_result<void> reactions::remove_emoji(const model::user& caller, model::snowflake channel_id,
                                                model::snowflake message_id, const model::emoji_ref& emoji) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (where->is_private() || !where->has(perm::manage_messages)) return missing_permissions();
  auto removed = ctx_.store.remove_emoji_reactions(channel_id, message_id, emoji.key());
  if (!removed) return message_error(removed.error(), "remove_emoji_reactions");
  if (!*removed) return {};
  auto d = reaction_event_base(*where, message_id);
  d["emoji"] = model::to_json(**removed);  // as stored: the custom emoji's real name
  publish_to_channel(ctx_, "MESSAGE_REACTION_REMOVE_EMOJI", std::move(d), where->channel);
  return {};
}

} // namespace parley::service
