#include "service/roles.hpp"

#include <algorithm>

#include "model/audit_log_action.hpp"
#include "model/guild_json.hpp"
#include "model/guild_request.hpp"
#include "model/permissions.hpp"
#include "service/audit_log.hpp"
#include "service/errors.hpp"
#include "service/field_errors.hpp"
#include "service/form.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

api_error invalid_role() { return api_error(400, static_cast<json_code>(50028), "Invalid Role"); }

// name, permissions, color / colors.primary_color, hoist, mentionable. icon and unicode_emoji
// accept null only (role icons need image uploads).
void read_role_fields(form& f, const json::object& body, model::role& r) {
  if (auto name = f.optional_string("name", 1, 100)) r.name = std::string(*name);
  if (const auto* p = body.if_contains("permissions"); p && !p->is_null()) {
    auto errors = api_error::invalid_form_body();
    if (auto bits = model::parse_permissions(*p, "permissions", errors)) r.perms = *bits;
    merge_field_errors(f, errors);
  }
  if (auto color = f.optional_integer("color", 0, 0xFFFFFF)) r.color = static_cast<std::uint32_t>(*color);
  if (const auto* colors = body.if_contains("colors"); colors && colors->is_object()) {
    form cf(colors->get_object());
    if (auto primary = cf.optional_integer("primary_color", 0, 0xFFFFFF)) r.color = static_cast<std::uint32_t>(*primary);
    merge_field_errors(f, cf.error(), "colors");
  }
  if (auto hoist = f.optional_bool("hoist")) r.hoist = *hoist;
  if (auto mentionable = f.optional_bool("mentionable")) r.mentionable = *mentionable;
  for (std::string_view key : {"icon", "unicode_emoji"})
    if (const auto* v = body.if_contains(key); v && !v->is_null())
      f.add(key, "IMAGE_UNSUPPORTED", "Role icons are not supported yet; send null.");
}

void add_role_changes(audit_changes& c, const model::role& before, const model::role& after) {
  c.add("name", before.name, after.name);
  c.add("permissions", model::to_string(before.perms), model::to_string(after.perms));
  c.add("color", before.color, after.color);
  c.add("hoist", before.hoist, after.hoist);
  c.add("mentionable", before.mentionable, after.mentionable);
}

} // namespace

model::api_result<std::vector<model::role>> roles::list(const model::user& caller, model::snowflake guild_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  return std::move(g->roles);
}

model::api_result<model::role> roles::get(const model::user& caller, model::snowflake guild_id, model::snowflake role_id) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  const auto* r = g->role(role_id);
  if (!r) return unknown_role();
  return *r;
}

model::api_result<model::role> roles::create(const actor& who, model::snowflake guild_id, const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::manage_roles)) return missing_permissions();
  model::role r;
  r.guild_id = guild_id;
  r.name = "new role";
  r.position = 1;
  if (const auto* everyone = g->role(guild_id)) r.perms = everyone->perms;
  form f(body);
  read_role_fields(f, body, r);
  if (!f.ok()) return f.error();
  if (!model::can_grant(g->perms, r.perms)) return missing_permissions();
  if (g->roles.size() >= max_roles_per_guild)
    return api_error(400, static_cast<json_code>(30005), "Maximum number of guild roles reached (250)");
  r.id = ctx_.ids.next(static_cast<std::uint64_t>(ctx_.time.now_ms()));
  audit_changes changes;
  add_role_changes(changes, model::role{}, r);
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::role_create, r.id, &changes);
  if (auto res = ctx_.store.create_role(r, &entry); !res) {
    if (res.error() == store::store_errc::not_found) return unknown_guild();
    return internal_error(res.error(), "create_role");
  }
  publish_audit_entry(ctx_, entry);
  publish_role(ctx_, "GUILD_ROLE_CREATE", r);
  return r;
}

