// The caller's view of a guild or channel that every community use case starts from (rest.md §7.3–§7.6,
// §8): the guild with its roles and the caller's member, the caller's permissions there, and the
// "unknown X" answer for anything that does not exist or that the caller may not see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

// Who acts, and the X-Audit-Log-Reason they gave (already URL-decoded, at most 512 characters).
struct actor {
  const model::user& user;
  std::optional<std::string> reason;
};

struct guild_access {
  model::guild guild;
  std::int64_t member_count = 0;
  std::vector<model::role> roles;   // every role, @everyone included
  model::member self;               // the caller's membership
  model::permissions perms = 0;     // guild-level permissions now (timeouts applied)

  bool is_owner() const { return self.user_id == guild.owner_id; }
  bool has(model::permissions bits) const { return (perms & bits) == bits; }
  const model::role* role(model::snowflake id) const;
};

struct channel_access {
  guild_access guild;
  model::channel channel;
  model::permissions perms = 0;     // channel permissions of the caller (rest.md §8.3–§8.4)
};

// 404 10004 when the guild does not exist or the user is not a member (a non-member learns nothing).
model::api_result<guild_access> load_guild_access(context& ctx, model::snowflake guild_id, model::snowflake user_id);
// 404 10003 when the channel does not exist, is not a guild channel, or the user may not VIEW_CHANNEL it.
model::api_result<channel_access> load_channel_access(context& ctx, model::snowflake channel_id,
                                                      model::snowflake user_id);

model::api_error missing_permissions();
model::api_error unknown_guild();
model::api_error unknown_channel();
model::api_error unknown_role();
model::api_error unknown_member();

// Discord's @everyone permissions for a new guild.
model::permissions default_everyone_permissions();

} // namespace parley::service
