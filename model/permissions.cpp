#include "model/permissions.hpp"

#include <algorithm>

namespace parley::model {
namespace {

bool has_role(const member& m, snowflake role_id) {
  return std::find(m.roles.begin(), m.roles.end(), role_id) != m.roles.end();
}

bool is_owner(const guild& g, const member& m) { return m.user_id == g.owner_id; }

} // namespace

const role* find_role(std::span<const role> roles, snowflake id) {
  for (const role& r : roles)
    if (r.id == id) return &r;
  return nullptr;
}

permissions base_permissions(const guild& g, std::span<const role> roles, const member& m) {
  if (is_owner(g, m)) return permission::all;
  permissions p = 0;
  if (const role* everyone = find_role(roles, g.id)) p = everyone->perms;
  for (snowflake id : m.roles)
    if (const role* r = find_role(roles, id)) p |= r->perms;
  if (p & permission::administrator) return permission::all;
  return p;
}

bool is_timed_out(const member& m, std::int64_t now_ms) {
  return m.communication_disabled_until_ms && *m.communication_disabled_until_ms > now_ms;
}

permissions guild_permissions(const guild& g, std::span<const role> roles, const member& m, std::int64_t now_ms) {
  const permissions p = base_permissions(g, roles, m);
  if (p & permission::administrator) return p;  // owner and admins are exempt from timeouts
  return is_timed_out(m, now_ms) ? p & permission::timeout_kept : p;
}

permissions apply_overwrites(permissions p, std::span<const permission_overwrite> overwrites,
                             snowflake guild_id, const member& m) {
  // One pass collects the three layers; they must then be applied in Discord's order, whatever
  // order the overwrites are stored in.
  const permission_overwrite* everyone = nullptr;
  const permission_overwrite* own = nullptr;
  permissions role_allow = 0;
  permissions role_deny = 0;
  for (const permission_overwrite& ow : overwrites) {
    if (ow.type == permission_overwrite::kind::member) {
      if (ow.id == m.user_id) own = &ow;
    } else if (ow.id == guild_id) {
      everyone = &ow;
    } else if (has_role(m, ow.id)) {
      role_allow |= ow.allow;
      role_deny |= ow.deny;
    }
  }
  if (everyone) p = (p & ~everyone->deny) | everyone->allow;
  p = (p & ~role_deny) | role_allow;
  if (own) p = (p & ~own->deny) | own->allow;
  return p;
}

permissions channel_permissions(const guild& g, std::span<const role> roles, const member& m,
                                const channel& c, std::int64_t now_ms) {
  const permissions base = base_permissions(g, roles, m);
  if (base & permission::administrator) return permission::all;

  permissions p = apply_overwrites(base, c.overwrites, g.id, m);
  if (is_timed_out(m, now_ms)) p &= permission::timeout_kept;

  if (!(p & permission::view_channel)) return p & ~permission::channel_bits;
  if (!(p & permission::send_messages)) p &= ~permission::send_dependent;
  if ((c.type == channel_type::guild_voice || c.type == channel_type::guild_stage_voice) &&
      !(p & permission::connect))
    p &= ~permission::connect_dependent;
  return p;
}

bool role_above(const role& a, const role& b) {
  if (a.position != b.position) return a.position > b.position;
  return a.id < b.id;
}

const role* highest_role(const guild& g, std::span<const role> roles, const member& m) {
  const role* top = find_role(roles, g.id);
  for (snowflake id : m.roles) {
    const role* r = find_role(roles, id);
    if (r && (!top || role_above(*r, *top))) top = r;
  }
  return top;
}

int highest_role_position(const guild& g, std::span<const role> roles, const member& m) {
  const role* top = highest_role(g, roles, m);
  return top ? top->position : 0;
}

bool can_manage_role(const guild& g, std::span<const role> roles, const member& actor, const role& target) {
  if (is_owner(g, actor)) return true;
  const role* top = highest_role(g, roles, actor);
  return top && role_above(*top, target);
}

bool outranks(const member& actor, const member& target, const guild& g, std::span<const role> roles) {
  if (actor.user_id == target.user_id) return false;
  if (is_owner(g, target)) return false;
  if (is_owner(g, actor)) return true;
  const role* a = highest_role(g, roles, actor);
  const role* t = highest_role(g, roles, target);
  if (!a) return false;
  if (!t) return true;
  return role_above(*a, *t);
}

bool can_grant(permissions actor_permissions, permissions requested) {
  if (actor_permissions & permission::administrator) return true;
  return (requested & ~actor_permissions) == 0;
}

bool can_set_overwrite(permissions actor_permissions, bool manage_roles_via_overwrite,
                       const permission_overwrite& ow) {
  if ((actor_permissions & permission::administrator) || manage_roles_via_overwrite) return true;
  const permissions named = ow.allow | ow.deny;
  if (named & permission::manage_roles) return false;
  return (named & ~actor_permissions) == 0;
}

bool has_manage_roles_overwrite(const channel& c, snowflake guild_id, const member& m) {
  for (const permission_overwrite& ow : c.overwrites) {
    if (!(ow.allow & permission::manage_roles)) continue;
    const bool applies = ow.type == permission_overwrite::kind::member
                             ? ow.id == m.user_id
                             : ow.id == guild_id || has_role(m, ow.id);
    if (applies) return true;
  }
  return false;
}

bool overwrites_synced(const channel& child, const channel& parent) {
  if (child.overwrites.size() != parent.overwrites.size()) return false;
  // Ids are unique within a channel, so equal sizes plus "each child entry is in the parent"
  // means equal sets.
  return std::all_of(child.overwrites.begin(), child.overwrites.end(), [&](const permission_overwrite& ow) {
    return std::find(parent.overwrites.begin(), parent.overwrites.end(), ow) != parent.overwrites.end();
  });
}

} // namespace parley::model
