// Discord's permission arithmetic (rest.md §8): base (guild-level) permissions, channel
// permissions through overwrites and the implicit rules, the role hierarchy, and category sync.
//
// Decisions where Discord leaves room:
// * A channel computation returns the guild-level bits (KICK_MEMBERS, MANAGE_GUILD, ...) as the
//   base and the overwrites left them, like Discord and discord.py do; only the bits that apply in
//   channels (channel_bits) are subject to the VIEW_CHANNEL / SEND_MESSAGES / CONNECT rules.
// * Timed-out members keep only VIEW_CHANNEL and READ_MESSAGE_HISTORY, guild-level bits included
//   (Discord: "lose all permissions except ..."); use guild_permissions() for guild routes.
// * Threads (types 10–12) are not computed on their own yet: callers pass the parent channel
//   (rest.md §8.4: threads use the parent's overwrites). SEND_MESSAGES_IN_THREADS and private
//   thread membership are the caller's checks.
// * Hierarchy follows Discord's documented rules, in which only the owner is exempt; see §8.5
//   notes at outranks().
#pragma once

#include <cstdint>
#include <span>

#include "model/guild.hpp"
#include "model/permission_bits.hpp"

namespace parley::model {

namespace permission {
// Bits with a T, V or S mark in rest.md §8.1: the ones that mean something inside a channel.
inline constexpr permissions channel_bits =
    create_instant_invite | manage_channels | add_reactions | priority_speaker | stream | view_channel |
    send_messages | send_tts_messages | manage_messages | embed_links | attach_files | read_message_history |
    mention_everyone | use_external_emojis | connect | speak | mute_members | deafen_members | move_members |
    use_vad | manage_roles | manage_webhooks | use_application_commands | request_to_speak | manage_events |
    manage_threads | create_public_threads | create_private_threads | use_external_stickers |
    send_messages_in_threads | use_embedded_activities | use_soundboard | create_events | use_external_sounds |
    send_voice_messages | set_voice_channel_status | send_polls | use_external_apps | pin_messages |
    bypass_slowmode;
// Ineffective without SEND_MESSAGES (rest.md §8.4 and its [rec]).
inline constexpr permissions send_dependent = send_tts_messages | mention_everyone | attach_files | embed_links |
                                               send_voice_messages | send_polls;
// Ineffective in voice and stage channels without CONNECT: the voice-only bits, plus the
// management of the channel itself (as discord.py computes it).
inline constexpr permissions connect_dependent = connect | speak | mute_members | deafen_members | move_members |
    use_vad | priority_speaker | stream | request_to_speak | use_soundboard | use_external_sounds |
    use_embedded_activities | set_voice_channel_status | manage_channels | manage_roles;
// What a timed-out member keeps.
inline constexpr permissions timeout_kept = view_channel | read_message_history;
} // namespace permission

// Linear search; guilds hold at most a few hundred roles. nullptr when absent.
const role* find_role(std::span<const role> roles, snowflake id);

// rest.md §8.2. Unknown role ids in member.roles are ignored.
permissions base_permissions(const guild& g, std::span<const role> roles, const member& m);

bool is_timed_out(const member& m, std::int64_t now_ms);
// base_permissions with the timeout rule applied: what guild-level routes (kick, ban, manage
// roles, ...) must check.
permissions guild_permissions(const guild& g, std::span<const role> roles, const member& m, std::int64_t now_ms);

// rest.md §8.3 without the ADMINISTRATOR shortcut and the implicit rules: @everyone overwrite,
// then the aggregate of the member's role overwrites, then the member overwrite.
permissions apply_overwrites(permissions base, std::span<const permission_overwrite> overwrites,
                             snowflake guild_id, const member& m);

// rest.md §8.3 + §8.4 for a guild channel (pass the parent for a thread). Owner and
// ADMINISTRATOR → permission::all.
permissions channel_permissions(const guild& g, std::span<const role> roles, const member& m,
                                const channel& c, std::int64_t now_ms);

// --- Hierarchy (rest.md §8.5) ---

// a is above b: greater position, or equal position and smaller (older) id — the order Discord's
// clients show and discord.py / discord.js compare with.
bool role_above(const role& a, const role& b);

// The member's highest role; the guild's @everyone role when it has none (nullptr only when
// roles lacks @everyone as well).
const role* highest_role(const guild& g, std::span<const role> roles, const member& m);
// Position of highest_role(); 0 (@everyone's) when the member has no role.
int highest_role_position(const guild& g, std::span<const role> roles, const member& m);

// The actor may assign, remove, edit, reorder or delete target: the owner always; anyone else
// only roles strictly below its highest role. ADMINISTRATOR does not exempt (Discord's documented
// hierarchy names no exemption but ownership). The MANAGE_ROLES check and the "managed roles
// cannot be assigned" rule are the route's.
bool can_manage_role(const guild& g, std::span<const role> roles, const member& actor, const role& target);

// The actor may kick, ban, time out or rename target: never the owner; the owner anyone else;
// otherwise the actor's highest role must be strictly above the target's (ties broken by id as in
// role_above). A member never outranks itself.
bool outranks(const member& actor, const member& target, const guild& g, std::span<const role> roles);

// Role create/edit (rest.md §7.3): every requested bit must be one the actor has; ADMINISTRATOR
// (or ownership, which computes to all) may grant anything.
bool can_grant(permissions actor_permissions, permissions requested);

// Overwrite writes (rest.md §7.3 POST channels, §7.4 PUT permissions; Discord: "only permissions
// your bot has in the guild or parent channel can be allowed/denied, unless your bot has a
// MANAGE_ROLES overwrite in the channel"; "setting MANAGE_ROLES in channels is only possible for
// administrators"). actor_permissions: the actor's guild permissions (its parent channel's for a
// thread). Administrators, and actors holding MANAGE_ROLES through an overwrite of the channel,
// may write anything; anyone else only bits it has, and never MANAGE_ROLES.
bool can_set_overwrite(permissions actor_permissions, bool manage_roles_via_overwrite,
                       const permission_overwrite& ow);
// True when an overwrite of c that applies to m (@everyone, one of its roles, or itself) allows
// MANAGE_ROLES.
bool has_manage_roles_overwrite(const channel& c, snowflake guild_id, const member& m);

// rest.md §8.6: "synced" means the child's overwrites equal the category's, in any order.
bool overwrites_synced(const channel& child, const channel& parent);

} // namespace parley::model
