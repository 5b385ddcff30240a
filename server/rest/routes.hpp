// Registration of the REST routes, one function per resource area. Each handler is thin: it
// reads the call, runs one service use case, and shapes the reply.
#pragma once

#include <functional>
#include <string>

#include <boost/json/object.hpp>

#include "server/rest/rest_api.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"

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

} // namespace parley::server::rest
