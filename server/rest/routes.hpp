// Registration of the REST routes, one function per resource area. Each handler is thin: it
// reads the call, runs one service use case, and shapes the reply.
#pragma once

#include <functional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "server/rest/rest_api.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/audit_log.hpp"
#include "service/bans.hpp"
#include "service/channels.hpp"
#include "service/guilds.hpp"
#include "service/invites.hpp"
#include "service/members.hpp"
#include "service/messages.hpp"
#include "service/pins.hpp"
#include "service/private_channels.hpp"
#include "service/reactions.hpp"
#include "service/read_states.hpp"
#include "service/roles.hpp"
#include "service/search.hpp"
#include "service/typing.hpp"

namespace parley::server::rest {

// What /gateway and /gateway/bot report.
struct gateway_info {
  std::string url;               // ws(s)://host:port/gateway, no query string
  int recommended_shards = 1;
  int session_start_total = 1000;
  int max_concurrency = 1;
  // A bot's current session_start_limit {total, remaining, reset_after, max_concurrency}, from
  // the gateway role; without it the full budget is reported.
  std::function<boost::json::object(model::snowflake bot_user_id)> session_start_limit;
};

void add_account_routes(rest_api& api, service::accounts& accounts);
void add_application_routes(rest_api& api, service::applications& applications);
void add_gateway_routes(rest_api& api, const gateway_info& info);
// GET /voice/regions and GET /guilds/{id}/regions (rest.md §6.9): Parley's one region.
boost::json::array voice_regions();
// The community routes (rest.md §7.2–§7.6, §7.10 bot authorization).
void add_guild_routes(rest_api& api, service::guilds& guilds, service::audit_log& audit);
void add_channel_routes(rest_api& api, service::channels& channels);
void add_role_routes(rest_api& api, service::roles& roles);
void add_member_routes(rest_api& api, service::members& members, service::bans& bans);
void add_invite_routes(rest_api& api, service::invites& invites);
// Messages and history (rest.md §7.5).
void add_message_routes(rest_api& api, service::messages& messages);
// DMs and group DMs (rest.md §7.2, §7.4 recipients) and read states (POST .../ack).
void add_private_channel_routes(rest_api& api, service::private_channels& privates);
void add_read_state_routes(rest_api& api, service::read_states& states);
// Reactions, pins, typing and message search (rest.md §7.5).
void add_reaction_routes(rest_api& api, service::reactions& reactions);
void add_pin_routes(rest_api& api, service::pins& pins);
void add_typing_routes(rest_api& api, service::typing& typing);
void add_search_routes(rest_api& api, service::search& search);

} // namespace parley::server::rest
