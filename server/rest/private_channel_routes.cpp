// DMs and group DMs (rest.md §7.2, §7.4): POST/GET /users/@me/channels and
// PUT/DELETE /channels/{channel_id}/recipients/{user_id}. GET/PATCH/DELETE /channels/{channel_id}
// of a private channel go through channel_routes.cpp, which hands them to the same service.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "service/private_channels.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

void add_private_channel_routes(rest_api& api, service::private_channels& privates) {
  api.add(verb::post, "/users/@me/channels", auth_mode::any, [&privates](api_call& call) -> model::api_result<api_reply> {
    auto r = privates.open(call.me(), call.object());
    if (!r) return r.error();
    return api_reply::ok(service::private_channel_json(*r, call.me().id));
  });
  api.add(verb::get, "/users/@me/channels", auth_mode::any, [&privates](api_call& call) -> model::api_result<api_reply> {
    auto r = privates.list(call.me());
    if (!r) return r.error();
    json::array out;
    out.reserve(r->size());
    for (const auto& c : *r) out.push_back(service::private_channel_json(c, call.me().id));
    return api_reply::ok(out);
  });
  api.add(verb::put, "/channels/{channel_id}/recipients/{user_id}", auth_mode::any,
          [&privates](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_user, "User");
    if (!user) return user.error();
    if (auto r = privates.add_recipient(call.me(), *id, *user, call.object()); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::delete_, "/channels/{channel_id}/recipients/{user_id}", auth_mode::any,
          [&privates](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_user, "User");
    if (!user) return user.error();
    if (auto r = privates.remove_recipient(call.me(), *id, *user); !r) return r.error();
    return api_reply::no_content();
  });
}

} // namespace parley::server::rest
