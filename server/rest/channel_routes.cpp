// Guild channels (rest.md §7.3–§7.4): GET/POST/PATCH /guilds/{guild_id}/channels,
// GET/PATCH/DELETE /channels/{channel_id}, PUT/DELETE /channels/{channel_id}/permissions/{overwrite_id}.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/channel_kind.hpp"
#include "model/guild_json.hpp"
#include "server/rest/request_params.hpp"
#include "service/private_channels.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

// DMs and group DMs list their recipients as user objects, which service::private_channels reads.
json::object channel_json(service::channels& channels, const model::channel& c, model::snowflake viewer) {
  if (model::is_dm(c.type) && channels.privates()) return channels.privates()->render(c, viewer);
  return model::to_json(c);
}

} // namespace

void add_channel_routes(rest_api& api, service::channels& channels) {
  api.add(verb::get, "/guilds/{guild_id}/channels", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = channels.list(call.me(), *id);
    if (!r) return r.error();
    json::array out;
    out.reserve(r->size());
    for (const auto& c : *r) out.push_back(model::to_json(c));
    return api_reply::ok(out);
  });
  api.add(verb::post, "/guilds/{guild_id}/channels", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    auto r = channels.create(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::created(model::to_json(*r));
  });
  api.add(verb::patch, "/guilds/{guild_id}/channels", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_guild, "Guild");
    if (!id) return id.error();
    if (auto r = channels.reorder(actor_of(call), *id, call.body); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::get, "/channels/{channel_id}", auth_mode::any, [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto r = channels.get(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(channel_json(channels, *r, call.me().id));
  });
  api.add(verb::patch, "/channels/{channel_id}", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto r = channels.modify(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(channel_json(channels, *r, call.me().id));
  });
  api.add(verb::delete_, "/channels/{channel_id}", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto r = channels.remove(actor_of(call), *id);
    if (!r) return r.error();
    return api_reply::ok(channel_json(channels, *r, call.me().id));
  });
  api.add(verb::put, "/channels/{channel_id}/permissions/{overwrite_id}", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto target = call.id_param(1, json_code::unknown_overwrite, "Overwrite");
    if (!target) return target.error();
    if (auto r = channels.put_overwrite(actor_of(call), *id, *target, call.object()); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::delete_, "/channels/{channel_id}/permissions/{overwrite_id}", auth_mode::any,
          [&channels](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto target = call.id_param(1, json_code::unknown_overwrite, "Overwrite");
    if (!target) return target.error();
    if (auto r = channels.delete_overwrite(actor_of(call), *id, *target); !r) return r.error();
    return api_reply::no_content();
  });
}

} // namespace parley::server::rest
