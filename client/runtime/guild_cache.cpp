// Cache of guilds, channels and members fed by dispatches (gateway.md §11.1, §11.3, §11.4, §7);
// see guild_cache.hpp.
#include "client/runtime/guild_cache.hpp"

#include "client/runtime/detail/json_fields.hpp"

#include <algorithm>

namespace parley::client {

namespace {

using detail::snowflake_field;
using detail::string_field;

const boost::json::array* array_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::uint64_t member_user_id(const boost::json::object& m) {
  if (auto id = detail::nested_snowflake(m, "user", "id")) return id;
  return snowflake_field(m, "user_id");
}

} // namespace

void guild_cache::apply(std::string_view name, const boost::json::value& d) {
  const auto* o = d.if_object();
  if (!o) return;
  if (name == "GUILD_CREATE") on_guild(*o, true);
  else if (name == "GUILD_UPDATE") on_guild(*o, false);
  else if (name == "GUILD_DELETE") on_guild_delete(*o);
  else if (name == "CHANNEL_CREATE" || name == "CHANNEL_UPDATE") on_channel(*o, 0);
  else if (name == "CHANNEL_DELETE") on_channel_delete(*o);
  else if (name == "GUILD_MEMBER_ADD") on_member(snowflake_field(*o, "guild_id"), *o, false);
  else if (name == "GUILD_MEMBER_UPDATE") on_member(snowflake_field(*o, "guild_id"), *o, true);
  else if (name == "GUILD_MEMBER_REMOVE") on_member_remove(*o);
  else if (name == "GUILD_MEMBERS_CHUNK") {
    const auto guild_id = snowflake_field(*o, "guild_id");
    if (const auto* members = array_field(*o, "members"))
      for (const auto& m : *members)
        if (m.is_object()) on_member(guild_id, m.get_object(), false);
  } else if (name == "READY") {
    // Every guild starts unavailable until its GUILD_CREATE (§3.4).
    if (const auto* list = array_field(*o, "guilds"))
      for (const auto& g : *list)
        if (g.is_object())
          if (auto id = snowflake_field(g.get_object(), "id")) {
            auto& entry = guilds_[id];
            entry.id = id;
            entry.unavailable = true;
          }
  }
}

void guild_cache::clear() noexcept {
  guilds_.clear();
  channels_.clear();
}

void guild_cache::on_guild(const boost::json::object& g, bool full) {
  const auto id = snowflake_field(g, "id");
  if (!id) return;
  auto& guild = guilds_[id];
  guild.id = id;
  guild.unavailable = detail::bool_field(g, "unavailable");
  if (guild.unavailable && g.size() <= 2) return; // {id, unavailable:true}: keep what we knew
  guild.name = string_field(g, "name");
  guild.owner_id = snowflake_field(g, "owner_id");
  guild.data = boost::json::object(g.storage());
  for (const auto& [key, value] : g) {
    // The lists live in their own maps; keeping them twice would double the memory.
    if (key == "channels" || key == "members" || key == "threads" || key == "presences" || key == "voice_states")
      continue;
    guild.data.emplace(key, value);
  }
  if (!full) return;
  // GUILD_CREATE carries the whole guild: it replaces what a previous session left behind.
  forget_channels_of(id);
  guild.members.clear();
  for (const char* list : {"channels", "threads"})
    if (const auto* channels = array_field(g, list))
      for (const auto& c : *channels)
        if (c.is_object()) on_channel(c.get_object(), id); // §11.3: may lack guild_id
  if (const auto* members = array_field(g, "members"))
    for (const auto& m : *members)
      if (m.is_object()) on_member(id, m.get_object(), false);
}

void guild_cache::on_guild_delete(const boost::json::object& g) {
  const auto id = snowflake_field(g, "id");
  auto it = guilds_.find(id);
  if (it == guilds_.end()) return;
  // unavailable=true is an outage: the guild comes back with GUILD_CREATE; keep it marked.
  if (detail::bool_field(g, "unavailable")) {
    it->second.unavailable = true;
    return;
  }
  forget_channels_of(id);
  guilds_.erase(it);
}

void guild_cache::on_channel(const boost::json::object& c, std::uint64_t guild_id_fallback) {
  const auto id = snowflake_field(c, "id");
  if (!id) return;
  auto& channel = channels_[id];
  const auto old_guild = channel.guild_id;
  channel.id = id;
  channel.guild_id = snowflake_field(c, "guild_id");
  if (!channel.guild_id) channel.guild_id = guild_id_fallback;
  channel.parent_id = snowflake_field(c, "parent_id");
  channel.type = static_cast<int>(detail::int_field(c, "type"));
  channel.name = string_field(c, "name");
  channel.data = c;
  if (old_guild == channel.guild_id && old_guild != 0) return; // already listed
  if (auto g = guilds_.find(channel.guild_id); g != guilds_.end()) {
    auto& ids = g->second.channel_ids;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
}

void guild_cache::on_channel_delete(const boost::json::object& c) {
  const auto id = snowflake_field(c, "id");
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  if (auto g = guilds_.find(it->second.guild_id); g != guilds_.end()) std::erase(g->second.channel_ids, id);
  channels_.erase(it);
}

void guild_cache::on_member(std::uint64_t guild_id, const boost::json::object& m, bool merge) {
  auto g = guilds_.find(guild_id);
  const auto user_id = member_user_id(m);
  if (g == guilds_.end() || !user_id) return;
  auto& member = g->second.members[user_id];
  member.user_id = user_id;
  if (merge) {
    // GUILD_MEMBER_UPDATE repeats the full member (§11.4), but keep fields it omits.
    for (const auto& [key, value] : m) member.data.insert_or_assign(key, value);
  } else {
    member.data = m;
  }
  member.data.erase("guild_id");
  if (const auto* user = member.data.if_contains("user"); user && user->is_object())
    member.username = string_field(user->get_object(), "username");
  member.nick = string_field(member.data, "nick");
  member.roles.clear();
  if (const auto* roles = array_field(member.data, "roles"))
    for (const auto& r : *roles)
      if (auto id = detail::to_snowflake(&r)) member.roles.push_back(id);
}

void guild_cache::on_member_remove(const boost::json::object& m) {
  if (auto g = guilds_.find(snowflake_field(m, "guild_id")); g != guilds_.end()) g->second.members.erase(member_user_id(m));
}

void guild_cache::forget_channels_of(std::uint64_t guild_id) {
  std::erase_if(channels_, [guild_id](const auto& entry) { return entry.second.guild_id == guild_id; });
  if (auto g = guilds_.find(guild_id); g != guilds_.end()) g->second.channel_ids.clear();
}

const cached_guild* guild_cache::guild(std::uint64_t id) const noexcept {
  auto it = guilds_.find(id);
  return it == guilds_.end() ? nullptr : &it->second;
}

const cached_channel* guild_cache::channel(std::uint64_t id) const noexcept {
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second;
}

const cached_member* guild_cache::member(std::uint64_t guild_id, std::uint64_t user_id) const noexcept {
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return nullptr;
  auto m = g->second.members.find(user_id);
  return m == g->second.members.end() ? nullptr : &m->second;
}

std::vector<const cached_guild*> guild_cache::guilds() const {
  std::vector<const cached_guild*> out;
  out.reserve(guilds_.size());
  for (const auto& [id, g] : guilds_) out.push_back(&g);
  return out;
}

} // namespace parley::client
