// Bot applications: /applications, /applications/{id}, /applications/{id}/bot/reset, and the bot's
// own /applications/@me and /oauth2/applications/@me.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;

namespace {

boost::json::object view_json(const service::application_view& v) { return model::to_json(v.app, &v.owner, &v.bot); }

} // namespace

void add_application_routes(rest_api& api, service::applications& apps) {
  api.add(verb::post, "/applications", auth_mode::user_only, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto r = apps.create(call.me(), call.object());
    if (!r) return r.error();
    auto body = view_json(r->view);
    // The bot token is shown once, here and on reset; only its hash is kept.
    body["bot"].as_object()["token"] = r->bot_token;
    return api_reply::created(body);
  });
  api.add(verb::get, "/applications", auth_mode::user_only, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto r = apps.list_owned(call.me());
    if (!r) return r.error();
    boost::json::array out;
    for (const auto& v : *r) out.push_back(view_json(v));
    return api_reply::ok(out);
  });
  auto current = [&apps](api_call& call) -> model::api_result<api_reply> {
    auto r = apps.current(call.me());
    if (!r) return r.error();
    return api_reply::ok(view_json(*r));
  };
  api.add(verb::get, "/applications/@me", auth_mode::bot_only, current);
  api.add(verb::get, "/oauth2/applications/@me", auth_mode::bot_only, current);
  api.add(verb::patch, "/applications/@me", auth_mode::bot_only, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto own = apps.current(call.me());
    if (!own) return own.error();
    auto r = apps.update(call.me(), own->app.id, call.object());
    if (!r) return r.error();
    return api_reply::ok(view_json(*r));
  });
  api.add(verb::get, "/applications/{application_id}", auth_mode::any, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_application, "Application");
    if (!id) return id.error();
    auto r = apps.get(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(view_json(*r));
  });
  api.add(verb::patch, "/applications/{application_id}", auth_mode::any, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_application, "Application");
    if (!id) return id.error();
    auto r = apps.update(call.me(), *id, call.object());
    if (!r) return r.error();
    return api_reply::ok(view_json(*r));
  });
  api.add(verb::delete_, "/applications/{application_id}", auth_mode::user_only, [&apps](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_application, "Application");
    if (!id) return id.error();
    if (auto r = apps.remove(call.me(), *id); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::post, "/applications/{application_id}/bot/reset", auth_mode::user_only,
          [&apps](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_application, "Application");
    if (!id) return id.error();
    auto r = apps.reset_bot_token(call.me(), *id);
    if (!r) return r.error();
    return api_reply::ok(boost::json::object{{"token", *r}});
  });
}

} // namespace parley::server::rest
