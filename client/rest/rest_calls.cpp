// Typed calls of the REST client, one per route Parley serves that an SDK user needs (rest.md §7):
// each builds the path and body, runs request(), and reads the answer into a thin object.
#include "client/rest/rest_client.hpp"

#include <array>

#include <boost/json/serialize.hpp>

namespace parley::client::rest {

namespace json = boost::json;
using boost::beast::http::verb;

namespace {

template <class T>
rest_result<T> decode(rest_result<json::value>&& r) {
  if (!r) return r.error();
  auto t = T::from_json(std::move(*r));
  if (!t) return rest_error::from_code(t.error());
  return std::move(*t);
}

template <class T>
rest_result<std::vector<T>> decode_list(rest_result<json::value>&& r) {
  if (!r) return r.error();
  if (!r->is_array()) return rest_error::from_code(make_error_code(errc::invalid_response));
  std::vector<T> out;
  out.reserve(r->get_array().size());
  for (auto& item : r->get_array()) {
    auto t = T::from_json(std::move(item));
    if (!t) return rest_error::from_code(t.error());
    out.push_back(std::move(*t));
  }
  return out;
}

rest_result<void> discard(rest_result<json::value>&& r) {
  if (!r) return r.error();
  return {};
}

std::string id(snowflake v) { return std::to_string(v); }

// A random multipart boundary: 32 hex digits after a fixed prefix.
std::string make_boundary(std::minstd_rand::result_type a, std::minstd_rand::result_type b) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "----parley-sdk-";
  for (auto v : std::array{a, b, a ^ (b << 7), b ^ (a >> 3)})
    for (int i = 0; i < 8; ++i, v >>= 4) out.push_back(hex[v & 0xF]);
  return out;
}

std::string reaction_path(snowflake channel_id, snowflake message_id, std::string_view emoji) {
  return "/channels/" + id(channel_id) + "/messages/" + id(message_id) + "/reactions/" + encode_path_segment(emoji);
}

} // namespace

rest_client::call<user> rest_client::get_current_user() {
  co_return decode<user>(co_await request(verb::get, std::string("/users/@me")));
}

rest_client::call<user> rest_client::get_user(snowflake user_id) {
  co_return decode<user>(co_await request(verb::get, "/users/" + id(user_id)));
}

rest_client::call<std::vector<guild>> rest_client::get_current_user_guilds() {
  co_return decode_list<guild>(co_await request(verb::get, std::string("/users/@me/guilds")));
}

rest_client::call<gateway_bot> rest_client::get_gateway_bot() {
  co_return decode<gateway_bot>(co_await request(verb::get, std::string("/gateway/bot")));
}

rest_client::call<channel> rest_client::create_dm(snowflake recipient_id) {
  json::object body;
  body["recipient_id"] = id(recipient_id);
  co_return decode<channel>(co_await request(verb::post, std::string("/users/@me/channels"), json::value(std::move(body))));
}

rest_client::call<guild> rest_client::create_guild(std::string name, json::object extra) {
  extra["name"] = std::move(name);
  co_return decode<guild>(co_await request(verb::post, std::string("/guilds"), json::value(std::move(extra))));
}

rest_client::call<guild> rest_client::get_guild(snowflake guild_id) {
  co_return decode<guild>(co_await request(verb::get, "/guilds/" + id(guild_id)));
}

rest_client::call<void> rest_client::delete_guild(snowflake guild_id) {
  co_return discard(co_await request(verb::delete_, "/guilds/" + id(guild_id)));
}

rest_client::call<std::vector<channel>> rest_client::get_guild_channels(snowflake guild_id) {
  co_return decode_list<channel>(co_await request(verb::get, "/guilds/" + id(guild_id) + "/channels"));
}

rest_client::call<channel> rest_client::create_guild_channel(snowflake guild_id, std::string name, int type,
                                                             json::object extra, request_options options) {
  extra["name"] = std::move(name);
  extra["type"] = type;
  co_return decode<channel>(co_await request(verb::post, "/guilds/" + id(guild_id) + "/channels",
                                             json::value(std::move(extra)), std::move(options)));
}

rest_client::call<std::vector<member>> rest_client::list_guild_members(snowflake guild_id, int limit, snowflake after) {
  std::string path = "/guilds/" + id(guild_id) + "/members?limit=" + std::to_string(limit);
  if (after != 0) path += "&after=" + id(after);
  co_return decode_list<member>(co_await request(verb::get, std::move(path)));
}

