// Account use cases (rest.md §7.2, §7.10): register, log in and out, authenticate a token,
// read and change users.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

struct login_result {
  std::string token;
  model::snowflake user_id = 0;
};

class accounts {
 public:
  explicit accounts(context& ctx) : ctx_(ctx) {}

  // {username, password, email?, global_name?} → a session token. Field errors mirror the body.
  model::api_result<login_result> register_user(const boost::json::object& body);
  // {login, password}; both fields get the same error whichever one was wrong.
  model::api_result<login_result> login(const boost::json::object& body);
  // Revokes the token. Succeeds for a token that is already gone.
  model::api_result<void> logout(std::string_view token);
  // An Authorization header value: "Bot <t>", "Bearer <t>" or the bare token. 401 otherwise.
  model::api_result<model::user> authenticate(std::string_view authorization) const;
  model::api_result<model::user> get_user(model::snowflake id) const;
  // PATCH /users/@me: username, global_name, avatar (null clears). Publishes USER_UPDATE.
  model::api_result<model::user> update_self(const model::user& me, const boost::json::object& body);

  // Administrative creation (parley admin): same rules as register_user, no token issued.
  model::api_result<model::user> create_user(std::string_view username, std::string_view password,
                                             std::optional<std::string_view> email);

 private:
  model::api_result<model::user> build_new_user(const boost::json::object& body);
  context& ctx_;
};

// The token part of an Authorization header value.
std::string_view token_from_authorization(std::string_view header);

} // namespace parley::service
