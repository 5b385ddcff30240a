// Roles (rest.md §7.3): GET/POST/PATCH /guilds/{guild_id}/roles,
// GET/PATCH/DELETE /guilds/{guild_id}/roles/{role_id}.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/guild_json.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

json::array roles_json(const std::vector<model::role>& roles) {
  json::array out;
  out.reserve(roles.size());
  for (const auto& r : roles) out.push_back(model::to_json(r));
  return out;
}

} // namespace

void add_role_routes(rest_api& api, service::roles& roles) {
  api.add(verb::get, "/guilds/{guild_id}/roles", auth_mode::any, [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = roles.list(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(roles_json(*r));
  });
  api.add(verb::post, "/guilds/{guild_id}/roles", auth_mode::any, [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = roles.create(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(model::to_json(*r));
  });
  api.add(verb::patch, "/guilds/{guild_id}/roles", auth_mode::any, [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = roles.reorder(actor_of(call), *id, call.body);
    if (!r) return r.error();
    return api_reply::ok(roles_json(*r));
  });
  api.add(verb::get, "/guilds/{guild_id}/roles/{role_id}", auth_mode::any,
          [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto role_id = call.id_param(1, json_code::unknown_role, "Role");
    if (!role_id) return role_id.error();
    auto r = roles.get(call.me(), *id, *role_id);
    if (!r) return r.error();
    return api_reply::ok(model::to_json(*r));
  });
  api.add(verb::patch, "/guilds/{guild_id}/roles/{role_id}", auth_mode::any,
          [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto role_id = call.id_param(1, json_code::unknown_role, "Role");
    if (!role_id) return role_id.error();
    auto r = roles.modify(actor_of(call), *id, *role_id, call.object());
    if (!r) return r.error();
    return api_reply::ok(model::to_json(*r));
  });
  api.add(verb::delete_, "/guilds/{guild_id}/roles/{role_id}", auth_mode::any,
          [&roles](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto role_id = call.id_param(1, json_code::unknown_role, "Role");
    if (!role_id) return role_id.error();
    if (auto r = roles.remove(actor_of(call), *id, *role_id); !r) return r.error();
    return api_reply::no_content();
  });
}

} // namespace parley::server::rest
