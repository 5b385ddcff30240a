#include "service/channels.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "model/audit_log_action.hpp"
#include "model/channel_kind.hpp"
#include "model/guild_json.hpp"
#include "model/guild_request.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/errors.hpp"
#include "service/field_errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"
#include "service/private_channels.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::channel_type;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

// Discord writes text channel names in lowercase with dashes for spaces.
std::string text_channel_name(std::string_view name, channel_type t) {
  std::string out(name);
  if (!model::is_text_like(t)) return out;
  for (auto& ch : out) {
    if (ch == ' ') ch = '-';
    else ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

json::value overwrites_value(const std::vector<model::permission_overwrite>& ows) {
  json::array a;
  for (const auto& ow : ows) a.push_back(model::to_json(ow));
  return a;
}

json::value opt_str(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value opt_id(const std::optional<model::snowflake>& id) {
  return id ? json::value(model::to_string(*id)) : json::value(nullptr);
}

// The fields create and modify share. `c.type` must already be final. Overwrites are parsed into
// `overwrites` (checked by the caller, who knows what the actor may grant).
void read_fields(form& f, const json::object& body, model::channel& c, const std::vector<model::channel>& guild_channels,
                 std::optional<std::vector<model::permission_overwrite>>& overwrites, bool& parent_given) {
  if (auto name = f.optional_string("name", 1, 100)) c.name = text_channel_name(*name, c.type);
  const bool text = model::is_text_like(c.type);
  const bool voice = model::is_voice_like(c.type);
  if (auto topic = f.nullable_string("topic", 0, c.type == channel_type::guild_forum || c.type == channel_type::guild_media ? 4096 : 1024);
      topic.present && text)
    c.topic = topic.value ? std::optional<std::string>(std::string(*topic.value)) : std::nullopt;
  if (auto nsfw = f.optional_bool("nsfw")) c.nsfw = *nsfw;
  if (auto pos = f.optional_integer("position", 0, INT32_MAX)) c.position = static_cast<int>(*pos);
  if (auto rl = f.optional_integer("rate_limit_per_user", 0, 21600); rl && (text || voice))
    c.rate_limit_per_user = static_cast<int>(*rl);
  if (auto b = f.optional_integer("bitrate", 8000, 384000); b && voice) c.bitrate = static_cast<int>(*b);
  if (auto u = f.optional_integer("user_limit", 0, c.type == channel_type::guild_stage_voice ? 10000 : 99); u && voice)
    c.user_limit = static_cast<int>(*u);
  if (auto region = f.nullable_string("rtc_region", 1, 32); region.present && voice)
    c.rtc_region = region.value ? std::optional<std::string>(std::string(*region.value)) : std::nullopt;
  if (auto vq = f.optional_integer("video_quality_mode", 1, 2); vq && voice) c.video_quality_mode = static_cast<int>(*vq);
  if (const auto* parent = body.if_contains("parent_id")) {
    parent_given = true;
    if (parent->is_null()) {
      c.parent_id.reset();
    } else if (auto id = f.optional_snowflake("parent_id")) {
      const auto it = std::find_if(guild_channels.begin(), guild_channels.end(), [&](const model::channel& x) {
        return x.id == *id && x.type == channel_type::guild_category;
      });
      if (c.type == channel_type::guild_category) f.add("parent_id", "CHANNEL_PARENT_INVALID", "Categories cannot have a parent.");
      else if (it == guild_channels.end()) f.add("parent_id", "CHANNEL_PARENT_INVALID", "Must be a category of this guild.");
      else c.parent_id = *id;
    }
  }
  if (const auto* ows = body.if_contains("permission_overwrites"); ows && !ows->is_null()) {
    auto errors = api_error::invalid_form_body();
    overwrites = model::parse_overwrites(*ows, "permission_overwrites", errors);
    merge_field_errors(f, errors);
  }
}

// Every overwrite target must exist: a role of the guild or a member.
model::api_result<void> check_overwrite_targets(context& ctx, const guild_access& g,
                                                const std::vector<model::permission_overwrite>& ows) {
  for (const auto& ow : ows) {
    if (ow.type == model::permission_overwrite::kind::role) {
      if (!g.role(ow.id)) return unknown_role();
    } else {
      auto m = ctx.store.member(g.guild.id, ow.id);
      if (!m) return internal_error(m.error(), "member");
      if (!*m) return unknown_member();
    }
  }
  return {};
}

// The overwrites the actor may write: only changed or new entries are checked, so an actor can
// edit a channel holding overwrites it could not have written itself without touching them.
// Removing an overwrite needs no bit check beyond MANAGE_ROLES (Discord's rule covers writes).
bool may_write_overwrites(const channel_access* existing, const guild_access& g,
                          const std::vector<model::permission_overwrite>& next) {
  const bool via_overwrite = existing && model::has_manage_roles_overwrite(existing->channel, g.guild.id, g.self);
  for (const auto& ow : next) {
    if (existing) {
      const auto& old = existing->channel.overwrites;
      if (std::find(old.begin(), old.end(), ow) != old.end()) continue;
    }
    if (!model::can_set_overwrite(g.perms, via_overwrite, ow)) return false;
  }
  return true;
}

void add_channel_changes(audit_changes& changes, const model::channel& before, const model::channel& after) {
  changes.add("name", opt_str(before.name), opt_str(after.name));
  changes.add("type", static_cast<int>(before.type), static_cast<int>(after.type));
  changes.add("topic", opt_str(before.topic), opt_str(after.topic));
  changes.add("position", before.position, after.position);
  changes.add("nsfw", before.nsfw, after.nsfw);
  changes.add("rate_limit_per_user", before.rate_limit_per_user, after.rate_limit_per_user);
  changes.add("bitrate", before.bitrate, after.bitrate);
  changes.add("user_limit", before.user_limit, after.user_limit);
  changes.add("parent_id", opt_id(before.parent_id), opt_id(after.parent_id));
  changes.add("rtc_region", opt_str(before.rtc_region), opt_str(after.rtc_region));
  changes.add("video_quality_mode", before.video_quality_mode, after.video_quality_mode);
  if (before.overwrites != after.overwrites)
    changes.add("permission_overwrites", overwrites_value(before.overwrites), overwrites_value(after.overwrites));
}

// A private channel's use case answered by service::private_channels (delegation, see channels.hpp).
model::api_result<model::channel> private_channel_of(model::api_result<store::private_channel_record> r) {
  if (!r) return r.error();
  return std::move(r->channel);
}

api_error not_found_as(const error_code& ec, api_error unknown, const char* where) {
  if (ec == store::store_errc::not_found) return unknown;
  return internal_error(ec, where);
}

} // namespace

model::api_result<model::channel> channels::create(const actor& who, model::snowflake guild_id, const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::manage_channels)) return missing_permissions();
  auto existing = ctx_.store.channels_of_guild(guild_id);
  if (!existing) return internal_error(existing.error(), "channels_of_guild");

  form f(body);
  model::channel c;
  c.guild_id = guild_id;
  if (const auto* t = body.if_contains("type"); t && !t->is_null()) {
    auto errors = api_error::invalid_form_body();
    if (auto type = model::parse_channel_type(*t, "type", model::creatable_guild_channel_types(), errors)) c.type = *type;
    merge_field_errors(f, errors);
  }
  if (const auto* name = body.if_contains("name"); !name || name->is_null())
    f.add("name", "BASE_TYPE_REQUIRED", "This field is required");  // its other checks are read_fields'
  int max_position = -1;
  for (const auto& x : *existing) max_position = std::max(max_position, x.position);
  c.position = max_position + 1;
  std::optional<std::vector<model::permission_overwrite>> overwrites;
  bool parent_given = false;
  read_fields(f, body, c, *existing, overwrites, parent_given);
  if (!f.ok()) return f.error();
  if (existing->size() >= max_channels_per_guild)
    return api_error(400, json_code::general, "Maximum number of guild channels reached (500)");

  if (overwrites) {
    if (auto r = check_overwrite_targets(ctx_, *g, *overwrites); !r) return r.error();
    if (!may_write_overwrites(nullptr, *g, *overwrites)) return missing_permissions();
    c.overwrites = std::move(*overwrites);
  } else if (c.parent_id) {
    for (const auto& x : *existing)
      if (x.id == *c.parent_id) c.overwrites = x.overwrites;  // starts synced (rest.md §8.6)
  }
  c.id = ctx_.ids.next(static_cast<std::uint64_t>(ctx_.time.now_ms()));

  audit_changes changes;
  model::channel blank;  // a creation lists every field that differs from the defaults
  blank.type = c.type;
  add_channel_changes(changes, blank, c);
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::channel_create, c.id, &changes);
  if (auto r = ctx_.store.create_channel(c, &entry); !r) return not_found_as(r.error(), unknown_guild(), "create_channel");
  publish_audit_entry(ctx_, entry);
  publish_to_channel(ctx_, "CHANNEL_CREATE", model::to_json(c), c);
  return c;
}

