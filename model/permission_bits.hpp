// Permission bits (rest.md §8.1) and the permission overwrite of a channel (rest.md §6.5, §8.3).
// Serialized as decimal strings in JSON.
#pragma once

#include <cstdint>

#include "model/snowflake.hpp"

namespace parley::model {

using permissions = std::uint64_t;

namespace permission {
inline constexpr permissions create_instant_invite = 1ULL << 0;
inline constexpr permissions kick_members = 1ULL << 1;
inline constexpr permissions ban_members = 1ULL << 2;
inline constexpr permissions administrator = 1ULL << 3;
inline constexpr permissions manage_channels = 1ULL << 4;
inline constexpr permissions manage_guild = 1ULL << 5;
inline constexpr permissions add_reactions = 1ULL << 6;
inline constexpr permissions view_audit_log = 1ULL << 7;
inline constexpr permissions priority_speaker = 1ULL << 8;
inline constexpr permissions stream = 1ULL << 9;
inline constexpr permissions view_channel = 1ULL << 10;
inline constexpr permissions send_messages = 1ULL << 11;
inline constexpr permissions send_tts_messages = 1ULL << 12;
inline constexpr permissions manage_messages = 1ULL << 13;
inline constexpr permissions embed_links = 1ULL << 14;
inline constexpr permissions attach_files = 1ULL << 15;
inline constexpr permissions read_message_history = 1ULL << 16;
inline constexpr permissions mention_everyone = 1ULL << 17;
inline constexpr permissions use_external_emojis = 1ULL << 18;
inline constexpr permissions view_guild_insights = 1ULL << 19;
inline constexpr permissions connect = 1ULL << 20;
inline constexpr permissions speak = 1ULL << 21;
inline constexpr permissions mute_members = 1ULL << 22;
inline constexpr permissions deafen_members = 1ULL << 23;
inline constexpr permissions move_members = 1ULL << 24;
inline constexpr permissions use_vad = 1ULL << 25;
inline constexpr permissions change_nickname = 1ULL << 26;
inline constexpr permissions manage_nicknames = 1ULL << 27;
inline constexpr permissions manage_roles = 1ULL << 28;
inline constexpr permissions manage_webhooks = 1ULL << 29;
inline constexpr permissions manage_guild_expressions = 1ULL << 30;
inline constexpr permissions use_application_commands = 1ULL << 31;
inline constexpr permissions request_to_speak = 1ULL << 32;
inline constexpr permissions manage_events = 1ULL << 33;
inline constexpr permissions manage_threads = 1ULL << 34;
inline constexpr permissions create_public_threads = 1ULL << 35;
inline constexpr permissions create_private_threads = 1ULL << 36;
inline constexpr permissions use_external_stickers = 1ULL << 37;
inline constexpr permissions send_messages_in_threads = 1ULL << 38;
inline constexpr permissions use_embedded_activities = 1ULL << 39;
inline constexpr permissions moderate_members = 1ULL << 40;
inline constexpr permissions view_creator_monetization_analytics = 1ULL << 41;
inline constexpr permissions use_soundboard = 1ULL << 42;
inline constexpr permissions create_guild_expressions = 1ULL << 43;
inline constexpr permissions create_events = 1ULL << 44;
inline constexpr permissions use_external_sounds = 1ULL << 45;
inline constexpr permissions send_voice_messages = 1ULL << 46;
inline constexpr permissions set_voice_channel_status = 1ULL << 48;
inline constexpr permissions send_polls = 1ULL << 49;
inline constexpr permissions use_external_apps = 1ULL << 50;
inline constexpr permissions pin_messages = 1ULL << 51;
inline constexpr permissions bypass_slowmode = 1ULL << 52;

// Every defined bit (bit 47 is unassigned).
inline constexpr permissions all = ((1ULL << 53) - 1) & ~(1ULL << 47);
} // namespace permission

// One entry of a channel's permission_overwrites: for a role (type 0; the @everyone role has the
// guild's id) or for a member (type 1).
struct permission_overwrite {
  enum class kind : int { role = 0, member = 1 };
  snowflake id = 0;
  kind type = kind::role;
  permissions allow = 0;
  permissions deny = 0;
  friend bool operator==(const permission_overwrite&, const permission_overwrite&) = default;
};

} // namespace parley::model
