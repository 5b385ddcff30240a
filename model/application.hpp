// A bot application (rest.md §6.10, §7.10): its owner, its bot user, and the flags that enable
// privileged gateway intents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "model/snowflake.hpp"
#include "model/user.hpp"

namespace parley::model {

namespace application_flags {
inline constexpr std::uint64_t gateway_presence = 1ULL << 12;
inline constexpr std::uint64_t gateway_presence_limited = 1ULL << 13;
inline constexpr std::uint64_t gateway_guild_members = 1ULL << 14;
inline constexpr std::uint64_t gateway_guild_members_limited = 1ULL << 15;
inline constexpr std::uint64_t gateway_message_content = 1ULL << 18;
inline constexpr std::uint64_t gateway_message_content_limited = 1ULL << 19;
inline constexpr std::uint64_t application_command_badge = 1ULL << 23;
// The bits an owner may set through PATCH /applications/{id}.
inline constexpr std::uint64_t owner_settable = gateway_presence | gateway_presence_limited |
    gateway_guild_members | gateway_guild_members_limited | gateway_message_content |
    gateway_message_content_limited;
} // namespace application_flags

struct application {
  snowflake id = 0;         // equal to the bot user's id, as on Discord
  std::string name;
  std::string description;
  std::optional<std::string> icon;
  snowflake owner_id = 0;
  snowflake bot_user_id = 0;
  std::uint64_t flags = 0;
  bool bot_public = true;
  bool bot_require_code_grant = false;
  std::string verify_key;   // 64 hex digits
  std::int64_t created_ms = 0;
};

// Every field discord.py and discord.js read (clients.md §5); owner and bot are embedded when given.
boost::json::object to_json(const application& app, const user* owner, const user* bot);

} // namespace parley::model
