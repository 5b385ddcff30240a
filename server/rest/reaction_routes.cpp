// Reactions (rest.md §7.5): PUT/DELETE .../messages/{message_id}/reactions/{emoji}/@me,
// DELETE .../reactions/{emoji}/{user_id}, GET .../reactions/{emoji} (type, after, limit),
// DELETE .../reactions and DELETE .../reactions/{emoji}. The {emoji} segment arrives
// percent-encoded (clients.md §4.2) and is parsed by model::parse_path_emoji. These routes take
// no body, so any Content-Type with an empty body is fine (discord.py sends octet-stream).
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/emoji.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

struct reaction_target {
  model::snowflake channel_id = 0;
  model::snowflake message_id = 0;
};

model::api_result<reaction_target> target_of(const api_call& call) {
  auto channel = call.id_param(0, json_code::unknown_channel, "Channel");
  if (!channel) return channel.error();
  auto message = call.id_param(1, json_code::unknown_message, "Message");
  if (!message) return message.error();
  return reaction_target{*channel, *message};
}

} // namespace

void add_reaction_routes(rest_api& api, service::reactions& reactions) {
  api.add(verb::put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    auto emoji = model::parse_path_emoji(call.params[2]);
    if (!emoji) return emoji.error();
    if (auto r = reactions.add(call.me(), t->channel_id, t->message_id, *emoji); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::delete_, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    auto emoji = model::parse_path_emoji(call.params[2]);
    if (!emoji) return emoji.error();
    if (auto r = reactions.remove(call.me(), t->channel_id, t->message_id, *emoji, call.me().id); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::delete_, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    auto emoji = model::parse_path_emoji(call.params[2]);
    if (!emoji) return emoji.error();
    auto user = call.id_param(3, json_code::unknown_user, "User");
    if (!user) return user.error();
    if (auto r = reactions.remove(call.me(), t->channel_id, t->message_id, *emoji, *user); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::get, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    auto emoji = model::parse_path_emoji(call.params[2]);
    if (!emoji) return emoji.error();
    query_reader query(call);
    store::reaction_users_query q;
    q.type = static_cast<int>(query.integer("type", 0, 0, 1));
    q.after = query.snowflake("after").value_or(0);
    q.limit = static_cast<std::size_t>(query.integer("limit", 25, 1, 100));
    if (!query.ok()) return query.error();
    auto users = reactions.users(call.me(), t->channel_id, t->message_id, *emoji, q);
    if (!users) return users.error();
    json::array out;
    out.reserve(users->size());
    for (const auto& u : *users) out.push_back(model::to_public_json(u));
    return api_reply::ok(out);
  });
  api.add(verb::delete_, "/channels/{channel_id}/messages/{message_id}/reactions", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    if (auto r = reactions.remove_all(call.me(), t->channel_id, t->message_id); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::delete_, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", auth_mode::any,
          [&reactions](api_call& call) -> model::api_result<api_reply> {
    auto t = target_of(call);
    if (!t) return t.error();
    auto emoji = model::parse_path_emoji(call.params[2]);
    if (!emoji) return emoji.error();
    if (auto r = reactions.remove_emoji(call.me(), t->channel_id, t->message_id, *emoji); !r) return r.error();
    return api_reply::no_content();
  });
}

} // namespace parley::server::rest
