// Reading the thin Discord objects of the REST client from JSON (rest.md §6).
#include "client/rest/objects.hpp"

#include <algorithm>

#include "client/rest/rest_error.hpp"

namespace parley::client::rest {

namespace json = boost::json;

namespace {

error_code invalid() { return make_error_code(errc::invalid_response); }

std::string string_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

snowflake id_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return 0;
  return model::snowflake_from_json(*v).value_or(0);
}

std::int64_t int_of(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  if (v && v->is_int64()) return v->get_int64();
  if (v && v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  return fallback;
}

// Moves the object out of `v`, or fails when it is not one or has no id under `id_key`.
result<json::object> take_object(json::value&& v, std::string_view id_key = "id") {
  if (!v.is_object()) return invalid();
  auto obj = std::move(v.get_object());
  if (!id_key.empty() && id_of(obj, id_key) == 0) return invalid();
  return obj;
}

} // namespace

result<user> user::from_json(json::value&& v) {
  auto obj = take_object(std::move(v));
  if (!obj) return obj.error();
  user u;
  u.id = id_of(*obj, "id");
  u.username = string_of(*obj, "username");
  u.global_name = string_of(*obj, "global_name");
  const auto* bot = obj->if_contains("bot");
  u.bot = bot && bot->is_bool() && bot->get_bool();
  u.raw = std::move(*obj);
  return u;
}

result<attachment> attachment::from_json(json::value&& v) {
  auto obj = take_object(std::move(v));
  if (!obj) return obj.error();
  attachment a;
  a.id = id_of(*obj, "id");
  a.filename = string_of(*obj, "filename");
  a.content_type = string_of(*obj, "content_type");
  a.size = static_cast<std::uint64_t>(std::max<std::int64_t>(0, int_of(*obj, "size")));
  a.url = string_of(*obj, "url");
  return a;
}

result<message> message::from_json(json::value&& v) {
  auto obj = take_object(std::move(v));
  if (!obj) return obj.error();
  message m;
  m.id = id_of(*obj, "id");
  m.channel_id = id_of(*obj, "channel_id");
  m.guild_id = id_of(*obj, "guild_id");
  m.content = string_of(*obj, "content");
  if (auto* author = obj->if_contains("author")) {
    auto u = user::from_json(json::value(*author));
    if (u) m.author = std::move(*u);
  }
  if (const auto* list = obj->if_contains("attachments"); list && list->is_array()) {
    for (const auto& item : list->get_array()) {
      auto a = attachment::from_json(json::value(item));
      if (!a) return a.error();
      m.attachments.push_back(std::move(*a));
    }
  }
  if (const auto* ref = obj->if_contains("message_reference"); ref && ref->is_object())
    m.referenced_message_id = id_of(ref->get_object(), "message_id");
  m.raw = std::move(*obj);
  return m;
}

result<channel> channel::from_json(json::value&& v) {
  auto obj = take_object(std::move(v));
  if (!obj) return obj.error();
  channel c;
  c.id = id_of(*obj, "id");
  c.type = static_cast<int>(int_of(*obj, "type"));
  c.guild_id = id_of(*obj, "guild_id");
  c.name = string_of(*obj, "name");
  c.raw = std::move(*obj);
  return c;
}

result<guild> guild::from_json(json::value&& v) {
  auto obj = take_object(std::move(v));
  if (!obj) return obj.error();
  guild g;
  g.id = id_of(*obj, "id");
  g.name = string_of(*obj, "name");
  g.owner_id = id_of(*obj, "owner_id");
  g.raw = std::move(*obj);
  return g;
}

result<member> member::from_json(json::value&& v) {
  auto obj = take_object(std::move(v), "");
  if (!obj) return obj.error();
  member m;
  if (auto* u = obj->if_contains("user")) {
    auto parsed = user::from_json(json::value(*u));
    if (!parsed) return parsed.error();
    m.member_user = std::move(*parsed);
  }
  m.nick = string_of(*obj, "nick");
  if (const auto* roles = obj->if_contains("roles"); roles && roles->is_array())
    for (const auto& r : roles->get_array())
      if (const auto id = model::snowflake_from_json(r)) m.roles.push_back(*id);
  m.raw = std::move(*obj);
  return m;
}

result<invite> invite::from_json(json::value&& v) {
  auto obj = take_object(std::move(v), "");
  if (!obj) return obj.error();
  invite i;
  i.code = string_of(*obj, "code");
  if (i.code.empty()) return invalid();
  if (const auto* g = obj->if_contains("guild"); g && g->is_object()) i.guild_id = id_of(g->get_object(), "id");
  if (i.guild_id == 0) i.guild_id = id_of(*obj, "guild_id");
  if (const auto* c = obj->if_contains("channel"); c && c->is_object()) i.channel_id = id_of(c->get_object(), "id");
  if (i.channel_id == 0) i.channel_id = id_of(*obj, "channel_id");
  i.raw = std::move(*obj);
  return i;
}

result<gateway_bot> gateway_bot::from_json(json::value&& v) {
  auto obj = take_object(std::move(v), "");
  if (!obj) return obj.error();
  gateway_bot g;
  g.url = string_of(*obj, "url");
  if (g.url.empty()) return invalid();
  g.shards = static_cast<int>(int_of(*obj, "shards", 1));
  if (const auto* limit = obj->if_contains("session_start_limit"); limit && limit->is_object()) {
    const auto& l = limit->get_object();
    g.session_start_total = static_cast<int>(int_of(l, "total"));
    g.session_start_remaining = static_cast<int>(int_of(l, "remaining"));
    g.session_start_reset_after_ms = int_of(l, "reset_after");
    g.max_concurrency = static_cast<int>(int_of(l, "max_concurrency", 1));
  }
  g.raw = std::move(*obj);
  return g;
}

} // namespace parley::client::rest
