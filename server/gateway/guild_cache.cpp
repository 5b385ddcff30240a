#include "server/gateway/guild_cache.hpp"

#include <algorithm>

#include "model/permissions.hpp"
#include "model/timestamp.hpp"

namespace parley::server::gateway {

namespace {

using model::snowflake;

snowflake id_of(const boost::json::value& v, std::string_view key) {
  if (!v.is_object()) return 0;
  const auto* f = v.as_object().if_contains(key);
  if (!f) return 0;
  return model::snowflake_from_json(*f).value_or(0);
}

std::uint64_t bits_of(const boost::json::value* v) {
  if (!v) return 0;
  if (v->is_string()) return model::parse_snowflake(std::string_view(v->get_string())).value_or(0);
  return model::snowflake_from_json(*v).value_or(0);
}

model::role parse_role(const boost::json::value& v, snowflake guild_id) {
  model::role r;
  r.id = id_of(v, "id");
  r.guild_id = guild_id;
  if (const auto* o = v.if_object()) {
    if (const auto* p = o->if_contains("position"); p && p->is_int64()) r.position = static_cast<int>(p->get_int64());
    r.perms = bits_of(o->if_contains("permissions"));
  }
  return r;
}

model::channel parse_channel(const boost::json::value& v) {
  model::channel c;
  c.id = id_of(v, "id");
  const auto* o = v.if_object();
  if (!o) return c;
  if (const auto* t = o->if_contains("type"); t && t->is_int64()) c.type = static_cast<model::channel_type>(t->get_int64());
  if (const auto g = id_of(v, "guild_id")) c.guild_id = g;
  if (const auto p = id_of(v, "parent_id")) c.parent_id = p;
  if (const auto* ows = o->if_contains("permission_overwrites"); ows && ows->is_array()) {
    for (const auto& ow : ows->get_array()) {
      model::permission_overwrite po;
      po.id = id_of(ow, "id");
      const auto* t = ow.as_object().if_contains("type");
      po.type = t && ((t->is_int64() && t->get_int64() == 1) || (t->is_string() && t->get_string() == "1"))
                    ? model::permission_overwrite::kind::member
                    : model::permission_overwrite::kind::role;
      po.allow = bits_of(ow.as_object().if_contains("allow"));
      po.deny = bits_of(ow.as_object().if_contains("deny"));
      c.overwrites.push_back(po);
    }
  }
  return c;
}

// A member object (user embedded, or user_id given by the caller) of `guild_id`.
model::member parse_member(const boost::json::value& v, snowflake guild_id) {
  model::member m;
  m.guild_id = guild_id;
  const auto* o = v.if_object();
  if (!o) return m;
  if (const auto* u = o->if_contains("user")) m.user_id = id_of(*u, "id");
  if (const auto* roles = o->if_contains("roles"); roles && roles->is_array())
    for (const auto& r : roles->get_array())
      if (auto id = model::snowflake_from_json(r)) m.roles.push_back(*id);
  if (const auto* until = o->if_contains("communication_disabled_until"); until && until->is_string())
    m.communication_disabled_until_ms = model::parse_iso8601(std::string_view(until->get_string()));
  return m;
}

} // namespace

void guild_cache::add(const service::session_guild& g) {
  auto& e = guilds_[g.guild.id];
  e.guild = g.guild;
  e.roles = g.roles;
  e.channels.clear();
  for (const auto& c : g.channels) e.channels[c.id] = c;
  e.members[g.self.user_id] = g.self;
}

void guild_cache::add_from_guild_create(const boost::json::value& d, snowflake user_id) {
  const snowflake guild_id = id_of(d, "id");
  if (!guild_id || !d.is_object()) return;
  auto& e = guilds_[guild_id];
  e.guild.id = guild_id;
  e.guild.owner_id = id_of(d, "owner_id");
  const auto& o = d.as_object();
  e.roles.clear();
  if (const auto* roles = o.if_contains("roles"); roles && roles->is_array())
    for (const auto& r : roles->get_array()) e.roles.push_back(parse_role(r, guild_id));
  e.channels.clear();
  if (const auto* channels = o.if_contains("channels"); channels && channels->is_array())
    for (const auto& c : channels->get_array()) {
      auto ch = parse_channel(c);
      ch.guild_id = guild_id;
      e.channels[ch.id] = std::move(ch);
    }
  if (const auto* members = o.if_contains("members"); members && members->is_array())
    for (const auto& m : members->get_array()) {
      auto member = parse_member(m, guild_id);
      if (member.user_id == user_id) e.members[user_id] = std::move(member);
    }
}

void guild_cache::forget_member(snowflake guild_id, snowflake user_id) {
  auto it = guilds_.find(guild_id);
  if (it == guilds_.end()) return;
  it->second.members.erase(user_id);
  if (it->second.members.empty()) guilds_.erase(it);  // nobody here is in it any more
}

void guild_cache::apply_before(std::string_view event, const boost::json::value& d) {
  const snowflake guild_id = id_of(d, event.starts_with("GUILD_UPDATE") ? "id" : "guild_id");
  auto it = guilds_.find(guild_id);
  if (it == guilds_.end()) return;
  auto& e = it->second;
  if (event == "CHANNEL_CREATE" || event == "CHANNEL_UPDATE") {
    auto c = parse_channel(d);
    e.channels[c.id] = std::move(c);
  } else if (event == "GUILD_ROLE_CREATE" || event == "GUILD_ROLE_UPDATE") {
    const auto* role = d.as_object().if_contains("role");
    if (!role) return;
    auto r = parse_role(*role, guild_id);
    auto pos = std::find_if(e.roles.begin(), e.roles.end(), [&](const model::role& x) { return x.id == r.id; });
    if (pos == e.roles.end()) e.roles.push_back(r);
    else *pos = r;
  } else if (event == "GUILD_MEMBER_UPDATE") {
    auto m = parse_member(d, guild_id);
    if (auto found = e.members.find(m.user_id); found != e.members.end()) {
      found->second.roles = m.roles;
      found->second.communication_disabled_until_ms = m.communication_disabled_until_ms;
    }
  } else if (event == "GUILD_UPDATE") {
    if (const auto owner = id_of(d, "owner_id")) e.guild.owner_id = owner;
  }
}

void guild_cache::apply_after(std::string_view event, const boost::json::value& d) {
  if (event == "CHANNEL_DELETE") {
    if (auto it = guilds_.find(id_of(d, "guild_id")); it != guilds_.end()) it->second.channels.erase(id_of(d, "id"));
  } else if (event == "GUILD_ROLE_DELETE") {
    auto it = guilds_.find(id_of(d, "guild_id"));
    if (it == guilds_.end()) return;
    const snowflake role_id = id_of(d, "role_id");
    std::erase_if(it->second.roles, [&](const model::role& r) { return r.id == role_id; });
    for (auto& [uid, m] : it->second.members) std::erase(m.roles, role_id);
  } else if (event == "GUILD_DELETE") {
    guilds_.erase(id_of(d, "id"));
  }
}

bool guild_cache::can_view(snowflake guild_id, snowflake channel_id, snowflake user_id, std::int64_t now_ms) const {
  return (channel_permissions(guild_id, channel_id, user_id, now_ms) & model::permission::view_channel) != 0;
}

model::permissions guild_cache::guild_permissions(snowflake guild_id, snowflake user_id, std::int64_t now_ms) const {
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return 0;
  auto m = g->second.members.find(user_id);
  if (m == g->second.members.end()) return 0;
  return model::guild_permissions(g->second.guild, g->second.roles, m->second, now_ms);
}

model::permissions guild_cache::channel_permissions(snowflake guild_id, snowflake channel_id, snowflake user_id,
                                                    std::int64_t now_ms) const {
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return 0;
  auto c = g->second.channels.find(channel_id);
  auto m = g->second.members.find(user_id);
  if (c == g->second.channels.end() || m == g->second.members.end()) return 0;
  return model::channel_permissions(g->second.guild, g->second.roles, m->second, c->second, now_ms);
}

} // namespace parley::server::gateway
