// Invite use cases (rest.md §7.4 channel invites, §7.6, gateway.md §11.7): create, list per channel
// and per guild, read (no authentication needed, as on Discord), delete, and accept (a person joins
// the guild). INVITE_CREATE/INVITE_DELETE to the guild (the gateway applies GUILD_INVITES and
// MANAGE_CHANNELS); accepting publishes GUILD_MEMBER_ADD (guild) and GUILD_CREATE (the joiner).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"

namespace parley::service {

inline constexpr std::size_t invite_code_length = 8;

// An invite with what its JSON shapes embed.
struct invite_view {
  model::invite invite;
  model::guild guild;
  model::channel channel;
  std::optional<model::user> inviter;
  std::int64_t member_count = 0;
};

struct invite_list {
  std::vector<invite_view> invites;
  bool metadata = true;  // GET /guilds/{id}/invites with VIEW_AUDIT_LOG but not MANAGE_GUILD: false
};

// 8 random characters of [A-Za-z0-9] (libsodium's generator).
std::string random_invite_code();

class invites {
 public:
  explicit invites(context& ctx) : ctx_(ctx) {}

  // CREATE_INSTANT_INVITE in the channel (not a category). {max_age? (0–604800, 86400), max_uses?
  // (0–100), temporary?, unique?}: without unique an equivalent live invite is answered instead.
  model::api_result<invite_view> create(const actor& who, model::snowflake channel_id, const boost::json::object& body);
  // MANAGE_CHANNELS in the channel.
  model::api_result<invite_list> list_channel(const model::user& caller, model::snowflake channel_id);
  // MANAGE_GUILD, or VIEW_AUDIT_LOG without metadata.
  model::api_result<invite_list> list_guild(const model::user& caller, model::snowflake guild_id);
  // Live invites only (404 10006 otherwise).
  model::api_result<invite_view> get(std::string_view code);
  // MANAGE_CHANNELS in its channel or MANAGE_GUILD; answers the deleted invite.
  model::api_result<invite_view> remove(const actor& who, std::string_view code);
  // Joins the caller to the invite's guild: 403 40007 when banned, 404 10006 when unknown, expired or
  // used up; an existing member gets the invite answered and nothing changes.
  model::api_result<invite_view> accept(const model::user& caller, std::string_view code);

 private:
  model::api_result<invite_view> view_of(model::invite inv);
  model::api_result<invite_list> views_of(std::vector<model::invite> list, bool metadata);
  context& ctx_;
};

} // namespace parley::service
