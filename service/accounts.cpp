#include "service/accounts.hpp"

#include <algorithm>
#include <memory>

#include "model/username.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < e.size() && e.find('@', at + 1) == std::string_view::npos &&
         e.find(' ') == std::string_view::npos && e.size() <= 254;
}

api_error invalid_login() {
  auto e = api_error::invalid_form_body();
  e.field("login", "INVALID_LOGIN", "Login or password is invalid.");
  e.field("password", "INVALID_LOGIN", "Login or password is invalid.");
  return e;
}

} // namespace

std::string_view token_from_authorization(std::string_view header) {
  for (std::string_view prefix : {"Bot ", "Bearer "}) {
    if (header.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), header.begin(),
                                                    [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return header.substr(prefix.size());
  }
  return header;
}

model::api_result<model::user> accounts::build_new_user(const boost::json::object& body) {
  form f(body);
  const auto username = f.required_string("username", 2, 32);
  if (username)
    if (auto bad = model::check_username(*username)) f.add("username", bad->code, bad->message);
  const auto password = f.required_string("password", 8, 128);
  const auto email = f.optional_string("email", 3, 254);
  if (email && !plausible_email(*email)) f.add("email", "EMAIL_TYPE_INVALID_EMAIL", "Not a well formed email address.");
  const auto global_name = f.optional_string("global_name", 1, 32);
  if (global_name)
    if (auto bad = model::check_display_name(*global_name)) f.add("global_name", bad->code, bad->message);
  if (!f.ok()) return f.error();

  model::user u;
  const auto now = ctx_.time.now_ms();
  u.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
  u.username = std::string(*username);
  if (email) u.email = std::string(*email);
  if (global_name) u.global_name = std::string(*global_name);
  u.password_hash = ctx_.passwords.hash(*password);
  u.created_ms = now;
  return u;
}

model::api_result<login_result> accounts::register_user(const boost::json::object& body) {
  auto u = build_new_user(body);
  if (!u) return u.error();
  const auto token = issue_token(u->id, u->created_ms);
  store::token row{token.hash, u->id, u->created_ms};
  if (auto r = ctx_.store.insert_user(*u, &row); !r) {
    if (r.error() != store::store_errc::conflict) return internal_error(r.error(), "register");
    auto e = api_error::invalid_form_body();
    auto existing = ctx_.store.user_by_login(u->username);
    if (existing && *existing)
      e.field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable. Try adding numbers, letters, underscores _ , or periods.");
    else
      e.field("email", "EMAIL_ALREADY_REGISTERED", "Email is already registered.");
    return e;
  }
  return login_result{token.secret, u->id};
}

model::api_result<model::user> accounts::create_user(std::string_view username, std::string_view password,
                                                     std::optional<std::string_view> email) {
  boost::json::object body{{"username", username}, {"password", password}};
  if (email) body["email"] = *email;
  auto u = build_new_user(body);
  if (!u) return u.error();
  if (auto r = ctx_.store.insert_user(*u, nullptr); !r) {
    if (r.error() != store::store_errc::conflict) return internal_error(r.error(), "create_user");
    return std::move(api_error::invalid_form_body().field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable."));
  }
  return u;
}

model::api_result<login_result> accounts::login(const boost::json::object& body) {
  form f(body);
  const auto login = f.required_string("login", 1, 254);
  const auto password = f.required_string("password", 1, 128);
  if (!f.ok()) return f.error();
  auto found = ctx_.store.user_by_login(*login);
  if (!found) return internal_error(found.error(), "login");
  const auto& u = *found;
  if (!u || u->bot || u->password_hash.empty()) {
    ctx_.passwords.burn(*password);
    return invalid_login();
  }
  if (!ctx_.passwords.verify(u->password_hash, *password)) return invalid_login();
  const auto now = ctx_.time.now_ms();
  const auto token = issue_token(u->id, now);
  if (auto r = ctx_.store.insert_token({token.hash, u->id, now}); !r) return internal_error(r.error(), "login");
  return login_result{token.secret, u->id};
}

model::api_result<void> accounts::logout(std::string_view token) {
  if (auto r = ctx_.store.delete_token(hash_token(token)); !r) return internal_error(r.error(), "logout");
  return {};
}

model::api_result<model::user> accounts::authenticate(std::string_view authorization) const {
  const std::string_view token = token_from_authorization(authorization);
  if (token.empty() || token.size() > 256) return api_error::unauthorized();
  auto owner = ctx_.store.user_by_token(hash_token(token));
  if (!owner) return internal_error(owner.error(), "authenticate");
  if (!*owner) return api_error::unauthorized();
  auto u = ctx_.store.user_by_id(**owner);
  if (!u) return internal_error(u.error(), "authenticate");
  if (!*u) return api_error::unauthorized();
  return std::move(**u);
}

model::api_result<model::user> accounts::get_user(model::snowflake id) const {
  auto u = ctx_.store.user_by_id(id);
  if (!u) return internal_error(u.error(), "get_user");
  if (!*u) return api_error::not_found(json_code::unknown_user, "User");
  return std::move(**u);
}

model::api_result<model::user> accounts::update_self(const model::user& me, const boost::json::object& body) {
  form f(body);
  model::user next = me;
  if (const auto username = f.optional_string("username", 1, 32)) {
    const auto bad = me.bot ? model::check_display_name(*username) : model::check_username(*username);
    if (bad) f.add("username", bad->code, bad->message);
    else next.username = std::string(*username);
  }
  if (const auto global_name = f.nullable_string("global_name", 1, 32); global_name.present) {
    if (global_name.value) {
      if (auto bad = model::check_display_name(*global_name.value)) f.add("global_name", bad->code, bad->message);
      else next.global_name = std::string(*global_name.value);
    } else {
      next.global_name.reset();
    }
  }
  if (const auto* avatar = body.if_contains("avatar")) {
    // Image upload lands with attachments; until then only clearing the avatar is supported.
    if (avatar->is_null()) next.avatar.reset();
    else f.add("avatar", "IMAGE_UNSUPPORTED", "Avatar images are not supported yet; send null to clear.");
  }
  if (!f.ok()) return f.error();
  if (auto r = ctx_.store.update_user(next); !r) {
    if (r.error() == store::store_errc::conflict)
      return std::move(api_error::invalid_form_body().field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable."));
    return internal_error(r.error(), "update_self");
  }
  auto e = std::make_shared<bus::event>();
  e->name = "USER_UPDATE";
  e->data = model::to_self_json(next);
  e->to.scope = bus::audience::kind::user;
  e->to.id = next.id;
  ctx_.bus.publish(std::move(e));
  return next;
}

} // namespace parley::service
