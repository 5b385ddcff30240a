// The event → intent table of gateway.md §5 and the MESSAGE_CONTENT rule of §5.2.
#include "proto/gateway/intents.hpp"

#include <algorithm>
#include <iterator>

namespace parley::proto::gateway {
namespace {

struct gated_event {
  std::string_view name;
  std::uint64_t in_guild;
  std::uint64_t in_dm;
};

using namespace intent;

// Sorted by name (a static_assert checks it) for binary search. Events with a DM variant:
// CHANNEL_PINS_UPDATE and the message, reaction, typing and poll families. CHANNEL_CREATE/UPDATE/
// DELETE are GUILDS events only for guild channels (§5 lists them under GUILDS as guild channel
// events): a private channel's own changes reach its recipients whatever their intents. Other
// guild-only events gate DMs with the same bit, which never matters because they never happen
// outside a guild.
constexpr gated_event table[] = {
    {"AUTO_MODERATION_ACTION_EXECUTION", auto_moderation_execution, auto_moderation_execution},
    {"AUTO_MODERATION_RULE_CREATE", auto_moderation_configuration, auto_moderation_configuration},
    {"AUTO_MODERATION_RULE_DELETE", auto_moderation_configuration, auto_moderation_configuration},
    {"AUTO_MODERATION_RULE_UPDATE", auto_moderation_configuration, auto_moderation_configuration},
    {"CHANNEL_CREATE", guilds, 0},
    {"CHANNEL_DELETE", guilds, 0},
    {"CHANNEL_PINS_UPDATE", guilds, direct_messages},
    {"CHANNEL_UPDATE", guilds, 0},
    {"GUILD_AUDIT_LOG_ENTRY_CREATE", guild_moderation, guild_moderation},
    {"GUILD_BAN_ADD", guild_moderation, guild_moderation},
    {"GUILD_BAN_REMOVE", guild_moderation, guild_moderation},
    {"GUILD_CREATE", guilds, guilds},
    {"GUILD_DELETE", guilds, guilds},
    {"GUILD_EMOJIS_UPDATE", guild_expressions, guild_expressions},
    {"GUILD_INTEGRATIONS_UPDATE", guild_integrations, guild_integrations},
    {"GUILD_MEMBER_ADD", guild_members, guild_members},
    {"GUILD_MEMBER_REMOVE", guild_members, guild_members},
    {"GUILD_MEMBER_UPDATE", guild_members, guild_members},
    {"GUILD_ROLE_CREATE", guilds, guilds},
    {"GUILD_ROLE_DELETE", guilds, guilds},
    {"GUILD_ROLE_UPDATE", guilds, guilds},
    {"GUILD_SCHEDULED_EVENT_CREATE", guild_scheduled_events, guild_scheduled_events},
    {"GUILD_SCHEDULED_EVENT_DELETE", guild_scheduled_events, guild_scheduled_events},
    {"GUILD_SCHEDULED_EVENT_UPDATE", guild_scheduled_events, guild_scheduled_events},
    {"GUILD_SCHEDULED_EVENT_USER_ADD", guild_scheduled_events, guild_scheduled_events},
    {"GUILD_SCHEDULED_EVENT_USER_REMOVE", guild_scheduled_events, guild_scheduled_events},
    {"GUILD_SOUNDBOARD_SOUNDS_UPDATE", guild_expressions, guild_expressions},
    {"GUILD_SOUNDBOARD_SOUND_CREATE", guild_expressions, guild_expressions},
    {"GUILD_SOUNDBOARD_SOUND_DELETE", guild_expressions, guild_expressions},
    {"GUILD_SOUNDBOARD_SOUND_UPDATE", guild_expressions, guild_expressions},
    {"GUILD_STICKERS_UPDATE", guild_expressions, guild_expressions},
    {"GUILD_UPDATE", guilds, guilds},
    {"INTEGRATION_CREATE", guild_integrations, guild_integrations},
    {"INTEGRATION_DELETE", guild_integrations, guild_integrations},
    {"INTEGRATION_UPDATE", guild_integrations, guild_integrations},
    {"INVITE_CREATE", guild_invites, guild_invites},
    {"INVITE_DELETE", guild_invites, guild_invites},
    {"MESSAGE_CREATE", guild_messages, direct_messages},
    {"MESSAGE_DELETE", guild_messages, direct_messages},
    {"MESSAGE_DELETE_BULK", guild_messages, direct_messages},
    {"MESSAGE_POLL_VOTE_ADD", guild_message_polls, direct_message_polls},
    {"MESSAGE_POLL_VOTE_REMOVE", guild_message_polls, direct_message_polls},
    {"MESSAGE_REACTION_ADD", guild_message_reactions, direct_message_reactions},
    {"MESSAGE_REACTION_REMOVE", guild_message_reactions, direct_message_reactions},
    {"MESSAGE_REACTION_REMOVE_ALL", guild_message_reactions, direct_message_reactions},
    {"MESSAGE_REACTION_REMOVE_EMOJI", guild_message_reactions, direct_message_reactions},
    {"MESSAGE_UPDATE", guild_messages, direct_messages},
    {"PRESENCE_UPDATE", guild_presences, guild_presences},
    {"STAGE_INSTANCE_CREATE", guilds, guilds},
    {"STAGE_INSTANCE_DELETE", guilds, guilds},
    {"STAGE_INSTANCE_UPDATE", guilds, guilds},
    {"THREAD_CREATE", guilds, guilds},
    {"THREAD_DELETE", guilds, guilds},
    {"THREAD_LIST_SYNC", guilds, guilds},
    {"THREAD_MEMBERS_UPDATE", guilds, guilds},
    {"THREAD_MEMBER_UPDATE", guilds, guilds},
    {"THREAD_UPDATE", guilds, guilds},
    {"TYPING_START", guild_message_typing, direct_message_typing},
    {"VOICE_CHANNEL_EFFECT_SEND", guild_voice_states, guild_voice_states},
    {"VOICE_CHANNEL_START_TIME_UPDATE", guilds, guilds},
    {"VOICE_CHANNEL_STATUS_UPDATE", guilds, guilds},
    {"VOICE_STATE_UPDATE", guild_voice_states, guild_voice_states},
    {"WEBHOOKS_UPDATE", guild_webhooks, guild_webhooks},
};

static_assert(std::is_sorted(std::begin(table), std::end(table),
                             [](const gated_event& a, const gated_event& b) { return a.name < b.name; }));

const gated_event* find(std::string_view name) noexcept {
  const auto* it = std::lower_bound(std::begin(table), std::end(table), name,
                                    [](const gated_event& e, std::string_view n) { return e.name < n; });
  return it != std::end(table) && it->name == name ? it : nullptr;
}

} // namespace

std::uint64_t required_intent(std::string_view event_name, bool in_guild) noexcept {
  const gated_event* e = find(event_name);
  if (e == nullptr) return 0;
  return in_guild ? e->in_guild : e->in_dm;
}

bool event_carries_message_content(std::string_view event_name) noexcept {
  return event_name == "MESSAGE_CREATE" || event_name == "MESSAGE_UPDATE" ||
         event_name == "AUTO_MODERATION_ACTION_EXECUTION";
}

} // namespace parley::proto::gateway
