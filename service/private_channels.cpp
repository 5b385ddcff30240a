// DMs and group DMs (rest.md §7.2, §7.4); see private_channels.hpp.
#include "service/private_channels.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <boost/json/array.hpp>

#include "model/channel_kind.hpp"
#include "model/guild_json.hpp"
#include "service/accounts.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
using model::snowflake;
namespace json = boost::json;

api_error invalid_recipients() { return api_error(400, static_cast<json_code>(50033), "Invalid Recipient(s)"); }
api_error unknown_user() { return api_error::not_found(json_code::unknown_user, "User"); }
api_error max_recipients() {
  return api_error(400, static_cast<json_code>(30004), "Maximum number of recipients reached (10)");
}
api_error dm_channel_action() {
  return api_error(403, static_cast<json_code>(50003), "Cannot execute action on a DM channel");
}
api_error invalid_access_token() {
  return api_error(400, static_cast<json_code>(50025), "Invalid OAuth2 access token");
}

bool participates(const store::private_channel_record& r, snowflake user_id) {
  const auto& ids = r.channel.recipients;
  return std::find(ids.begin(), ids.end(), user_id) != ids.end();
}

const model::user* user_in(const store::private_channel_record& r, snowflake id) {
  for (const auto& u : r.users)
    if (u.id == id) return &u;
  return nullptr;
}

// One dispatch per participant: each sees the channel without themselves in `recipients`.
void publish_channel_each(context& ctx, std::string_view name, const store::private_channel_record& r,
                          const std::vector<snowflake>& to, bool people_only) {
  for (const snowflake id : to) {
    const model::user* u = user_in(r, id);
    if (people_only && u && u->bot) continue;
    publish_to_user(ctx, name, private_channel_json(r, id), id);
  }
}

// CHANNEL_RECIPIENT_ADD / _REMOVE {channel_id, user} to the participants listed in `to`.
void publish_recipient_event(context& ctx, std::string_view name, snowflake channel_id, const model::user& who,
                             std::vector<snowflake> to) {
  if (to.empty()) return;
  model::channel audience;
  audience.id = channel_id;
  audience.type = model::channel_type::group_dm;
  audience.recipients = std::move(to);
  publish_to_channel(ctx, name,
                     json::object{{"channel_id", model::to_string(channel_id)}, {"user", model::to_public_json(who)}},
                     audience);
}

// Snowflakes of a JSON array field ("recipients"): each a string or an integer.
std::optional<std::vector<snowflake>> snowflake_list(form& f, const json::value& v, std::string_view key) {
  if (!v.is_array()) {
    f.add(key, "BASE_TYPE_LIST", "Must be a list.");
    return std::nullopt;
  }
  std::vector<snowflake> out;
  const auto& a = v.get_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto id = model::snowflake_from_json(a[i]);
    if (!id) {
      f.add(std::string(key) + "." + std::to_string(i), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      continue;
    }
    out.push_back(*id);
  }
  if (!f.ok()) return std::nullopt;
  return out;
}

} // namespace

json::object private_channel_json(const store::private_channel_record& r, snowflake viewer) {
  return model::to_json(r.channel, [&r](snowflake id) { return user_in(r, id); }, viewer);
}

model::api_result<std::optional<store::private_channel_record>> private_channels::find(const model::user& caller,
                                                                                       snowflake channel_id) {
  auto r = ctx_.store.private_channel(channel_id);
  if (!r) return internal_error(r.error(), "private_channel");
  if (*r && !participates(**r, caller.id)) return unknown_channel();
  return std::move(*r);
}

json::object private_channels::render(const model::channel& c, snowflake viewer) {
  auto fresh = ctx_.store.private_channel(c.id);
  store::private_channel_record r;
  if (fresh && *fresh) r = std::move(**fresh);
  r.channel = c;
  return private_channel_json(r, viewer);
}

model::api_result<store::private_channel_record> private_channels::get(const model::user& caller, snowflake channel_id) {
  auto r = find(caller, channel_id);
  if (!r) return r.error();
  if (!*r) return unknown_channel();
  return std::move(**r);
}

model::api_result<std::vector<store::private_channel_record>> private_channels::list(const model::user& caller) {
  auto r = ctx_.store.private_channels_of(caller.id);
  if (!r) return internal_error(r.error(), "private_channels_of");
  return std::move(*r);
}

