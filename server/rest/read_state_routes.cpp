// Unread state (issue "Conversations" §6): POST /channels/{channel_id}/messages/{message_id}/ack,
// a route of Discord's own client (people only) answering {token: null}.
#include "server/rest/routes.hpp"

#include "service/read_states.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

void add_read_state_routes(rest_api& api, service::read_states& states) {
  api.add(verb::post, "/channels/{channel_id}/messages/{message_id}/ack", auth_mode::user_only,
          [&states](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto message = call.id_param(1, json_code::unknown_message, "Message");
    if (!message) return message.error();
    if (auto r = states.ack(call.me(), *id, *message, call.object()); !r) return r.error();
    return api_reply::ok(json::object{{"token", nullptr}});
  });
}

} // namespace parley::server::rest