model::api_result<std::vector<model::channel>> channels::list(const model::user& caller, model::snowflake guild_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  auto all = ctx_.store.channels_of_guild(guild_id);
  if (!all) return internal_error(all.error(), "channels_of_guild");
  const auto now = ctx_.time.now_ms();
  std::vector<model::channel> out;
  out.reserve(all->size());
  for (auto& c : *all) {
    if (model::is_thread(c.type)) continue;
    if (model::channel_permissions(g->guild, g->roles, g->self, c, now) & perm::view_channel) out.push_back(std::move(c));
  }
  return out;
}

model::api_result<model::channel> channels::get(const model::user& caller, model::snowflake channel_id) {
  auto a = load_channel_access(ctx_, channel_id, caller.id);
  if (!a && privates_ && a.error().status() == 404) return private_channel_of(privates_->get(caller, channel_id));
  if (!a) return a.error();
  return std::move(a->channel);
}

model::api_result<model::channel> channels::modify(const actor& who, model::snowflake channel_id, const json::object& body) {
  auto a = load_channel_access(ctx_, channel_id, who.user.id);
  if (!a && privates_ && a.error().status() == 404) return private_channel_of(privates_->modify(who.user, channel_id, body));
  if (!a) return a.error();
  if (model::is_thread(a->channel.type))
    return api_error(400, static_cast<json_code>(50024), "Cannot execute action on this channel type");
  if (!(a->perms & perm::manage_channels)) return missing_permissions();
  auto existing = ctx_.store.channels_of_guild(a->guild.guild.id);
  if (!existing) return internal_error(existing.error(), "channels_of_guild");

  form f(body);
  model::channel c = a->channel;
  if (const auto* t = body.if_contains("type"); t && !t->is_null()) {
    // Only text <-> announcement conversions exist on Discord.
    static constexpr std::array convertible{channel_type::guild_text, channel_type::guild_announcement};
    auto errors = api_error::invalid_form_body();
    if (auto type = model::parse_channel_type(*t, "type", convertible, errors)) {
      if (c.type == channel_type::guild_text || c.type == channel_type::guild_announcement) c.type = *type;
      else if (*type != c.type) errors.field("type", "CHANNEL_TYPE_INVALID", "This channel's type cannot be changed.");
    }
    merge_field_errors(f, errors);
  }
  std::optional<std::vector<model::permission_overwrite>> overwrites;
  bool parent_given = false;
  read_fields(f, body, c, *existing, overwrites, parent_given);
  if (!f.ok()) return f.error();
  if (overwrites) {
    if (*overwrites != c.overwrites) {
      if (!(a->perms & perm::manage_roles)) return missing_permissions();
      if (auto r = check_overwrite_targets(ctx_, a->guild, *overwrites); !r) return r.error();
      if (!may_write_overwrites(&*a, a->guild, *overwrites)) return missing_permissions();
    }
    c.overwrites = std::move(*overwrites);
  }

  audit_changes changes;
  add_channel_changes(changes, a->channel, c);
  if (changes.empty()) return c;
  const auto entry =
      make_audit_entry(ctx_, a->guild.guild.id, who, model::audit_log_action::channel_update, c.id, &changes);
  if (auto r = ctx_.store.update_channel(c, &entry); !r) return not_found_as(r.error(), unknown_channel(), "update_channel");
  publish_audit_entry(ctx_, entry);
  publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(c), c);
  if (c.type == channel_type::guild_category && c.overwrites != a->channel.overwrites)
    sync_children(c, a->channel.overwrites);
  return c;
}

