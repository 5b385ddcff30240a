// Members and bans (rest.md §7.3): GET /guilds/{guild_id}/members[/search], GET/PUT/PATCH/DELETE
// /guilds/{guild_id}/members/{user_id}, PATCH /guilds/{guild_id}/members/@me[/nick], PUT/DELETE
// /guilds/{guild_id}/members/{user_id}/roles/{role_id}, GET/POST /guilds/{guild_id}/prune, GET
// /guilds/{guild_id}/bans[/{user_id}], PUT/DELETE /guilds/{guild_id}/bans/{user_id}, POST
// /guilds/{guild_id}/bulk-ban; and the bot authorization of rest.md §7.10, POST /oauth2/authorize.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/guild_json.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

json::array members_json(const std::vector<store::member_record>& records) {
  json::array out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(model::to_json(r.member, &r.user));
  return out;
}

model::api_result<model::snowflake> guild_param(const api_call& call) {
  return call.id_param(0, json_code::unknown_guild, "Guild");
}

json::array id_strings(const std::vector<model::snowflake>& ids) {
  json::array out;
  out.reserve(ids.size());
  for (const auto id : ids) out.push_back(json::string(model::to_string(id)));
  return out;
}

// GET /guilds/{id}/prune's include_roles: comma-separated role ids.
std::optional<std::vector<model::snowflake>> parse_id_list(std::string_view text) {
  std::vector<model::snowflake> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto part = text.substr(0, comma);
    const auto id = model::parse_snowflake(part);
    if (!id) return std::nullopt;
    out.push_back(*id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// PUT and DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}.
api_handler member_role_handler(service::members& members, bool present) {
  return [&members, present](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_member, "Member");
    if (!user) return user.error();
    auto role = call.id_param(2, json_code::unknown_role, "Role");
    if (!role) return role.error();
    if (auto r = members.set_role(actor_of(call), *id, *user, *role, present); !r) return r.error();
    return api_reply::no_content();
  };
}

} // namespace