rest_client::call<member> rest_client::get_guild_member(snowflake guild_id, snowflake user_id) {
  co_return decode<member>(co_await request(verb::get, "/guilds/" + id(guild_id) + "/members/" + id(user_id)));
}

rest_client::call<channel> rest_client::get_channel(snowflake channel_id) {
  co_return decode<channel>(co_await request(verb::get, "/channels/" + id(channel_id)));
}

rest_client::call<void> rest_client::delete_channel(snowflake channel_id, request_options options) {
  co_return discard(co_await request(verb::delete_, "/channels/" + id(channel_id), std::nullopt, std::move(options)));
}

rest_client::call<invite> rest_client::create_invite(snowflake channel_id, invite_create params) {
  json::object body{{"max_age", params.max_age},
                    {"max_uses", params.max_uses},
                    {"temporary", params.temporary},
                    {"unique", params.unique}};
  co_return decode<invite>(
      co_await request(verb::post, "/channels/" + id(channel_id) + "/invites", json::value(std::move(body))));
}

rest_client::call<invite> rest_client::get_invite(std::string code) {
  co_return decode<invite>(co_await request(verb::get, "/invites/" + encode_path_segment(code)));
}

rest_client::call<invite> rest_client::join_invite(std::string code) {
  co_return decode<invite>(
      co_await request(verb::post, "/invites/" + encode_path_segment(code), json::value(json::object{})));
}

rest_client::call<void> rest_client::trigger_typing(snowflake channel_id) {
  co_return discard(co_await request(verb::post, "/channels/" + id(channel_id) + "/typing"));
}

rest_client::call<message> rest_client::create_message(snowflake channel_id, message_create params) {
  auto body = params.extra;
  if (!params.content.empty()) body["content"] = params.content;
  if (!params.embeds.empty()) body["embeds"] = params.embeds;
  if (params.reply_to != 0)
    body["message_reference"] = json::object{{"message_id", id(params.reply_to)}, {"channel_id", id(channel_id)}};
  std::string path = "/channels/" + id(channel_id) + "/messages";
  if (params.files.empty()) co_return decode<message>(co_await request(verb::post, std::move(path), json::value(std::move(body))));
  const auto boundary = make_boundary(random_(), random_());
  auto multipart = make_multipart_body(std::move(body), params.files, boundary);
  co_return decode<message>(co_await send(verb::post, std::move(path), std::move(multipart.content_type),
                                          std::move(multipart.data), std::string{}));
}

rest_client::call<message> rest_client::edit_message(snowflake channel_id, snowflake message_id, message_edit params) {
  auto body = params.extra;
  if (params.content) body["content"] = *params.content;
  if (params.embeds) body["embeds"] = *params.embeds;
  co_return decode<message>(co_await request(verb::patch, "/channels/" + id(channel_id) + "/messages/" + id(message_id),
                                             json::value(std::move(body))));
}

rest_client::call<void> rest_client::delete_message(snowflake channel_id, snowflake message_id,
                                                   request_options options) {
  co_return discard(co_await request(verb::delete_, "/channels/" + id(channel_id) + "/messages/" + id(message_id),
                                     std::nullopt, std::move(options)));
}

rest_client::call<message> rest_client::get_message(snowflake channel_id, snowflake message_id) {
  co_return decode<message>(co_await request(verb::get, "/channels/" + id(channel_id) + "/messages/" + id(message_id)));
}

rest_client::call<std::vector<message>> rest_client::get_messages(snowflake channel_id, history_query query) {
  std::string path = "/channels/" + id(channel_id) + "/messages?limit=" + std::to_string(query.limit);
  if (query.before != 0) path += "&before=" + id(query.before);
  if (query.after != 0) path += "&after=" + id(query.after);
  if (query.around != 0) path += "&around=" + id(query.around);
  co_return decode_list<message>(co_await request(verb::get, std::move(path)));
}

rest_client::call<void> rest_client::add_reaction(snowflake channel_id, snowflake message_id, std::string emoji) {
  co_return discard(co_await request(verb::put, reaction_path(channel_id, message_id, emoji) + "/@me"));
}

rest_client::call<void> rest_client::remove_own_reaction(snowflake channel_id, snowflake message_id,
                                                        std::string emoji) {
  co_return discard(co_await request(verb::delete_, reaction_path(channel_id, message_id, emoji) + "/@me"));
}

rest_client::call<void> rest_client::remove_user_reaction(snowflake channel_id, snowflake message_id,
                                                         std::string emoji, snowflake user_id) {
  co_return discard(
      co_await request(verb::delete_, reaction_path(channel_id, message_id, emoji) + "/" + id(user_id)));
}

} // namespace parley::client::rest
