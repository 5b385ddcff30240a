#include "service/guilds.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "model/audit_log_action.hpp"
#include "model/channel_kind.hpp"
#include "model/guild_json.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;

json::value id_value(const std::optional<model::snowflake>& id) {
  return id ? json::value(model::to_string(*id)) : json::value(nullptr);
}
json::value str_value(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

// The integer settings shared by create and modify.
void read_settings(form& f, model::guild& g) {
  if (auto v = f.optional_integer("verification_level", 0, 4)) g.verification_level = static_cast<int>(*v);
  if (auto v = f.optional_integer("default_message_notifications", 0, 1))
    g.default_message_notifications = static_cast<int>(*v);
  if (auto v = f.optional_integer("explicit_content_filter", 0, 2)) g.explicit_content_filter = static_cast<int>(*v);
  if (auto v = f.optional_integer("system_channel_flags", 0, 63)) g.system_channel_flags = static_cast<int>(*v);
  if (auto v = f.optional_integer("afk_timeout", 60, 3600)) {
    if (*v == 60 || *v == 300 || *v == 900 || *v == 1800 || *v == 3600) g.afk_timeout = static_cast<int>(*v);
    else f.add("afk_timeout", "BASE_TYPE_CHOICES", "Value must be one of {60, 300, 900, 1800, 3600}.");
  }
}

void read_icon(form& f, const json::object& body, std::optional<std::string>& icon) {
  if (const auto* v = body.if_contains("icon")) {
    // Image upload lands with attachments; until then only clearing is supported.
    if (v->is_null()) icon.reset();
    else f.add("icon", "IMAGE_UNSUPPORTED", "Icons are not supported yet; send null to clear.");
  }
}

} // namespace

model::api_result<guild_view> guilds::create(const model::user& caller, const json::object& body) {
  form f(body);
  const auto name = f.required_string("name", 2, 100);
  model::guild g;
  read_settings(f, g);
  read_icon(f, body, g.icon);
  if (!f.ok()) return f.error();

  const auto now = ctx_.time.now_ms();
  const auto next_id = [&] { return ctx_.ids.next(static_cast<std::uint64_t>(now)); };
  g.id = next_id();
  g.name = std::string(*name);
  g.owner_id = caller.id;
  g.created_ms = now;

  model::role everyone;
  everyone.id = g.id;
  everyone.guild_id = g.id;
  everyone.name = "@everyone";
  everyone.perms = default_everyone_permissions();

  model::channel text;
  text.id = next_id();
  text.type = model::channel_type::guild_text;
  text.guild_id = g.id;
  text.name = "general";
  model::channel voice;
  voice.id = next_id();
  voice.type = model::channel_type::guild_voice;
  voice.guild_id = g.id;
  voice.name = "General";
  g.system_channel_id = text.id;

  model::member owner;
  owner.guild_id = g.id;
  owner.user_id = caller.id;
  owner.joined_ms = now;

  std::vector<model::role> roles{everyone};
  if (auto r = ctx_.store.create_guild(g, roles, {text, voice}, owner); !r) return internal_error(r.error(), "create_guild");
  publish_guild_create(ctx_, g.id, caller.id);
  return guild_view{std::move(g), std::move(roles), 1};
}

model::api_result<guild_view> guilds::get(const model::user& caller, model::snowflake guild_id) {
  auto a = load_guild_access(ctx_, guild_id, caller.id);
  if (!a) return a.error();
  return guild_view{std::move(a->guild), std::move(a->roles), a->member_count};
}