void add_member_routes(rest_api& api, service::members& members, service::bans& bans) {
  api.add(verb::get, "/guilds/{guild_id}/members", auth_mode::any, [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    const auto limit = q.integer("limit", 1, 1, 1000);
    const auto after = q.snowflake("after").value_or(0);
    if (!q.ok()) return q.error();
    auto r = members.list(call.me(), *id, after, static_cast<std::size_t>(limit));
    if (!r) return r.error();
    return api_reply::ok(members_json(*r));
  });
  api.add(verb::get, "/guilds/{guild_id}/members/search", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    const auto query = q.string("query");
    const auto limit = q.integer("limit", 1, 1, 1000);
    if (!q.ok()) return q.error();
    if (!query) {
      auto e = model::api_error::invalid_form_body();
      e.field("query", "BASE_TYPE_REQUIRED", "This field is required");
      return e;
    }
    auto r = members.search(call.me(), *id, *query, static_cast<std::size_t>(limit));
    if (!r) return r.error();
    return api_reply::ok(members_json(*r));
  });
  api.add(verb::patch, "/guilds/{guild_id}/members/@me", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = members.modify_self(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(model::to_json(r->member, &r->user));
  });
  api.add(verb::patch, "/guilds/{guild_id}/members/@me/nick", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    json::object nick_only;
    if (const auto* nick = call.object().if_contains("nick")) nick_only["nick"] = *nick;
    auto r = members.modify_self(actor_of(call), *id, nick_only);
    if (!r) return r.error();
    return api_reply::ok(json::object{
        {"nick", r->member.nick ? json::value(*r->member.nick) : json::value(nullptr)}});
  });
  api.add(verb::put, "/guilds/{guild_id}/members/{user_id}", auth_mode::bot_only,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_user, "User");
    if (!user) return user.error();
    auto r = members.add(actor_of(call), *id, *user, call.object());
    if (!r) return r.error();
    if (!*r) return api_reply::no_content();
    return api_reply::created(model::to_json((*r)->member, &(*r)->user));
  });
  api.add(verb::put, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", auth_mode::any,
          member_role_handler(members, true));
  api.add(verb::delete_, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", auth_mode::any,
          member_role_handler(members, false));
  api.add(verb::get, "/guilds/{guild_id}/prune", auth_mode::any, [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    const auto days = q.integer("days", 7, 1, 30);
    const auto roles_text = q.string("include_roles");
    if (!q.ok()) return q.error();
    std::vector<model::snowflake> include_roles;
    if (roles_text) {
      auto parsed = parse_id_list(*roles_text);
      if (!parsed) {
        auto e = model::api_error::invalid_form_body();
        e.field("include_roles", "NUMBER_TYPE_COERCE", "Value is not a list of snowflakes.");
        return e;
      }
      include_roles = std::move(*parsed);
    }
    auto r = members.prune_count(call.me(), *id, static_cast<int>(days), include_roles);
    if (!r) return r.error();
    return api_reply::ok(json::object{{"pruned", static_cast<std::int64_t>(*r)}});
  });
  api.add(verb::post, "/guilds/{guild_id}/prune", auth_mode::any, [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = members.prune(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(json::object{
        {"pruned", *r ? json::value(static_cast<std::int64_t>(**r)) : json::value(nullptr)}});
  });
  api.add(verb::get, "/guilds/{guild_id}/voice-states/@me", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = members.voice_state_of(call.me(), *id, call.me().id);
    if (!r) return r.error();
    return api_reply::ok(std::move(*r));
  });
  api.add(verb::get, "/guilds/{guild_id}/voice-states/{user_id}", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_user, "User");
    if (!user) return user.error();
    auto r = members.voice_state_of(call.me(), *id, *user);
    if (!r) return r.error();
    return api_reply::ok(std::move(*r));
  });
  api.add(verb::get, "/guilds/{guild_id}/members/{user_id}", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_member, "Member");
    if (!user) return user.error();
    auto r = members.get(call.me(), *id, *user);
    if (!r) return r.error();
    return api_reply::ok(model::to_json(r->member, &r->user));
  });
  api.add(verb::patch, "/guilds/{guild_id}/members/{user_id}", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_member, "Member");
    if (!user) return user.error();
    auto r = members.modify(actor_of(call), *id, *user, call.object());
    if (!r) return r.error();
    return api_reply::ok(model::to_json(r->member, &r->user));
  });
  api.add(verb::delete_, "/guilds/{guild_id}/members/{user_id}", auth_mode::any,
          [&members](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_member, "Member");
    if (!user) return user.error();
    if (auto r = members.kick(actor_of(call), *id, *user); !r) return r.error();
    return api_reply::no_content();
  });

  api.add(verb::get, "/guilds/{guild_id}/bans", auth_mode::any, [&bans](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    store::id_page page;
    page.before = q.snowflake("before").value_or(0);
    page.after = q.snowflake("after").value_or(0);
    page.limit = static_cast<std::size_t>(q.integer("limit", 1000, 1, 1000));
    if (!q.ok()) return q.error();
    auto r = bans.list(call.me(), *id, page);
    if (!r) return r.error();
    json::array out;
    out.reserve(r->size());
    for (const auto& b : *r) out.push_back(model::to_json(b.ban, b.user));
    return api_reply::ok(out);
  });
  api.add(verb::get, "/guilds/{guild_id}/bans/{user_id}", auth_mode::any,
          [&bans](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_ban, "Ban");
    if (!user) return user.error();
    auto r = bans.get(call.me(), *id, *user);
    if (!r) return r.error();
    return api_reply::ok(model::to_json(r->ban, r->user));
  });
  api.add(verb::put, "/guilds/{guild_id}/bans/{user_id}", auth_mode::any,
          [&bans](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_user, "User");
    if (!user) return user.error();
    if (auto r = bans.ban(actor_of(call), *id, *user, call.object()); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::post, "/guilds/{guild_id}/bulk-ban", auth_mode::any,
          [&bans](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = bans.bulk_ban(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(json::object{{"banned_users", id_strings(r->banned)}, {"failed_users", id_strings(r->failed)}});
  });
  api.add(verb::delete_, "/guilds/{guild_id}/bans/{user_id}", auth_mode::any,
          [&bans](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto user = call.id_param(1, json_code::unknown_ban, "Ban");
    if (!user) return user.error();
    if (auto r = bans.unban(actor_of(call), *id, *user); !r) return r.error();
    return api_reply::no_content();
  });

  api.add(verb::post, "/oauth2/authorize", auth_mode::user_only, [&members](api_call& call) -> model::api_result<api_reply> {
    query_reader q(call);
    const auto client_id = q.snowflake("client_id");
    const auto scope = q.string("scope");
    const auto query_permissions = q.string("permissions");
    if (!q.ok()) return q.error();
    auto e = model::api_error::invalid_form_body();
    if (!client_id) e.field("client_id", "BASE_TYPE_REQUIRED", "This field is required");
    // scope is a space-separated list; only the bot scope is served.
    if (!scope || (" " + *scope + " ").find(" bot ") == std::string::npos)
      e.field("scope", "SCOPE_UNSUPPORTED", "Only the bot scope is supported.");
    if (e.has_field_errors()) return e;
    json::object body = call.object();
    if (!body.contains("permissions") && query_permissions) body["permissions"] = *query_permissions;
    if (auto r = members.authorize_bot(actor_of(call), *client_id, body); !r) return r.error();
    return api_reply::ok(json::object{{"location", "/oauth2/authorized"}});
  });
}

} // namespace parley::server::rest
