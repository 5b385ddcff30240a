// sqlite_store's guild_store methods (store/guild_store.hpp): each routes one query function to
// the reader pool or to the group-commit writer, like the account methods in sqlite_store.cpp.
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/audit_queries.hpp"
#include "store/sqlite/ban_queries.hpp"
#include "store/sqlite/channel_queries.hpp"
#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/gateway_queries.hpp"
#include "store/sqlite/guild_queries.hpp"
#include "store/sqlite/invite_queries.hpp"
#include "store/sqlite/member_queries.hpp"
#include "store/sqlite/role_queries.hpp"

namespace parley::store {

using sqlite::connection;
using model::audit_log_entry;

// ---- guilds

result<void> sqlite_store::create_guild(const model::guild& g, const std::vector<model::role>& roles,
                                        const std::vector<model::channel>& channels, const model::member& owner) {
  return write([&](connection& db) { return sqlite::create_guild(db, g, roles, channels, owner); });
}

result<std::optional<guild_with_counts>> sqlite_store::guild_by_id(snowflake guild_id) {
  return read([&](connection& db) { return sqlite::guild_by_id(db, guild_id); });
}

result<void> sqlite_store::update_guild(const model::guild& g, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_guild(db, g, audit); });
}

result<void> sqlite_store::transfer_guild_ownership(snowflake guild_id, snowflake new_owner_id,
                                                    const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::transfer_guild_ownership(db, guild_id, new_owner_id, audit); });
}

result<void> sqlite_store::delete_guild(snowflake guild_id) {
  return write([&](connection& db) { return sqlite::delete_guild(db, guild_id); });
}

result<std::vector<user_guild>> sqlite_store::guilds_of_user(snowflake user_id, const id_page& page) {
  return read([&](connection& db) { return sqlite::guilds_of_user(db, user_id, page); });
}

// ---- channels

result<void> sqlite_store::create_channel(const model::channel& c, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::create_channel(db, c, audit); });
}

result<std::optional<model::channel>> sqlite_store::channel_by_id(snowflake channel_id) {
  return read([&](connection& db) { return sqlite::channel_by_id(db, channel_id); });
}

result<std::vector<model::channel>> sqlite_store::channels_of_guild(snowflake guild_id) {
  return read([&](connection& db) { return sqlite::channels_of_guild(db, guild_id); });
}

result<void> sqlite_store::update_channel(const model::channel& c, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_channel(db, c, audit); });
}

result<void> sqlite_store::delete_channel(snowflake channel_id, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::delete_channel(db, channel_id, audit); });
}

result<void> sqlite_store::update_channel_positions(snowflake guild_id, const std::vector<channel_position>& changes,
                                                    const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_channel_positions(db, guild_id, changes, audit); });
}

result<void> sqlite_store::put_overwrite(snowflake channel_id, const model::permission_overwrite& ow,
                                         const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::put_overwrite(db, channel_id, ow, audit); });
}

result<void> sqlite_store::delete_overwrite(snowflake channel_id, snowflake target_id, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::delete_overwrite(db, channel_id, target_id, audit); });
}

// ---- roles

result<void> sqlite_store::create_role(const model::role& r, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::create_role(db, r, audit); });
}

result<std::optional<model::role>> sqlite_store::role_by_id(snowflake guild_id, snowflake role_id) {
  return read([&](connection& db) { return sqlite::role_by_id(db, guild_id, role_id); });
}

result<std::vector<model::role>> sqlite_store::roles_of_guild(snowflake guild_id) {
  return read([&](connection& db) { return sqlite::roles_of_guild(db, guild_id); });
}

result<void> sqlite_store::update_role(const model::role& r, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_role(db, r, audit); });
}

result<void> sqlite_store::delete_role(snowflake guild_id, snowflake role_id, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::delete_role(db, guild_id, role_id, audit); });
}

result<void> sqlite_store::update_role_positions(snowflake guild_id,
                                                 const std::vector<std::pair<snowflake, int>>& positions,
                                                 const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_role_positions(db, guild_id, positions, audit); });
}

// ---- members

result<join_outcome> sqlite_store::add_member(const model::member& m) {
  return write_value([&](connection& db) { return sqlite::add_member(db, m); });
}

result<join_outcome> sqlite_store::add_bot_member(const model::member& m, const std::optional<model::role>& managed_role,
                                                  const audit_log_entry* audit) {
  return write_value([&](connection& db) { return sqlite::add_bot_member(db, m, managed_role, audit); });
}

result<bool> sqlite_store::set_member_role(snowflake guild_id, snowflake user_id, snowflake role_id, bool present,
                                           const audit_log_entry* audit) {
  return write_value([&](connection& db) {
    return sqlite::set_member_role(db, guild_id, user_id, role_id, present, audit);
  });
}

