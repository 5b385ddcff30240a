// POST /auth/register, /auth/login, /auth/logout; GET/PATCH /users/@me; GET /users/{user_id}.
#include "server/rest/routes.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;

void add_account_routes(rest_api& api, service::accounts& accounts) {
  api.add(verb::post, "/auth/register", auth_mode::none, [&accounts](api_call& call) -> model::api_result<api_reply> {
    auto r = accounts.register_user(call.object());
    if (!r) return r.error();
    return api_reply::created(boost::json::object{{"token", r->token}});
  });
  api.add(verb::post, "/auth/login", auth_mode::none, [&accounts](api_call& call) -> model::api_result<api_reply> {
    auto r = accounts.login(call.object());
    if (!r) return r.error();
    return api_reply::ok(boost::json::object{{"token", r->token}, {"user_id", model::to_string(r->user_id)},
                                             {"mfa", false}});
  });
  api.add(verb::post, "/auth/logout", auth_mode::any, [&accounts](api_call& call) -> model::api_result<api_reply> {
    const auto token = service::token_from_authorization(call.request[boost::beast::http::field::authorization]);
    if (auto r = accounts.logout(token); !r) return r.error();
    return api_reply::no_content();
  });
  api.add(verb::get, "/users/@me", auth_mode::any, [](api_call& call) -> model::api_result<api_reply> {
    return api_reply::ok(model::to_self_json(call.me()));
  });
  api.add(verb::patch, "/users/@me", auth_mode::any, [&accounts](api_call& call) -> model::api_result<api_reply> {
    auto r = accounts.update_self(call.me(), call.object());
    if (!r) return r.error();
    return api_reply::ok(model::to_self_json(*r));
  });
  api.add(verb::get, "/users/{user_id}", auth_mode::any, [&accounts](api_call& call) -> model::api_result<api_reply> {
    auto id = call.id_param(0, json_code::unknown_user, "User");
    if (!id) return id.error();
    auto u = accounts.get_user(*id);
    if (!u) return u.error();
    return api_reply::ok(model::to_public_json(*u));
  });
}

} // namespace parley::server::rest
