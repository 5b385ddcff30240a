// Role use cases (rest.md §7.3 roles, §8.5): list, read, create, modify, reorder and delete, with
// MANAGE_ROLES, the hierarchy (only roles strictly below the caller's highest, the owner
// excepted) and "grant only bits you have". GUILD_ROLE_CREATE/UPDATE/DELETE to the guild.
#pragma once

#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"

namespace parley::service {

// Discord's cap on roles per guild (error 30005).
inline constexpr std::size_t max_roles_per_guild = 250;

class roles {
 public:
  explicit roles(context& ctx) : ctx_(ctx) {}

  // Any member; by position, then id.
  model::api_result<std::vector<model::role>> list(const model::user& caller, model::snowflake guild_id);
  model::api_result<model::role> get(const model::user& caller, model::snowflake guild_id, model::snowflake role_id);
  // {name? ("new role"), permissions? (@everyone's), color?, colors?, hoist?, mentionable?}; the new
  // role sits at position 1, below every older role of that position.
  model::api_result<model::role> create(const actor& who, model::snowflake guild_id, const boost::json::object& body);
  model::api_result<model::role> modify(const actor& who, model::snowflake guild_id, model::snowflake role_id,
                                        const boost::json::object& body);
  // [{id, position}]; answers every role of the guild afterwards.
  model::api_result<std::vector<model::role>> reorder(const actor& who, model::snowflake guild_id,
                                                      const boost::json::value& body);
  // Not @everyone, not a managed role.
  model::api_result<void> remove(const actor& who, model::snowflake guild_id, model::snowflake role_id);

 private:
  context& ctx_;
};

} // namespace parley::service
