// Messages and history (rest.md §7.5): GET/POST /channels/{channel_id}/messages,
// GET/PATCH/DELETE /channels/{channel_id}/messages/{message_id},
// POST /channels/{channel_id}/messages/bulk-delete (and the old bulk_delete spelling).
#include "server/rest/routes.hpp"

#include <boost/json/serialize.hpp>

#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

// A use case's answer; slowmode's 429 gets the rate-limit body (rest.md §4.2) with its code.
model::api_result<api_reply> reply_or_error(model::api_result<json::object> r) {
  if (r) return api_reply::ok(*r);
  if (auto wait = service::slowmode_retry_after(r.error())) {
    json::object body{{"message", r.error().message()}, {"retry_after", *wait}, {"global", false},
                      {"code", static_cast<int>(r.error().code())}};
    return api_reply{429, json::serialize(body),
                     std::chrono::milliseconds(static_cast<std::int64_t>(*wait * 1000.0 + 0.5))};
  }
  return r.error();
}

} // namespace

void add_message_routes(rest_api& api, service::messages& messages) {
  api.add(verb::get, "/channels/{channel_id}/messages", auth_mode::any,
          [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    query_reader q(call);
    store::history_query h;
    h.limit = static_cast<std::size_t>(q.integer("limit", 50, 1, 100));
    h.before = q.snowflake("before").value_or(0);
    // after=0 is a real anchor (discord.py's oldest_first=True sends it): everything from the
    // start. history_query uses 0 for "unset", and no message has an id below 1.
    if (auto after = q.snowflake("after")) h.after = *after == 0 ? 1 : *after;
    h.around = q.snowflake("around").value_or(0);
    if (!q.ok()) return q.error();
    auto r = messages.history(call.me(), *id, h);
    if (!r) return r.error();
    return api_reply::ok(*r);
  });
  api.add(verb::post, "/channels/{channel_id}/messages", auth_mode::any,
          [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    return reply_or_error(messages.create(call.me(), *id, call.object(), std::move(call.uploads)));
  });
  api.add(verb::get, "/channels/{channel_id}/messages/{message_id}", auth_mode::any,
          [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto mid = call.id_param(1, json_code::unknown_message, "Message");
    if (!mid) return mid.error();
    return reply_or_error(messages.get(call.me(), *id, *mid));
  });
  api.add(verb::patch, "/channels/{channel_id}/messages/{message_id}", auth_mode::any,
          [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto mid = call.id_param(1, json_code::unknown_message, "Message");
    if (!mid) return mid.error();
    return reply_or_error(messages.edit(call.me(), *id, *mid, call.object(), std::move(call.uploads)));
  });
  api.add(verb::delete_, "/channels/{channel_id}/messages/{message_id}", auth_mode::any,
          [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    auto mid = call.id_param(1, json_code::unknown_message, "Message");
    if (!mid) return mid.error();
    if (auto r = messages.remove(actor_of(call), *id, *mid); !r) return r.error();
    return api_reply::no_content();
  });
  const auto bulk = [&messages](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!id) return id.error();
    if (auto r = messages.bulk_delete(actor_of(call), *id, call.body); !r) return r.error();
    return api_reply::no_content();
  };
  api.add(verb::post, "/channels/{channel_id}/messages/bulk-delete", auth_mode::any, bulk);
  api.add(verb::post, "/channels/{channel_id}/messages/bulk_delete", auth_mode::any, bulk);
}

} // namespace parley::server::rest
