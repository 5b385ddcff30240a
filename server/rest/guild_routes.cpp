// Guilds (rest.md §7.2–§7.3): POST /guilds, GET/PATCH/DELETE /guilds/{guild_id},
// GET /guilds/{guild_id}/preview, GET /users/@me/guilds, DELETE /users/@me/guilds/{guild_id},
// GET /guilds/{guild_id}/audit-logs.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

#include "model/guild_json.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

model::api_result<model::snowflake> guild_param(const api_call& call, std::size_t i = 0) {
  return call.id_param(i, json_code::unknown_guild, "Guild");
}

json::object guild_json(const service::guild_view& v, bool with_counts) {
  // Presences are not tracked yet: the presence count is 0.
  const model::guild_counts counts{v.member_count, 0};
  return model::to_json(v.guild, v.roles, with_counts ? &counts : nullptr);
}

// rest.md §7.3 preview: no guild is discoverable here, so only members see one (the service's
// get); emojis, stickers and features are not served yet.
json::object preview_json(const service::guild_view& v) {
  const auto opt = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
  return json::object{{"id", model::to_string(v.guild.id)},
                      {"name", v.guild.name},
                      {"icon", opt(v.guild.icon)},
                      {"splash", nullptr},
                      {"discovery_splash", nullptr},
                      {"emojis", json::array()},
                      {"features", json::array()},
                      {"approximate_member_count", v.member_count},
                      {"approximate_presence_count", 0},
                      {"description", opt(v.guild.description)},
                      {"stickers", json::array()}};
}

} // namespace

void add_guild_routes(rest_api& api, service::guilds& guilds, service::audit_log& audit) {
  api.add(verb::post, "/guilds", auth_mode::any, [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto r = guilds.create(call.me(), call.object());
    if (!r) return r.error();
    return api_reply::created(guild_json(*r, false));
  });
  api.add(verb::get, "/guilds/{guild_id}", auth_mode::any, [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    const bool with_counts = q.boolean("with_counts", false);
    if (!q.ok()) return q.error();
    auto r = guilds.get(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(guild_json(*r, with_counts));
  });
  api.add(verb::get, "/guilds/{guild_id}/regions", auth_mode::any,
          [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    if (auto r = guilds.get(call.me(), *id); !r) return r.error();  // members only
    return api_reply::ok(voice_regions());
  });
  api.add(verb::get, "/guilds/{guild_id}/preview", auth_mode::any,
          [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = guilds.get(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(preview_json(*r));
  });
  api.add(verb::patch, "/guilds/{guild_id}", auth_mode::any, [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    auto r = guilds.modify(actor_of(call), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(guild_json(*r, false));
  });
  api.add(verb::delete_, "/guilds/{guild_id}", auth_mode::any, [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    if (auto r = guilds.remove(call.me(), *id); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::get, "/users/@me/guilds", auth_mode::any, [&guilds](api_call& call) -> model::api_result<api_reply> {
    query_reader q(call);
    store::id_page page;
    page.before = q.snowflake("before").value_or(0);
    page.after = q.snowflake("after").value_or(0);
    page.limit = static_cast<std::size_t>(q.integer("limit", 200, 1, 200));
    const bool with_counts = q.boolean("with_counts", false);
    if (!q.ok()) return q.error();
    auto r = guilds.list_mine(call.me(), page);
    if (!r) return r.error();
    json::array out;
    out.reserve(r->size());
    for (const auto& g : *r) {
      const model::guild_counts counts{g.member_count, 0};
      out.push_back(model::to_partial_json(g.guild, g.owner, g.perms, with_counts ? &counts : nullptr));
    }
    return api_reply::ok(out);
  });
  api.add(verb::delete_, "/users/@me/guilds/{guild_id}", auth_mode::any,
          [&guilds](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    if (auto r = guilds.leave(call.me(), *id); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::get, "/guilds/{guild_id}/audit-logs", auth_mode::any,
          [&audit](api_call& call) -> model::api_result<api_reply> {
    auto id = guild_param(call);
    if (!id) return id.error();
    query_reader q(call);
    store::audit_log_query query;
    query.user_id = q.snowflake("user_id");
    if (auto action = q.optional_integer("action_type", 1, 1000)) query.action_type = static_cast<int>(*action);
    query.before = q.snowflake("before").value_or(0);
    query.after = q.snowflake("after").value_or(0);
    query.limit = static_cast<std::size_t>(q.integer("limit", 50, 1, 100));
    if (!q.ok()) return q.error();
    auto r = audit.query(call.me(), *id, query);
    if (!r) return r.error();
    return api_reply::ok(model::to_audit_log_json(r->entries, r->users));
  });
}

} // namespace parley::server::rest
