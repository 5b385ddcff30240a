// The community domain (rest.md §6.2–§6.5, §6.8): guilds, roles, channels, members, invites,
// bans and audit log entries, as stored and as the use cases see them. JSON shapes live in
// guild_json.hpp; permission arithmetic in permissions.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/permission_bits.hpp"
#include "model/snowflake.hpp"

namespace parley::model {

struct guild {
  snowflake id = 0;
  std::string name;
  std::optional<std::string> icon;
  std::optional<std::string> description;
  snowflake owner_id = 0;
  std::optional<snowflake> afk_channel_id;
  int afk_timeout = 300;
  int verification_level = 0;
  int default_message_notifications = 0;
  int explicit_content_filter = 0;
  std::optional<snowflake> system_channel_id;
  int system_channel_flags = 0;
  std::optional<snowflake> rules_channel_id;
  std::optional<snowflake> public_updates_channel_id;
  std::string preferred_locale = "en-US";
  std::optional<snowflake> application_id;  // the bot application that created it, if any
  std::int64_t created_ms = 0;
};

struct role {
  snowflake id = 0;          // the @everyone role has the guild's id
  snowflake guild_id = 0;
  std::string name;
  std::uint32_t color = 0;
  bool hoist = false;
  int position = 0;          // @everyone is 0
  permissions perms = 0;
  bool managed = false;
  bool mentionable = false;
  std::optional<snowflake> bot_id;  // tags.bot_id: the managed role of a bot
  int flags = 0;
};

enum class channel_type : int {
  guild_text = 0,
  dm = 1,
  guild_voice = 2,
  group_dm = 3,
  guild_category = 4,
  guild_announcement = 5,
  announcement_thread = 10,
  public_thread = 11,
  private_thread = 12,
  guild_stage_voice = 13,
  guild_directory = 14,
  guild_forum = 15,
  guild_media = 16,
};

struct channel {
  snowflake id = 0;
  channel_type type = channel_type::guild_text;
  std::optional<snowflake> guild_id;       // none for DMs and group DMs
  int position = 0;
  std::vector<permission_overwrite> overwrites;
  std::optional<std::string> name;
  std::optional<std::string> topic;
  bool nsfw = false;
  std::optional<snowflake> last_message_id;
  int bitrate = 64000;                     // voice
  int user_limit = 0;                      // voice; 0 = unlimited
  int rate_limit_per_user = 0;             // slowmode, seconds
  std::optional<snowflake> parent_id;      // category
  std::optional<std::string> rtc_region;
  int video_quality_mode = 1;
  std::optional<snowflake> owner_id;       // group DM owner
  std::optional<std::string> icon;         // group DM icon
  std::vector<snowflake> recipients;       // DMs and group DMs: the user id of every participant
  std::optional<std::int64_t> last_pin_ms;
  int flags = 0;
};

struct member {
  snowflake guild_id = 0;
  snowflake user_id = 0;
  std::optional<std::string> nick;
  std::vector<snowflake> roles;            // never contains @everyone
  std::int64_t joined_ms = 0;
  bool deaf = false;
  bool mute = false;
  int flags = 0;
  bool pending = false;
  std::optional<std::int64_t> communication_disabled_until_ms;
};

struct invite {
  std::string code;
  snowflake guild_id = 0;
  snowflake channel_id = 0;
  std::optional<snowflake> inviter_id;
  int uses = 0;
  int max_uses = 0;                        // 0 = unlimited
  int max_age = 86400;                     // seconds; 0 = never expires
  bool temporary = false;
  std::int64_t created_ms = 0;
};

struct ban {
  snowflake guild_id = 0;
  snowflake user_id = 0;
  std::optional<std::string> reason;
  std::int64_t created_ms = 0;
};

// rest.md's audit log: one row per moderation or configuration change.
struct audit_log_entry {
  snowflake id = 0;
  snowflake guild_id = 0;
  std::optional<snowflake> user_id;        // who did it
  std::optional<snowflake> target_id;
  int action_type = 0;                     // Discord's AUDIT_LOG_EVENT numbers
  std::string changes_json = "[]";         // [{key, old_value?, new_value?}] as JSON text
  std::string options_json;                // optional entry info as JSON text ("" = none)
  std::optional<std::string> reason;
};

} // namespace parley::model
