// GET /gateway (no authentication: discord.py test harnesses discover the URL with it) and
// GET /gateway/bot (with shards and the session start limit), rest.md §7.1 and gateway.md §6.2.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>

namespace parley::server::rest {

using boost::beast::http::verb;

void add_gateway_routes(rest_api& api, const gateway_info& info) {
  api.add(verb::get, "/gateway", auth_mode::none, [&info](api_call&) -> model::api_result<api_reply> {
    return api_reply::ok(boost::json::object{{"url", info.url}});
  });
  api.add(verb::get, "/gateway/bot", auth_mode::any, [&info](api_call& call) -> model::api_result<api_reply> {
    boost::json::object limit = info.session_start_limit && call.me().bot
        ? info.session_start_limit(call.me().id)
        : boost::json::object{{"total", info.session_start_total}, {"remaining", info.session_start_total},
                              {"reset_after", 0}, {"max_concurrency", info.max_concurrency}};
    return api_reply::ok(boost::json::object{
        {"url", info.url}, {"shards", info.recommended_shards}, {"session_start_limit", std::move(limit)}});
  });
  api.add(verb::get, "/voice/regions", auth_mode::any, [](api_call&) -> model::api_result<api_reply> {
    return api_reply::ok(voice_regions());
  });
}

boost::json::array voice_regions() {
  // One region: every voice node of a Parley deployment serves every guild (rest.md §6.9).
  return boost::json::array{boost::json::object{
      {"id", "parley"}, {"name", "Parley"}, {"optimal", true}, {"deprecated", false}, {"custom", false}}};
}

} // namespace parley::server::rest