model::api_result<guild_view> guilds::modify(const actor& who, model::snowflake guild_id, const json::object& body) {
  auto a = load_guild_access(ctx_, guild_id, who.user.id);
  if (!a) return a.error();
  if (!a->has(model::permission::manage_guild)) return missing_permissions();
  const model::guild before = a->guild;
  model::guild g = a->guild;

  form f(body);
  if (auto name = f.optional_string("name", 2, 100)) g.name = std::string(*name);
  if (auto d = f.nullable_string("description", 0, 120); d.present)
    g.description = d.value ? std::optional<std::string>(std::string(*d.value)) : std::nullopt;
  if (auto l = f.optional_string("preferred_locale", 2, 10)) g.preferred_locale = std::string(*l);
  read_settings(f, g);
  read_icon(f, body, g.icon);

  // Channel references must name a channel of this guild of a fitting type.
  std::optional<std::vector<model::channel>> channels;
  const auto channel_field = [&](std::string_view key, std::optional<model::snowflake>& out, bool voice) {
    const auto* v = body.if_contains(key);
    if (!v) return;
    if (v->is_null()) {
      out.reset();
      return;
    }
    const auto id = f.optional_snowflake(key);
    if (!id) return;
    if (!channels) {
      auto all = ctx_.store.channels_of_guild(guild_id);
      channels = all ? std::move(*all) : std::vector<model::channel>{};
    }
    const auto it = std::find_if(channels->begin(), channels->end(), [&](const model::channel& c) {
      return c.id == *id && (voice ? model::is_voice_like(c.type) : model::is_text_like(c.type));
    });
    if (it == channels->end()) f.add(key, "CHANNEL_INVALID", voice ? "Must be a voice channel of this guild." : "Must be a text channel of this guild.");
    else out = *id;
  };
  channel_field("afk_channel_id", g.afk_channel_id, true);
  channel_field("system_channel_id", g.system_channel_id, false);
  channel_field("rules_channel_id", g.rules_channel_id, false);
  channel_field("public_updates_channel_id", g.public_updates_channel_id, false);

  std::optional<model::snowflake> new_owner;
  if (body.contains("owner_id")) {
    new_owner = f.optional_snowflake("owner_id");
    if (!new_owner && f.ok()) f.add("owner_id", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (!f.ok()) return f.error();
  if (new_owner && *new_owner == g.owner_id) new_owner.reset();
  if (new_owner) {
    if (!a->is_owner()) return missing_permissions();
    auto m = ctx_.store.member(guild_id, *new_owner);
    if (!m) return internal_error(m.error(), "member");
    if (!*m) return unknown_member();
  }

  audit_changes changes;
  changes.add("name", before.name, g.name);
  changes.add("description", str_value(before.description), str_value(g.description));
  changes.add("icon_hash", str_value(before.icon), str_value(g.icon));
  changes.add("preferred_locale", before.preferred_locale, g.preferred_locale);
  changes.add("verification_level", before.verification_level, g.verification_level);
  changes.add("default_message_notifications", before.default_message_notifications, g.default_message_notifications);
  changes.add("explicit_content_filter", before.explicit_content_filter, g.explicit_content_filter);
  changes.add("system_channel_flags", before.system_channel_flags, g.system_channel_flags);
  changes.add("afk_timeout", before.afk_timeout, g.afk_timeout);
  changes.add("afk_channel_id", id_value(before.afk_channel_id), id_value(g.afk_channel_id));
  changes.add("system_channel_id", id_value(before.system_channel_id), id_value(g.system_channel_id));
  changes.add("rules_channel_id", id_value(before.rules_channel_id), id_value(g.rules_channel_id));
  changes.add("public_updates_channel_id", id_value(before.public_updates_channel_id),
              id_value(g.public_updates_channel_id));

  if (!changes.empty()) {
    const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::guild_update, guild_id, &changes);
    if (auto r = ctx_.store.update_guild(g, &entry); !r) {
      if (r.error() == store::store_errc::not_found) return unknown_guild();
      return internal_error(r.error(), "update_guild");
    }
    publish_audit_entry(ctx_, entry);
  }
  if (new_owner) {
    audit_changes owner_change;
    owner_change.add("owner_id", model::to_string(g.owner_id), model::to_string(*new_owner));
    const auto entry =
        make_audit_entry(ctx_, guild_id, who, model::audit_log_action::guild_update, guild_id, &owner_change);
    if (auto r = ctx_.store.transfer_guild_ownership(guild_id, *new_owner, &entry); !r) {
      if (r.error() == store::store_errc::not_found) return unknown_member();
      return internal_error(r.error(), "transfer_guild_ownership");
    }
    publish_audit_entry(ctx_, entry);
    g.owner_id = *new_owner;
  }
  if (!changes.empty() || new_owner)
    publish_to_guild(ctx_, "GUILD_UPDATE", model::to_json(g, a->roles), guild_id);
  return guild_view{std::move(g), std::move(a->roles), a->member_count};
}

model::api_result<void> guilds::remove(const model::user& caller, model::snowflake guild_id) {
  auto a = load_guild_access(ctx_, guild_id, caller.id);
  if (!a) return a.error();
  if (!a->is_owner()) return missing_permissions();
  // Attachment files are kept by channel, and the channel rows cascade away with the guild: list
  // them while they exist, remove their files once the rows are gone (store/file_store.hpp).
  std::vector<model::channel> channels;
  if (ctx_.files) {
    auto listed = ctx_.store.channels_of_guild(guild_id);
    if (!listed) return internal_error(listed.error(), "channels_of_guild");
    channels = std::move(*listed);
  }
  if (auto r = ctx_.store.delete_guild(guild_id); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_guild();
    return internal_error(r.error(), "delete_guild");
  }
  for (const auto& c : channels)
    if (auto r = ctx_.files->remove_channel(c.id); !r)
      spdlog::warn("removing attachments of channel {}: {}", c.id, r.error().message());
  publish_to_guild(ctx_, "GUILD_DELETE", json::object{{"id", model::to_string(guild_id)}}, guild_id);
  return {};
}

model::api_result<std::vector<partial_guild_view>> guilds::list_mine(const model::user& caller,
                                                                     const store::id_page& page) {
  auto list = ctx_.store.guilds_of_user(caller.id, page);
  if (!list) return internal_error(list.error(), "guilds_of_user");
  std::vector<partial_guild_view> out;
  out.reserve(list->size());
  for (auto& ug : *list) {
    const auto perms = model::base_permissions(ug.guild, ug.roles, ug.self);
    const bool owner = ug.guild.owner_id == caller.id;
    out.push_back({std::move(ug.guild), owner, perms, ug.member_count});
  }
  return out;
}

model::api_result<void> guilds::leave(const model::user& caller, model::snowflake guild_id) {
  auto a = load_guild_access(ctx_, guild_id, caller.id);
  if (!a) return a.error();
  if (a->is_owner())
    return api_error(400, json_code::general, "The owner cannot leave the guild; transfer ownership or delete it.");
  if (auto r = ctx_.store.remove_member(guild_id, caller.id, nullptr); !r) {
    if (r.error() == store::store_errc::not_found) return unknown_guild();
    return internal_error(r.error(), "remove_member");
  }
  publish_member_remove(ctx_, guild_id, caller);
  publish_guild_delete_to_user(ctx_, guild_id, caller.id);
  return {};
}

} // namespace parley::service
