// Message search: GET /guilds/{guild_id}/messages/search and GET /channels/{channel_id}/messages/search
// with content, author_id, mentions, has, min_id, max_id, channel_id (guild route), sort_by,
// sort_order, offset and limit (service/search.hpp parses and bounds them).
#include "server/rest/routes.hpp"

#include <string>
#include <utility>
#include <vector>

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;

namespace {

// Every decoded query parameter, in order; repeated keys stay separate.
std::vector<std::pair<std::string, std::string>> params_of(const api_call& call) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto p : call.query) out.emplace_back(p.key, p.has_value ? p.value : std::string());
  return out;
}

} // namespace

void add_search_routes(rest_api& api, service::search& search) {
  api.add(verb::get, "/guilds/{guild_id}/messages/search", auth_mode::any,
          [&search](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto request = service::parse_search_request(params_of(call));
    if (!request) return request.error();
    auto r = search.in_guild(call.me(), *id, *request);
    if (!r) return r.error();
    return api_reply::ok(*r);
  });
  api.add(verb::get, "/channels/{channel_id}/messages/search", auth_mode::any,
          [&search](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto request = service::parse_search_request(params_of(call));
    if (!request) return request.error();
    auto r = search.in_channel(call.me(), *id, *request);
    if (!r) return r.error();
    return api_reply::ok(*r);
  });
}

} // namespace parley::server::rest
