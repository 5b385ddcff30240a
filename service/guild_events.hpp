// Publication of the community dispatches (gateway.md §11.1) with the audience bus/bus.hpp defines:
// one place that shapes each event's `d`, so REST, the CLI and the OAuth flow publish the same
// thing. Every function is called after the store committed the change it reports.
#pragma once

#include <string_view>

#include <boost/json/value.hpp>

#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

// How many members GUILD_CREATE to a joining user carries (the user's own member first); the
// rest come through Request Guild Members (gateway.md §7).
inline constexpr std::size_t guild_create_member_limit = 100;

void publish_to_user(context& ctx, std::string_view name, boost::json::value data, model::snowflake user_id);
// any_permission narrows the audience (bus/bus.hpp): only members holding one of these bits.
void publish_to_guild(context& ctx, std::string_view name, boost::json::value data, model::snowflake guild_id,
                      model::permissions any_permission = 0);
// A guild channel's viewers, or a private channel's recipients (c.recipients must be filled).
void publish_to_channel(context& ctx, std::string_view name, boost::json::value data, const model::channel& c,
                        model::permissions any_permission = 0);
bus::audience channel_audience(const model::channel& c, model::permissions any_permission = 0);

// GUILD_CREATE (full object with members, channels, roles) to user_id, who is a member now.
void publish_guild_create(context& ctx, model::snowflake guild_id, model::snowflake user_id);
// GUILD_DELETE {id} to a user who left or was removed.
void publish_guild_delete_to_user(context& ctx, model::snowflake guild_id, model::snowflake user_id);
// GUILD_MEMBER_ADD / GUILD_MEMBER_UPDATE: the member with its user and guild_id.
void publish_member(context& ctx, std::string_view name, const model::member& m, const model::user& u);
// GUILD_MEMBER_REMOVE {guild_id, user}.
void publish_member_remove(context& ctx, model::snowflake guild_id, const model::user& u);
// GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE {guild_id, role}.
void publish_role(context& ctx, std::string_view name, const model::role& r);

} // namespace parley::service