model::api_result<model::role> roles::modify(const actor& who, model::snowflake guild_id, model::snowflake role_id,
                                             const json::object& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  const auto* existing = g->role(role_id);
  if (!existing) return unknown_role();
  if (!g->has(perm::manage_roles)) return missing_permissions();
  if (!model::can_manage_role(g->guild, g->roles, g->self, *existing)) return missing_permissions();
  model::role r = *existing;
  form f(body);
  read_role_fields(f, body, r);
  if (r.id == guild_id && body.contains("name") && r.name != existing->name)
    f.add("name", "ROLE_NAME_IMMUTABLE", "The @everyone role cannot be renamed.");
  if (!f.ok()) return f.error();
  // Bits the role already had stay; only newly granted ones must be the caller's.
  if (!model::can_grant(g->perms, r.perms & ~existing->perms)) return missing_permissions();
  audit_changes changes;
  add_role_changes(changes, *existing, r);
  if (changes.empty()) return r;
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::role_update, r.id, &changes);
  if (auto res = ctx_.store.update_role(r, &entry); !res) {
    if (res.error() == store::store_errc::not_found) return unknown_role();
    return internal_error(res.error(), "update_role");
  }
  publish_audit_entry(ctx_, entry);
  publish_role(ctx_, "GUILD_ROLE_UPDATE", r);
  return r;
}

model::api_result<std::vector<model::role>> roles::reorder(const actor& who, model::snowflake guild_id,
                                                           const json::value& body) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  if (!g->has(perm::manage_roles)) return missing_permissions();
  static const json::object empty;
  form f(empty);
  if (!body.is_array()) {
    f.add("", "BASE_TYPE_LIST", "Must be a list.");
    return f.error();
  }
  const bool owner = g->is_owner();
  const int ceiling = model::highest_role_position(g->guild, g->roles, g->self);
  std::vector<std::pair<model::snowflake, int>> positions;
  for (std::size_t i = 0; i < body.get_array().size(); ++i) {
    const auto& item = body.get_array()[i];
    const std::string path = std::to_string(i);
    if (!item.is_object()) {
      f.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    form item_form(item.get_object());
    const auto id = item_form.optional_snowflake("id");
    if (!id && item_form.ok()) item_form.add("id", "BASE_TYPE_REQUIRED", "This field is required");
    const auto position = item_form.optional_integer("position", 1, 10000);
    if (!item_form.ok()) {
      merge_field_errors(f, item_form.error(), path);
      continue;
    }
    const auto* r = g->role(*id);
    if (!r) return unknown_role();
    if (r->id == guild_id) {
      f.add(path + ".id", "ROLE_INVALID", "The @everyone role cannot be moved.");
      continue;
    }
    if (!position) continue;
    if (!model::can_manage_role(g->guild, g->roles, g->self, *r)) return missing_permissions();
    if (!owner && *position >= ceiling) return missing_permissions();
    positions.emplace_back(*id, static_cast<int>(*position));
  }
  if (!f.ok()) return f.error();
  if (!positions.empty()) {
    if (auto res = ctx_.store.update_role_positions(guild_id, positions, nullptr); !res) {
      if (res.error() == store::store_errc::not_found) return unknown_role();
      return internal_error(res.error(), "update_role_positions");
    }
  }
  auto after = ctx_.store.roles_of_guild(guild_id);
  if (!after) return internal_error(after.error(), "roles_of_guild");
  for (const auto& r : *after) {
    const auto* old = g->role(r.id);
    if (old && old->position != r.position) publish_role(ctx_, "GUILD_ROLE_UPDATE", r);
  }
  return std::move(*after);
}

model::api_result<void> roles::remove(const actor& who, model::snowflake guild_id, model::snowflake role_id) {
  auto g = load_guild_access(ctx_, guild_id, who.user.id);
  if (!g) return g.error();
  const auto* r = g->role(role_id);
  if (!r) return unknown_role();
  if (!g->has(perm::manage_roles)) return missing_permissions();
  if (r->id == guild_id || r->managed) return invalid_role();
  if (!model::can_manage_role(g->guild, g->roles, g->self, *r)) return missing_permissions();
  audit_changes changes;  // a deletion lists the old values only
  changes.add("name", json::string(r->name), nullptr);
  changes.add("permissions", json::string(model::to_string(r->perms)), nullptr);
  changes.add("color", r->color, nullptr);
  changes.add("hoist", r->hoist, nullptr);
  changes.add("mentionable", r->mentionable, nullptr);
  const auto entry = make_audit_entry(ctx_, guild_id, who, model::audit_log_action::role_delete, role_id, &changes);
  if (auto res = ctx_.store.delete_role(guild_id, role_id, &entry); !res) {
    if (res.error() == store::store_errc::not_found) return unknown_role();
    return internal_error(res.error(), "delete_role");
  }
  publish_audit_entry(ctx_, entry);
  publish_to_guild(ctx_, "GUILD_ROLE_DELETE",
                   json::object{{"guild_id", model::to_string(guild_id)}, {"role_id", model::to_string(role_id)}},
                   guild_id);
  return {};
}

} // namespace parley::service
