// Gateway intent bits, their validation and the intent each dispatch event needs
// (gateway.md §5, §5.1, §5.2).
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::proto::gateway {

namespace intent {
inline constexpr std::uint64_t guilds = 1ULL << 0;
inline constexpr std::uint64_t guild_members = 1ULL << 1;
inline constexpr std::uint64_t guild_moderation = 1ULL << 2;
inline constexpr std::uint64_t guild_expressions = 1ULL << 3;
inline constexpr std::uint64_t guild_integrations = 1ULL << 4;
inline constexpr std::uint64_t guild_webhooks = 1ULL << 5;
inline constexpr std::uint64_t guild_invites = 1ULL << 6;
inline constexpr std::uint64_t guild_voice_states = 1ULL << 7;
inline constexpr std::uint64_t guild_presences = 1ULL << 8;
inline constexpr std::uint64_t guild_messages = 1ULL << 9;
inline constexpr std::uint64_t guild_message_reactions = 1ULL << 10;
inline constexpr std::uint64_t guild_message_typing = 1ULL << 11;
inline constexpr std::uint64_t direct_messages = 1ULL << 12;
inline constexpr std::uint64_t direct_message_reactions = 1ULL << 13;
inline constexpr std::uint64_t direct_message_typing = 1ULL << 14;
inline constexpr std::uint64_t message_content = 1ULL << 15;
inline constexpr std::uint64_t guild_scheduled_events = 1ULL << 16;
inline constexpr std::uint64_t auto_moderation_configuration = 1ULL << 20;
inline constexpr std::uint64_t auto_moderation_execution = 1ULL << 21;
inline constexpr std::uint64_t guild_message_polls = 1ULL << 24;
inline constexpr std::uint64_t direct_message_polls = 1ULL << 25;

// Every assigned bit: 0-16, 20-21, 24-25. All of them are accepted in Identify even when Parley
// never emits their events (discord.py's Intents.default() sets bits it does not use).
inline constexpr std::uint64_t assigned_mask = 0x1FFFFULL | (0x3ULL << 20) | (0x3ULL << 24);
inline constexpr std::uint64_t privileged_mask = guild_members | guild_presences | message_content;
} // namespace intent

// True when `intents` sets only assigned bits (else close 4013).
constexpr bool intents_valid(std::uint64_t intents) noexcept {
  return (intents & ~intent::assigned_mask) == 0;
}

// The privileged bits of `intents` the application has not enabled (non-zero → close 4014).
constexpr std::uint64_t disallowed_intents(std::uint64_t intents, std::uint64_t enabled_privileged) noexcept {
  return intents & intent::privileged_mask & ~enabled_privileged;
}

// The intent bit a session needs to receive dispatch `event_name`, for an event in a guild
// (`in_guild`) or in a DM; 0 when the event is always sent or not listed in §5. Caveats the
// caller applies itself: GUILD_MEMBER_UPDATE about the session's own user is sent without
// GUILD_MEMBERS; THREAD_MEMBERS_UPDATE needs GUILDS, plus GUILD_MEMBERS unless it is about the
// session's own user; some events also need a permission (§5 caveats).
std::uint64_t required_intent(std::string_view event_name, bool in_guild) noexcept;

// True when `event_name` carries message content that is redacted for sessions without
// MESSAGE_CONTENT (§5.2: message objects, and AUTO_MODERATION_ACTION_EXECUTION's `content` and
// `matched_content`). The exceptions (the app's own messages, DMs with the app, messages that
// mention the app) depend on the message and are decided by the caller.
bool event_carries_message_content(std::string_view event_name) noexcept;

// True when a session with `intents` gets the redacted variant of such an event.
constexpr bool message_content_redacted(std::uint64_t intents) noexcept {
  return (intents & intent::message_content) == 0;
}

} // namespace parley::proto::gateway