model::api_result<store::private_channel_record> private_channels::open(const model::user& caller,
                                                                        const json::object& body) {
  form f(body);
  if (body.contains("recipient_id")) {
    const auto other = f.optional_snowflake("recipient_id");
    if (!f.ok()) return f.error();
    if (!other) {
      f.add("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
      return f.error();
    }
    return open_dm(caller, *other);
  }
  if (const auto* recipients = body.if_contains("recipients")) {
    auto ids = snowflake_list(f, *recipients, "recipients");
    if (!ids) return f.error();
    // Discord's client opens DMs through this form too: one recipient is the pair's DM.
    if (ids->size() == 1) return open_dm(caller, ids->front());
    return create_group(caller, std::move(*ids));
  }
  if (const auto* tokens = body.if_contains("access_tokens")) {
    if (const auto* nicks = body.if_contains("nicks"); nicks && !nicks->is_null() && !nicks->is_object())
      f.add("nicks", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    if (!tokens->is_array()) f.add("access_tokens", "BASE_TYPE_LIST", "Must be a list.");
    if (!f.ok()) return f.error();
    std::vector<snowflake> ids;
    const auto& a = tokens->get_array();
    if (a.size() >= max_group_dm_participants) return max_recipients();
    const accounts users(ctx_);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) {
        f.add("access_tokens." + std::to_string(i), "BASE_TYPE_STRING", "Must be a string.");
        continue;
      }
      auto u = users.authenticate(std::string_view(a[i].get_string()));
      if (!u) {
        if (u.error().status() == 401) return invalid_access_token();
        return u.error();
      }
      ids.push_back(u->id);
    }
    if (!f.ok()) return f.error();
    return create_group(caller, std::move(ids));
  }
  f.add("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
  return f.error();
}

model::api_result<store::private_channel_record> private_channels::open_dm(const model::user& caller, snowflake other) {
  if (other == caller.id) return invalid_recipients();
  model::channel c;
  c.id = ctx_.ids.next(static_cast<std::uint64_t>(ctx_.time.now_ms()));
  c.type = model::channel_type::dm;
  auto r = ctx_.store.open_dm(c, caller.id, other);
  if (!r) {
    if (r.error() == store::store_errc::not_found) return unknown_user();
    return internal_error(r.error(), "open_dm");
  }
  if (r->created) publish_channel_each(ctx_, "CHANNEL_CREATE", r->channel, r->channel.channel.recipients, true);
  return std::move(r->channel);
}

model::api_result<store::private_channel_record> private_channels::create_group(const model::user& caller,
                                                                                std::vector<snowflake> others) {
  model::channel c;
  c.recipients.push_back(caller.id);
  for (const snowflake id : others) {
    if (std::find(c.recipients.begin(), c.recipients.end(), id) != c.recipients.end()) continue;
    c.recipients.push_back(id);
    if (c.recipients.size() > max_group_dm_participants) return max_recipients();  // stops long lists early
  }
  c.id = ctx_.ids.next(static_cast<std::uint64_t>(ctx_.time.now_ms()));
  c.type = model::channel_type::group_dm;
  c.owner_id = caller.id;
  auto r = ctx_.store.create_group_dm(c);
  if (!r) {
    if (r.error() == store::store_errc::not_found) return unknown_user();
    return internal_error(r.error(), "create_group_dm");
  }
  publish_channel_each(ctx_, "CHANNEL_CREATE", *r, r->channel.recipients, true);
  return std::move(*r);
}

model::api_result<store::private_channel_record> private_channels::modify(const model::user& caller,
                                                                          snowflake channel_id,
                                                                          const json::object& body) {
  auto rec = get(caller, channel_id);
  if (!rec) return rec.error();
  if (rec->channel.type != model::channel_type::group_dm) return dm_channel_action();
  form f(body);
  model::channel next = rec->channel;
  if (auto name = f.nullable_string("name", 0, 100); name.present) {
    if (name.value && !name.value->empty()) next.name = std::string(*name.value);
    else next.name.reset();
  }
  if (const auto* icon = body.if_contains("icon")) {
    if (icon->is_null()) next.icon.reset();
    else f.add("icon", "IMAGE_UNSUPPORTED", "Icons are not supported yet; send null to clear.");
  }
  if (!f.ok()) return f.error();
  if (next.name == rec->channel.name && next.icon == rec->channel.icon) return std::move(*rec);
  if (auto r = ctx_.store.update_private_channel(next); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_channel();
    return internal_error(r.error(), "update_private_channel");
  }
  rec->channel.name = std::move(next.name);
  rec->channel.icon = std::move(next.icon);
  publish_channel_each(ctx_, "CHANNEL_UPDATE", *rec, rec->channel.recipients, false);
  return std::move(*rec);
}

model::api_result<store::private_channel_record> private_channels::close(const model::user& caller,
                                                                         snowflake channel_id) {
  auto rec = get(caller, channel_id);
  if (!rec) return rec.error();
  if (rec->channel.type == model::channel_type::dm) {
    // Closing only hides the DM in the caller's client; it comes back with the next message.
    publish_to_user(ctx_, "CHANNEL_DELETE", private_channel_json(*rec, caller.id), caller.id);
    return std::move(*rec);
  }
  if (auto r = leave(*rec, caller.id); !r) return r.error();
  return std::move(*rec);
}

model::api_result<void> private_channels::add_recipient(const model::user& caller, snowflake channel_id,
                                                        snowflake user_id, const json::object& body) {
  auto rec = get(caller, channel_id);
  if (!rec) return rec.error();
  if (rec->channel.type != model::channel_type::group_dm) return dm_channel_action();
  form f(body);
  const auto token = f.optional_string("access_token", 1, 256);
  (void)f.nullable_string("nick", 0, 32);
  if (!f.ok()) return f.error();
  if (token) {
    auto owner = accounts(ctx_).authenticate(*token);
    if (!owner) {
      if (owner.error().status() == 401) return invalid_access_token();
      return owner.error();
    }
    if (owner->id != user_id) return invalid_access_token();
  }
  if (participates(*rec, user_id)) return {};
  if (rec->channel.recipients.size() >= max_group_dm_participants) return max_recipients();
  auto added_user = ctx_.store.user_by_id(user_id);
  if (!added_user) return internal_error(added_user.error(), "user_by_id");
  if (!*added_user) return unknown_user();

  auto added = ctx_.store.add_recipient(channel_id, user_id);
  if (!added) {
    if (added.error() == store::store_errc::not_found) return unknown_user();
    return internal_error(added.error(), "add_recipient");
  }
  if (!*added) return {};  // someone else added them meanwhile and told everyone
  const std::vector<snowflake> before = rec->channel.recipients;
  model::user public_user = std::move(**added_user);
  public_user.email.reset();
  public_user.password_hash.clear();
  rec->channel.recipients.push_back(user_id);
  rec->users.push_back(public_user);
  publish_recipient_event(ctx_, "CHANNEL_RECIPIENT_ADD", channel_id, public_user, before);
  publish_channel_each(ctx_, "CHANNEL_CREATE", *rec, {user_id}, true);
  return {};
}

model::api_result<void> private_channels::remove_recipient(const model::user& caller, snowflake channel_id,
                                                           snowflake user_id) {
  auto rec = get(caller, channel_id);
  if (!rec) return rec.error();
  if (rec->channel.type != model::channel_type::group_dm) return dm_channel_action();
  if (user_id != caller.id && rec->channel.owner_id != caller.id) return missing_permissions();
  if (!participates(*rec, user_id)) return {};
  return leave(*rec, user_id);
}

model::api_result<void> private_channels::leave(const store::private_channel_record& rec, snowflake user_id) {
  const snowflake channel_id = rec.channel.id;
  auto removed = ctx_.store.remove_recipient(channel_id, user_id);
  if (!removed) {
    if (removed.error() == store::store_errc::not_found) return unknown_channel();
    return internal_error(removed.error(), "remove_recipient");
  }
  if (!*removed) return {};  // already gone: its events went out with that removal
  // The leaver's view of the channel as it was; the others get the recipient event.
  publish_to_user(ctx_, "CHANNEL_DELETE", private_channel_json(rec, user_id), user_id);
  std::vector<snowflake> rest;
  for (const snowflake id : rec.channel.recipients)
    if (id != user_id) rest.push_back(id);
  if (const model::user* who = user_in(rec, user_id)) publish_recipient_event(ctx_, "CHANNEL_RECIPIENT_REMOVE", channel_id, *who, rest);
  if (rec.channel.owner_id == user_id && !rest.empty()) {
    // The store handed ownership over; tell the others who owns the group now.
    auto after = ctx_.store.private_channel(channel_id);
    if (after && *after) publish_channel_each(ctx_, "CHANNEL_UPDATE", **after, (*after)->channel.recipients, false);
  }
  return {};
}

} // namespace parley::service