void channels::sync_children(const model::channel& category, const std::vector<model::permission_overwrite>& old_overwrites) {
  auto all = ctx_.store.channels_of_guild(*category.guild_id);
  if (!all) return;
  model::channel old_category = category;
  old_category.overwrites = old_overwrites;
  for (auto& child : *all) {
    if (child.parent_id != category.id || !model::overwrites_synced(child, old_category)) continue;
    child.overwrites = category.overwrites;
    if (ctx_.store.update_channel(child, nullptr)) publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(child), child);
  }
}

model::api_result<model::channel> channels::remove(const actor& who, model::snowflake channel_id) {
  auto a = load_channel_access(ctx_, channel_id, who.user.id);
  if (!a && privates_ && a.error().status() == 404) return private_channel_of(privates_->close(who.user, channel_id));
  if (!a) return a.error();
  if (!(a->perms & perm::manage_channels)) return missing_permissions();
  const auto guild_id = a->guild.guild.id;
  std::vector<model::channel> children;
  if (a->channel.type == channel_type::guild_category) {
    auto all = ctx_.store.channels_of_guild(guild_id);
    if (!all) return internal_error(all.error(), "channels_of_guild");
    for (auto& x : *all)
      if (x.parent_id == a->channel.id) children.push_back(std::move(x));
  }
  audit_changes changes;
  changes.add("name", nullptr, opt_str(a->channel.name));
  changes.add("type", nullptr, static_cast<int>(a->channel.type));
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::channel_delete, channel_id, &changes);
  if (auto r = ctx_.store.delete_channel(channel_id, &entry); !r)
    return not_found_as(r.error(), unknown_channel(), "delete_channel");
  // The message rows cascaded away without naming their attachments; the files go by channel,
  // after the rows (store/file_store.hpp). A failure only leaves orphans: the channel is gone.
  if (ctx_.files)
    if (auto r = ctx_.files->remove_channel(channel_id); !r)
      spdlog::warn("removing attachments of channel {}: {}", channel_id, r.error().message());
  publish_audit_entry(ctx_, entry);
  publish_to_channel(ctx_, "CHANNEL_DELETE", model::to_json(a->channel), a->channel);
  for (auto& child : children) {
    child.parent_id.reset();
    publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(child), child);
  }
  return std::move(a->channel);
}

