// Audit log action types: Discord's AUDIT_LOG_EVENT numbers (discord-api-docs "Audit Log Events";
// the action_type of rest.md's audit log entries). Checked against discord-api-types v10.
#pragma once

namespace parley::model::audit_log_action {

inline constexpr int guild_update = 1;
inline constexpr int channel_create = 10;
inline constexpr int channel_update = 11;
inline constexpr int channel_delete = 12;
inline constexpr int channel_overwrite_create = 13;
inline constexpr int channel_overwrite_update = 14;
inline constexpr int channel_overwrite_delete = 15;
inline constexpr int member_kick = 20;
inline constexpr int member_prune = 21;
inline constexpr int member_ban_add = 22;
inline constexpr int member_ban_remove = 23;
inline constexpr int member_update = 24;
inline constexpr int member_role_update = 25;
inline constexpr int member_move = 26;
inline constexpr int member_disconnect = 27;
inline constexpr int bot_add = 28;
inline constexpr int role_create = 30;
inline constexpr int role_update = 31;
inline constexpr int role_delete = 32;
inline constexpr int invite_create = 40;
inline constexpr int invite_update = 41;
inline constexpr int invite_delete = 42;
inline constexpr int webhook_create = 50;
inline constexpr int webhook_update = 51;
inline constexpr int webhook_delete = 52;
inline constexpr int emoji_create = 60;
inline constexpr int emoji_update = 61;
inline constexpr int emoji_delete = 62;
inline constexpr int message_delete = 72;
inline constexpr int message_bulk_delete = 73;
inline constexpr int message_pin = 74;
inline constexpr int message_unpin = 75;
inline constexpr int integration_create = 80;
inline constexpr int integration_update = 81;
inline constexpr int integration_delete = 82;
inline constexpr int thread_create = 110;
inline constexpr int thread_update = 111;
inline constexpr int thread_delete = 112;

} // namespace parley::model::audit_log_action
