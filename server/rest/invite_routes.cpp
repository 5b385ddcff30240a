// Invites (rest.md §7.4, §7.6): POST/GET /channels/{channel_id}/invites, GET /guilds/{guild_id}/invites,
// GET (no authentication, as on Discord), DELETE and POST (accept, people only) /invites/{invite_code}.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/guild_json.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

json::object invite_json(const service::invite_view& v, const model::guild_counts* counts = nullptr) {
  return model::to_json(v.invite, &v.guild, &v.channel, v.inviter ? &*v.inviter : nullptr, counts);
}
json::object metadata_json(const service::invite_view& v) {
  return model::to_metadata_json(v.invite, &v.guild, &v.channel, v.inviter ? &*v.inviter : nullptr);
}
json::array list_json(const service::invite_list& list) {
  json::array out;
  out.reserve(list.invites.size());
  for (const auto& v : list.invites) out.push_back(list.metadata ? metadata_json(v) : invite_json(v));
  return out;
}

} // namespace

void add_invite_routes(rest_api& api, service::invites& invites) {
  api.add(verb::post, "/channels/{channel_id}/invites", auth_mode::any,
          [&invites](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto r = invites.create(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(metadata_json(*r));
  });
  api.add(verb::get, "/channels/{channel_id}/invites", auth_mode::any,
          [&invites](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto r = invites.list_channel(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(list_json(*r));
  });
  api.add(verb::get, "/guilds/{guild_id}/invites", auth_mode::any,
          [&invites](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = invites.list_guild(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(list_json(*r));
  });
  api.add(verb::get, "/invites/{invite_code}", auth_mode::none, [&invites](api_call& call) -> model::api_result<api_reply> {
    query_reader q(call);
    const bool with_counts = q.boolean("with_counts", false);
    if (!q.ok()) return q.error();
    auto r = invites.get(call.params[0]);
    if (!r) return r.error();
    const model::guild_counts counts{r->member_count, 0};
    return api_reply::ok(invite_json(*r, with_counts ? &counts : nullptr));
  });
  api.add(verb::delete_, "/invites/{invite_code}", auth_mode::any, [&invites](api_call& call) -> model::api_result<api_reply> {
    auto r = invites.remove(actor_of(call), call.params[0]);
    if (!r) return r.error();
    return api_reply::ok(invite_json(*r));
  });
  api.add(verb::post, "/invites/{invite_code}", auth_mode::user_only,
          [&invites](api_call& call) -> model::api_result<api_reply> {
    auto r = invites.accept(call.me(), call.params[0]);
    if (!r) return r.error();
    return api_reply::ok(invite_json(*r));
  });
}

} // namespace parley::server::rest
