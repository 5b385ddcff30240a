// Typed events from dispatch payloads (gateway.md §11.1); see events.hpp.
#include "client/runtime/events.hpp"

#include "client/runtime/detail/json_fields.hpp"

namespace parley::client {

namespace {

using detail::int_field;
using detail::nested_snowflake;
using detail::snowflake_field;
using detail::string_field;

boost::json::object take_object(boost::json::value&& d) {
  if (auto* o = d.if_object()) return std::move(*o);
  return {};
}

// MESSAGE_*: the author is a user object; member events name the user inside `user`, with
// `user_id` accepted too for servers that send it flat.
snowflake_id user_of(const boost::json::object& o) {
  if (auto id = nested_snowflake(o, "user", "id")) return id;
  return snowflake_field(o, "user_id");
}

template <class Fields>
Fields message_from(boost::json::value&& d, std::uint64_t seq) {
  Fields e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.id = snowflake_field(e.data, "id");
  e.channel_id = snowflake_field(e.data, "channel_id");
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.author_id = nested_snowflake(e.data, "author", "id");
  e.content = string_field(e.data, "content");
  return e;
}

template <class Fields>
Fields guild_from(boost::json::value&& d, std::uint64_t seq) {
  Fields e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.id = snowflake_field(e.data, "id");
  e.name = string_field(e.data, "name");
  e.unavailable = detail::bool_field(e.data, "unavailable");
  return e;
}

template <class Fields>
Fields channel_from(boost::json::value&& d, std::uint64_t seq) {
  Fields e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.id = snowflake_field(e.data, "id");
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.parent_id = snowflake_field(e.data, "parent_id");
  e.type = static_cast<int>(int_field(e.data, "type"));
  e.name = string_field(e.data, "name");
  return e;
}

template <class Fields>
Fields member_from(boost::json::value&& d, std::uint64_t seq) {
  Fields e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.user_id = user_of(e.data);
  return e;
}

} // namespace

template <> message_create make_event(boost::json::value&& d, std::uint64_t seq) {
  return message_from<message_create>(std::move(d), seq);
}
template <> message_update make_event(boost::json::value&& d, std::uint64_t seq) {
  return message_from<message_update>(std::move(d), seq);
}
template <> message_delete make_event(boost::json::value&& d, std::uint64_t seq) {
  message_delete e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.id = snowflake_field(e.data, "id");
  e.channel_id = snowflake_field(e.data, "channel_id");
  e.guild_id = snowflake_field(e.data, "guild_id");
  return e;
}
template <> guild_create make_event(boost::json::value&& d, std::uint64_t seq) {
  return guild_from<guild_create>(std::move(d), seq);
}
template <> guild_update make_event(boost::json::value&& d, std::uint64_t seq) {
  return guild_from<guild_update>(std::move(d), seq);
}
template <> guild_delete make_event(boost::json::value&& d, std::uint64_t seq) {
  return guild_from<guild_delete>(std::move(d), seq);
}
template <> channel_create make_event(boost::json::value&& d, std::uint64_t seq) {
  return channel_from<channel_create>(std::move(d), seq);
}
template <> channel_update make_event(boost::json::value&& d, std::uint64_t seq) {
  return channel_from<channel_update>(std::move(d), seq);
}
template <> channel_delete make_event(boost::json::value&& d, std::uint64_t seq) {
  return channel_from<channel_delete>(std::move(d), seq);
}
template <> guild_member_add make_event(boost::json::value&& d, std::uint64_t seq) {
  return member_from<guild_member_add>(std::move(d), seq);
}
template <> guild_member_update make_event(boost::json::value&& d, std::uint64_t seq) {
  return member_from<guild_member_update>(std::move(d), seq);
}
template <> guild_member_remove make_event(boost::json::value&& d, std::uint64_t seq) {
  return member_from<guild_member_remove>(std::move(d), seq);
}
template <> presence_update make_event(boost::json::value&& d, std::uint64_t seq) {
  presence_update e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.user_id = user_of(e.data);
  e.status = string_field(e.data, "status");
  return e;
}
template <> typing_start make_event(boost::json::value&& d, std::uint64_t seq) {
  typing_start e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.channel_id = snowflake_field(e.data, "channel_id");
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.user_id = snowflake_field(e.data, "user_id");
  e.timestamp = int_field(e.data, "timestamp");
  return e;
}
template <> voice_state_update make_event(boost::json::value&& d, std::uint64_t seq) {
  voice_state_update e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.channel_id = snowflake_field(e.data, "channel_id");
  e.user_id = snowflake_field(e.data, "user_id");
  if (const auto* member = e.data.if_contains("member"); !e.user_id && member && member->is_object())
    e.user_id = user_of(member->get_object());
  e.session_id = string_field(e.data, "session_id");
  return e;
}
template <> voice_server_update make_event(boost::json::value&& d, std::uint64_t seq) {
  voice_server_update e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.guild_id = snowflake_field(e.data, "guild_id");
  e.token = string_field(e.data, "token");
  if (const auto* endpoint = e.data.if_contains("endpoint"); endpoint && endpoint->is_string())
    e.endpoint = std::string(endpoint->get_string());
  return e;
}

template <> ready make_event(boost::json::value&& d, std::uint64_t seq) {
  ready e;
  e.seq = seq;
  e.data = take_object(std::move(d));
  e.session_id = string_field(e.data, "session_id");
  e.resume_gateway_url = string_field(e.data, "resume_gateway_url");
  e.user_id = nested_snowflake(e.data, "user", "id");
  if (const auto* guilds = e.data.if_contains("guilds"); guilds && guilds->is_array())
    for (const auto& g : guilds->get_array())
      if (g.is_object())
        if (auto id = snowflake_field(g.get_object(), "id")) e.guild_ids.push_back(id);
  return e;
}

} // namespace parley::client
