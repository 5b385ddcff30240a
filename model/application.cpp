#include "model/application.hpp"

#include <boost/json/array.hpp>

namespace parley::model {

boost::json::object to_json(const application& app, const user* owner, const user* bot) {
  boost::json::object o;
  o["id"] = to_string(app.id);
  o["name"] = app.name;
  o["icon"] = app.icon ? boost::json::value(*app.icon) : nullptr;
  o["description"] = app.description;
  o["summary"] = "";
  o["type"] = nullptr;
  o["bot_public"] = app.bot_public;
  o["bot_require_code_grant"] = app.bot_require_code_grant;
  o["verify_key"] = app.verify_key;
  o["flags"] = app.flags;
  o["team"] = nullptr;
  o["rpc_origins"] = boost::json::array{};
  o["redirect_uris"] = boost::json::array{};
  o["interactions_endpoint_url"] = nullptr;
  o["role_connections_verification_url"] = nullptr;
  o["tags"] = boost::json::array{};
  o["approximate_guild_count"] = 0;
  if (owner) o["owner"] = to_public_json(*owner);
  if (bot) o["bot"] = to_public_json(*bot);
  return o;
}

} // namespace parley::model
