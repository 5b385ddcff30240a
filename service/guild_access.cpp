#include "service/guild_access.hpp"

#include "model/channel_kind.hpp"
#include "model/permissions.hpp"
#include "service/errors.hpp"

namespace parley::service {

using model::api_error;
using model::json_code;

const model::role* guild_access::role(model::snowflake id) const { return model::find_role(roles, id); }

api_error missing_permissions() { return api_error::forbidden(json_code::missing_permissions); }
api_error unknown_guild() { return api_error::not_found(json_code::unknown_guild, "Guild"); }
api_error unknown_channel() { return api_error::not_found(json_code::unknown_channel, "Channel"); }
api_error unknown_role() { return api_error::not_found(json_code::unknown_role, "Role"); }
api_error unknown_member() { return api_error::not_found(json_code::unknown_member, "Member"); }

model::permissions default_everyone_permissions() {
  namespace p = model::permission;
  // Discord's classic default (discord.js PermissionsBitField.Default, 104324673) plus the member
  // bits Discord grants @everyone in guilds created today (commands, threads, stickers, activities,
  // soundboard, voice messages, polls, external apps).
  return p::create_instant_invite | p::add_reactions | p::stream | p::view_channel | p::send_messages |
         p::send_tts_messages | p::embed_links | p::attach_files | p::read_message_history | p::mention_everyone |
         p::use_external_emojis | p::connect | p::speak | p::use_vad | p::change_nickname |
         p::use_application_commands | p::request_to_speak | p::create_public_threads | p::create_private_threads |
         p::use_external_stickers | p::send_messages_in_threads | p::use_embedded_activities | p::use_soundboard |
         p::use_external_sounds | p::send_voice_messages | p::send_polls | p::use_external_apps;
}

model::api_result<guild_access> load_guild_access(context& ctx, model::snowflake guild_id, model::snowflake user_id) {
  auto g = ctx.store.guild_by_id(guild_id);
  if (!g) return internal_error(g.error(), "guild_by_id");
  if (!*g) return unknown_guild();
  auto m = ctx.store.member(guild_id, user_id);
  if (!m) return internal_error(m.error(), "member");
  if (!*m) return unknown_guild();
  auto roles = ctx.store.roles_of_guild(guild_id);
  if (!roles) return internal_error(roles.error(), "roles_of_guild");
  guild_access a{std::move((*g)->guild), (*g)->member_count, std::move(*roles), std::move((*m)->member), 0};
  a.perms = model::guild_permissions(a.guild, a.roles, a.self, ctx.time.now_ms());
  return a;
}

model::api_result<channel_access> load_channel_access(context& ctx, model::snowflake channel_id,
                                                      model::snowflake user_id) {
  auto c = ctx.store.channel_by_id(channel_id);
  if (!c) return internal_error(c.error(), "channel_by_id");
  if (!*c || !(*c)->guild_id || model::is_dm((*c)->type)) return unknown_channel();
  auto g = load_guild_access(ctx, *(*c)->guild_id, user_id);
  if (!g) {
    if (g.error().status() == 404) return unknown_channel();
    return g.error();
  }
  channel_access a{std::move(*g), std::move(**c), 0};
  const model::channel* evaluated = &a.channel;
  std::optional<model::channel> parent;
  if (model::is_thread(a.channel.type) && a.channel.parent_id) {  // threads use their parent's overwrites
    auto p = ctx.store.channel_by_id(*a.channel.parent_id);
    if (!p) return internal_error(p.error(), "channel_by_id");
    if (!*p) return unknown_channel();
    parent = std::move(**p);
    evaluated = &*parent;
  }
  a.perms = model::channel_permissions(a.guild.guild, a.guild.roles, a.guild.self, *evaluated, ctx.time.now_ms());
  if (!(a.perms & model::permission::view_channel)) return unknown_channel();
  return a;
}

} // namespace parley::service
