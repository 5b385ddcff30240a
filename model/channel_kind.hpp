// Predicates over channel_type (rest.md §6.5 channel types table): which types are guild
// channels, text-like, voice-like or threads, and which an integer from a request may name.
#pragma once

#include <cstdint>
#include <optional>

#include "model/guild.hpp"

namespace parley::model {

// nullopt for integers that are not one of Discord's channel types (6–9 are unassigned).
constexpr std::optional<channel_type> to_channel_type(std::int64_t value) {
  switch (value) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 10: case 11: case 12: case 13: case 14:
    case 15: case 16:
      return static_cast<channel_type>(value);
    default:
      return std::nullopt;
  }
}

constexpr bool is_dm(channel_type t) { return t == channel_type::dm || t == channel_type::group_dm; }
constexpr bool is_thread(channel_type t) {
  return t == channel_type::announcement_thread || t == channel_type::public_thread ||
         t == channel_type::private_thread;
}
constexpr bool is_guild_channel(channel_type t) { return !is_dm(t); }
constexpr bool is_voice_like(channel_type t) {
  return t == channel_type::guild_voice || t == channel_type::guild_stage_voice;
}
// The "T" column of rest.md §8.1: channels that hold messages or thread-only posts.
constexpr bool is_text_like(channel_type t) {
  return t == channel_type::guild_text || t == channel_type::guild_announcement ||
         t == channel_type::guild_forum || t == channel_type::guild_media;
}
// Types POST /guilds/{id}/channels may create (threads have their own routes; directories are
// made by Discord's hub feature only).
constexpr bool is_creatable_guild_channel(channel_type t) {
  return is_text_like(t) || is_voice_like(t) || t == channel_type::guild_category;
}

} // namespace parley::model
