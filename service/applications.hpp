// Bot application use cases (rest.md §7.1, §7.10): create an application with its bot user, read
// and change it, reset the bot's token, and the bot's view of its own application.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/application.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

struct application_view {
  model::application app;
  model::user owner;
  model::user bot;
};

struct created_application {
  application_view view;
  std::string bot_token;  // shown once, at creation
};

class applications {
 public:
  explicit applications(context& ctx) : ctx_(ctx) {}

  // {name, description?} with a person's token; bots get 403 20001.
  model::api_result<created_application> create(const model::user& owner, const boost::json::object& body);
  // The owner, or the application's own bot.
  model::api_result<application_view> get(const model::user& caller, model::snowflake id);
  model::api_result<std::vector<application_view>> list_owned(const model::user& owner);
  // name, description, icon (null only), flags (the privileged-intent bits).
  model::api_result<application_view> update(const model::user& caller, model::snowflake id, const boost::json::object& body);
  model::api_result<void> remove(const model::user& owner, model::snowflake id);
  // A new bot token; every older token of the bot stops working.
  model::api_result<std::string> reset_bot_token(const model::user& owner, model::snowflake id);
  // GET /oauth2/applications/@me and /applications/@me: the bot's own application.
  model::api_result<application_view> current(const model::user& bot);

 private:
  model::api_result<application_view> load(model::snowflake id);
  model::api_result<application_view> load_for(const model::user& caller, model::snowflake id, bool owner_only);
  context& ctx_;
};

} // namespace parley::service
