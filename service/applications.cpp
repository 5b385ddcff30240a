#include "service/applications.hpp"

#include "model/username.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;

api_error unknown_application() { return api_error::not_found(json_code::unknown_application, "Application"); }

// Four digits for a bot's discriminator, as Discord gives bots.
std::string random_discriminator() {
  const auto n = random_between(1, 9999);
  std::string s = std::to_string(n);
  return std::string(4 - s.size(), '0') + s;
}

} // namespace

model::api_result<application_view> applications::load(model::snowflake id) {
  auto app = ctx_.store.application_by_id(id);
  if (!app) return internal_error(app.error(), "application");
  if (!*app) return unknown_application();
  auto owner = ctx_.store.user_by_id((*app)->owner_id);
  auto bot = ctx_.store.user_by_id((*app)->bot_user_id);
  if (!owner || !bot) return internal_error(!owner ? owner.error() : bot.error(), "application");
  if (!*owner || !*bot) return unknown_application();
  return application_view{std::move(**app), std::move(**owner), std::move(**bot)};
}

model::api_result<application_view> applications::load_for(const model::user& caller, model::snowflake id, bool owner_only) {
  auto view = load(id);
  if (!view) return view;
  const bool is_owner = view->app.owner_id == caller.id;
  const bool is_bot = view->app.bot_user_id == caller.id;
  // Someone else's application looks like one that does not exist.
  if (!is_owner && !(is_bot && !owner_only)) return unknown_application();
  return view;
}

model::api_result<created_application> applications::create(const model::user& owner, const boost::json::object& body) {
  if (owner.bot) return api_error(403, json_code::bots_cannot_use, "Bots cannot use this endpoint");
  form f(body);
  const auto name = f.required_string("name", 1, 32);
  if (name)
    if (auto bad = model::check_display_name(*name)) f.add("name", bad->code, bad->message);
  const auto description = f.optional_string("description", 0, 400);
  if (!f.ok()) return f.error();

  const auto now = ctx_.time.now_ms();
  model::user bot;
  bot.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
  bot.username = std::string(*name);
  bot.bot = true;
  bot.created_ms = now;
  model::application app;
  app.id = bot.id;
  app.name = bot.username;
  app.description = description ? std::string(*description) : std::string();
  app.owner_id = owner.id;
  app.bot_user_id = bot.id;
  app.verify_key = random_hex_key();
  app.created_ms = now;
  const auto token = issue_token(bot.id, now);

  // A name#discriminator pair may be taken by another bot: draw again a few times.
  for (int attempt = 0;; ++attempt) {
    bot.discriminator = random_discriminator();
    auto r = ctx_.store.insert_application(app, bot, {token.hash, bot.id, now});
    if (r) break;
    if (r.error() != store::store_errc::conflict) return internal_error(r.error(), "create_application");
    if (attempt == 8)
      return std::move(api_error::invalid_form_body().field("name", "USERNAME_TOO_MANY_USERS", "Too many bots have this name."));
  }
  return created_application{application_view{std::move(app), owner, std::move(bot)}, token.secret};
}

model::api_result<application_view> applications::get(const model::user& caller, model::snowflake id) {
  return load_for(caller, id, false);
}

model::api_result<std::vector<application_view>> applications::list_owned(const model::user& owner) {
  auto apps = ctx_.store.applications_by_owner(owner.id);
  if (!apps) return internal_error(apps.error(), "list_applications");
  std::vector<application_view> out;
  for (const auto& a : *apps) {
    auto v = load(a.id);
    if (v) out.push_back(std::move(*v));
  }
  return out;
}

model::api_result<application_view> applications::update(const model::user& caller, model::snowflake id,
                                                         const boost::json::object& body) {
  auto view = load_for(caller, id, false);
  if (!view) return view;
  form f(body);
  auto& app = view->app;
  if (const auto name = f.optional_string("name", 1, 32)) {
    if (auto bad = model::check_display_name(*name)) f.add("name", bad->code, bad->message);
    else app.name = std::string(*name);
  }
  if (const auto description = f.nullable_string("description", 0, 400); description.present)
    app.description = description.value ? std::string(*description.value) : std::string();
  if (const auto* icon = body.if_contains("icon")) {
    if (icon->is_null()) app.icon.reset();
    else f.add("icon", "IMAGE_UNSUPPORTED", "Icons are not supported yet; send null to clear.");
  }
  if (const auto flags = f.optional_integer("flags", 0, INT64_MAX)) {
    const auto requested = static_cast<std::uint64_t>(*flags);
    if (requested & ~model::application_flags::owner_settable)
      f.add("flags", "APPLICATION_FLAGS_INVALID", "Only the gateway intent flags can be set.");
    else
      app.flags = (app.flags & ~model::application_flags::owner_settable) | requested;
  }
  if (!f.ok()) return f.error();
  if (auto r = ctx_.store.update_application(app); !r) return internal_error(r.error(), "update_application");
  return view;
}

model::api_result<void> applications::remove(const model::user& owner, model::snowflake id) {
  auto view = load_for(owner, id, true);
  if (!view) return view.error();
  if (auto r = ctx_.store.delete_application(id); !r) return internal_error(r.error(), "delete_application");
  return {};
}

model::api_result<std::string> applications::reset_bot_token(const model::user& owner, model::snowflake id) {
  auto view = load_for(owner, id, true);
  if (!view) return view.error();
  const auto now = ctx_.time.now_ms();
  const auto token = issue_token(view->bot.id, now);
  if (auto r = ctx_.store.replace_tokens(view->bot.id, {token.hash, view->bot.id, now}); !r)
    return internal_error(r.error(), "reset_bot_token");
  return token.secret;
}

model::api_result<application_view> applications::current(const model::user& bot) {
  if (!bot.bot) return api_error(403, json_code::only_bots, "Only bots can use this endpoint");
  auto app = ctx_.store.application_by_bot(bot.id);
  if (!app) return internal_error(app.error(), "current_application");
  if (!*app) return unknown_application();
  return load((*app)->id);
}

} // namespace parley::service