result<std::size_t> sqlite_store::count_prunable_members(snowflake guild_id, const prune_query& q) {
  return read([&](connection& db) { return sqlite::count_prunable_members(db, guild_id, q); });
}

result<std::vector<member_record>> sqlite_store::prune_members(snowflake guild_id, const prune_query& q,
                                                               const prune_audit& audit) {
  return write_value([&](connection& db) { return sqlite::prune_members(db, guild_id, q, audit); });
}

result<std::optional<member_record>> sqlite_store::member(snowflake guild_id, snowflake user_id) {
  return read([&](connection& db) { return sqlite::member(db, guild_id, user_id); });
}

result<std::vector<member_record>> sqlite_store::members(snowflake guild_id, snowflake after, std::size_t limit) {
  return read([&](connection& db) { return sqlite::members(db, guild_id, after, limit); });
}

result<bool> sqlite_store::share_a_guild(snowflake a, snowflake b) {
  return read([&](connection& db) { return sqlite::share_a_guild(db, a, b); });
}

result<std::vector<member_record>> sqlite_store::search_members(snowflake guild_id, std::string_view prefix,
                                                                std::size_t limit) {
  return read([&](connection& db) { return sqlite::search_members(db, guild_id, prefix, limit); });
}

result<void> sqlite_store::update_member(const model::member& m, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::update_member(db, m, audit); });
}

result<void> sqlite_store::remove_member(snowflake guild_id, snowflake user_id, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::remove_member(db, guild_id, user_id, audit); });
}

// ---- bans

result<std::optional<model::member>> sqlite_store::ban_member(const model::ban& b, const audit_log_entry* audit) {
  return write_value([&](connection& db) { return sqlite::ban_member(db, b, audit); });
}

result<std::optional<ban_record>> sqlite_store::ban(snowflake guild_id, snowflake user_id) {
  return read([&](connection& db) { return sqlite::ban(db, guild_id, user_id); });
}

result<std::vector<ban_record>> sqlite_store::bans(snowflake guild_id, const id_page& page) {
  return read([&](connection& db) { return sqlite::bans(db, guild_id, page); });
}

result<void> sqlite_store::remove_ban(snowflake guild_id, snowflake user_id, const audit_log_entry* audit) {
  return write([&](connection& db) { return sqlite::remove_ban(db, guild_id, user_id, audit); });
}

// ---- invites

result<model::invite> sqlite_store::create_invite(const model::invite& inv, bool reuse_equivalent,
                                                  const audit_log_entry* audit) {
  return write_value([&](connection& db) { return sqlite::create_invite(db, inv, reuse_equivalent, audit); });
}

result<std::optional<model::invite>> sqlite_store::invite_by_code(std::string_view code, std::int64_t now_ms) {
  return read([&](connection& db) { return sqlite::invite_by_code(db, code, now_ms); });
}

result<std::vector<model::invite>> sqlite_store::invites_of_channel(snowflake channel_id, std::int64_t now_ms) {
  return read([&](connection& db) { return sqlite::invites_of_channel(db, channel_id, now_ms); });
}

result<std::vector<model::invite>> sqlite_store::invites_of_guild(snowflake guild_id, std::int64_t now_ms) {
  return read([&](connection& db) { return sqlite::invites_of_guild(db, guild_id, now_ms); });
}

result<model::invite> sqlite_store::delete_invite(std::string_view code, const audit_log_entry* audit) {
  return write_value([&](connection& db) { return sqlite::delete_invite(db, code, audit); });
}

result<invite_acceptance> sqlite_store::accept_invite(std::string_view code, const model::member& joining,
                                                      std::int64_t now_ms) {
  return write_value([&](connection& db) { return sqlite::accept_invite(db, code, joining, now_ms); });
}

// ---- audit log

result<void> sqlite_store::append_audit_entry(const audit_log_entry& entry) {
  return write([&](connection& db) { return sqlite::append_audit_entry(db, entry); });
}

result<std::vector<audit_log_entry>> sqlite_store::audit_entries(snowflake guild_id, const audit_log_query& query) {
  return read([&](connection& db) { return sqlite::audit_entries(db, guild_id, query); });
}

// ---- gateway

result<std::vector<guild_snapshot>> sqlite_store::guilds_for_gateway(snowflake user_id, std::size_t member_limit) {
  return read([&](connection& db) { return sqlite::guilds_for_gateway(db, user_id, member_limit); });
}

result<std::optional<guild_snapshot>> sqlite_store::guild_for_gateway(snowflake guild_id, snowflake user_id,
                                                                      std::size_t member_limit) {
  return read([&](connection& db) { return sqlite::guild_for_gateway(db, guild_id, user_id, member_limit); });
}

} // namespace parley::store