model::api_result<void> channels::reorder(const actor& who, model::snowflake guild_id, const json::value& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::manage_channels)) return missing_permissions();
  auto before = ctx_.store.channels_of_guild(guild_id);
  if (!before) return internal_error(before.error(), "channels_of_guild");

  static const json::object empty;
  form f(empty);
  if (!body.is_array()) {
    f.add("", "BASE_TYPE_LIST", "Must be a list.");
    return f.error();
  }
  std::vector<store::channel_position> changes;
  int parent_changes = 0;
  for (std::size_t i = 0; i < body.get_array().size(); ++i) {
    const auto& item = body.get_array()[i];
    const std::string path = std::to_string(i);
    if (!item.is_object()) {
      f.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    const auto& o = item.get_object();
    form item_form(o);
    store::channel_position p;
    const auto id = item_form.optional_snowflake("id");
    if (!id && item_form.ok()) item_form.add("id", "BASE_TYPE_REQUIRED", "This field is required");
    if (auto pos = item_form.optional_integer("position", 0, INT32_MAX)) p.position = static_cast<int>(*pos);
    if (auto lock = item_form.optional_bool("lock_permissions")) p.lock_permissions = *lock;
    if (const auto* parent = o.if_contains("parent_id")) {
      p.change_parent = true;
      if (!parent->is_null()) p.parent_id = item_form.optional_snowflake("parent_id");
    }
    if (!item_form.ok()) {
      merge_field_errors(f, item_form.error(), path);
      continue;
    }
    const auto it = std::find_if(before->begin(), before->end(), [&](const model::channel& c) { return c.id == *id; });
    if (it == before->end() || model::is_thread(it->type)) return unknown_channel();
    if (p.change_parent) {
      if (p.parent_id) {
        const auto parent = std::find_if(before->begin(), before->end(), [&](const model::channel& c) {
          return c.id == *p.parent_id && c.type == channel_type::guild_category;
        });
        if (parent == before->end() || it->type == channel_type::guild_category) {
          f.add(path + ".parent_id", "CHANNEL_PARENT_INVALID", "Must be a category of this guild.");
          continue;
        }
      }
      if (p.parent_id != it->parent_id) ++parent_changes;
    }
    p.id = *id;
    changes.push_back(p);
  }
  if (!f.ok()) return f.error();
  if (parent_changes > 1)
    return api_error(400, static_cast<json_code>(40009), "Only one channel can have its parent_id modified at a time");
  if (changes.empty()) return {};
  if (auto r = ctx_.store.update_channel_positions(guild_id, changes, nullptr); !r)
    return not_found_as(r.error(), unknown_channel(), "update_channel_positions");

  auto after = ctx_.store.channels_of_guild(guild_id);
  if (!after) return {};  // committed; the events are lost but the change is not
  for (const auto& c : *after) {
    const auto old = std::find_if(before->begin(), before->end(), [&](const model::channel& x) { return x.id == c.id; });
    if (old != before->end() &&
        (old->position != c.position || old->parent_id != c.parent_id || old->overwrites != c.overwrites))
      publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(c), c);
  }
  return {};
}

