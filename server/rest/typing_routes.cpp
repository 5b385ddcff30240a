// POST /channels/{channel_id}/typing (rest.md §7.3) → 204 and TYPING_START. No body: any
// Content-Type with an empty body is accepted (discord.py sends application/octet-stream).
#include "server/rest/routes.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;

void add_typing_routes(rest_api& api, service::typing& typing) {
  api.add(verb::post, "/channels/{channel_id}/typing", auth_mode::any,
          [&typing](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    if (auto r = typing.start(call.me(), *id); !r) return r.error();
    return api_reply::no_content();
  });
}

} // namespace parley::server::rest