model::api_result<void> channels::put_overwrite(const actor& who, model::snowflake channel_id,
                                                model::snowflake overwrite_id, const json::object& body) {
  auto a = load_channel_access(ctx_, channel_id, who.user.id);
  if (!a) return a.error();
  if (!(a->perms & perm::manage_roles)) return missing_permissions();
  json::object with_id = body;
  with_id["id"] = model::to_string(overwrite_id);
  auto errors = api_error::invalid_form_body();
  auto ow = model::parse_overwrite(with_id, "", errors);
  if (!ow) return errors;
  if (auto r = check_overwrite_targets(ctx_, a->guild, {*ow}); !r) return r.error();
  const bool via_overwrite = model::has_manage_roles_overwrite(a->channel, a->guild.guild.id, a->guild.self);
  if (!model::can_set_overwrite(a->guild.perms, via_overwrite, *ow)) return missing_permissions();

  auto& ows = a->channel.overwrites;
  const auto old = std::find_if(ows.begin(), ows.end(), [&](const auto& x) { return x.id == overwrite_id; });
  audit_changes changes;
  const bool created = old == ows.end();
  if (!created && *old == *ow) return {};
  changes.add("allow", created ? json::value(nullptr) : json::value(model::to_string(old->allow)), json::string(model::to_string(ow->allow)));
  changes.add("deny", created ? json::value(nullptr) : json::value(model::to_string(old->deny)), json::string(model::to_string(ow->deny)));
  json::object options{{"id", model::to_string(ow->id)}, {"type", std::to_string(static_cast<int>(ow->type))}};
  if (const auto* r = a->guild.role(ow->id)) options["role_name"] = r->name;
  const auto entry = make_audit_entry(ctx_, a->guild.guild.id, who,
                                      created ? model::audit_log_action::channel_overwrite_create
                                              : model::audit_log_action::channel_overwrite_update,
                                      channel_id, &changes, &options);
  if (auto r = ctx_.store.put_overwrite(channel_id, *ow, &entry); !r)
    return not_found_as(r.error(), unknown_channel(), "put_overwrite");
  publish_audit_entry(ctx_, entry);
  const auto old_overwrites = ows;
  if (created) ows.push_back(*ow);
  else *old = *ow;
  publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(a->channel), a->channel);
  if (a->channel.type == channel_type::guild_category) sync_children(a->channel, old_overwrites);
  return {};
}

model::api_result<void> channels::delete_overwrite(const actor& who, model::snowflake channel_id,
                                                   model::snowflake overwrite_id) {
  auto a = load_channel_access(ctx_, channel_id, who.user.id);
  if (!a) return a.error();
  if (!(a->perms & perm::manage_roles)) return missing_permissions();
  auto& ows = a->channel.overwrites;
  const auto old = std::find_if(ows.begin(), ows.end(), [&](const auto& x) { return x.id == overwrite_id; });
  if (old == ows.end()) return api_error::not_found(json_code::unknown_overwrite, "Overwrite");
  audit_changes changes;
  changes.add("allow", json::string(model::to_string(old->allow)), nullptr);
  changes.add("deny", json::string(model::to_string(old->deny)), nullptr);
  json::object options{{"id", model::to_string(old->id)}, {"type", std::to_string(static_cast<int>(old->type))}};
  if (const auto* r = a->guild.role(old->id)) options["role_name"] = r->name;
  const auto entry = make_audit_entry(ctx_, a->guild.guild.id, who, model::audit_log_action::channel_overwrite_delete,
                                      channel_id, &changes, &options);
  if (auto r = ctx_.store.delete_overwrite(channel_id, overwrite_id, &entry); !r)
    return not_found_as(r.error(), api_error::not_found(json_code::unknown_overwrite, "Overwrite"), "delete_overwrite");
  publish_audit_entry(ctx_, entry);
  const auto old_overwrites = ows;
  ows.erase(old);
  publish_to_channel(ctx_, "CHANNEL_UPDATE", model::to_json(a->channel), a->channel);
  if (a->channel.type == channel_type::guild_category) sync_children(a->channel, old_overwrites);
  return {};
}

} // namespace parley::service
