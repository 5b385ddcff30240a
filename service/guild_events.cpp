#include "service/guild_events.hpp"

#include <memory>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "model/guild_json.hpp"
#include "model/snowflake.hpp"
#include "service/voice_states.hpp"

namespace parley::service {

namespace {

void publish(context& ctx, std::string_view name, boost::json::value data, bus::audience to) {
  auto e = std::make_shared<bus::event>();
  e->name = std::string(name);
  e->data = std::move(data);
  e->to = std::move(to);
  ctx.bus.publish(std::move(e));
}

bus::audience make_audience(bus::audience::kind scope, model::snowflake id, model::snowflake guild_id,
                            model::permissions any_permission) {
  bus::audience to;
  to.scope = scope;
  to.id = id;
  to.guild_id = guild_id;
  to.any_permission = any_permission;
  return to;
}

} // namespace

bus::audience channel_audience(const model::channel& c, model::permissions any_permission) {
  auto to = make_audience(bus::audience::kind::channel, c.id, c.guild_id.value_or(0), any_permission);
  if (!c.guild_id) to.users = c.recipients;
  return to;
}

void publish_to_user(context& ctx, std::string_view name, boost::json::value data, model::snowflake user_id) {
  publish(ctx, name, std::move(data), make_audience(bus::audience::kind::user, user_id, 0, 0));
}

void publish_to_guild(context& ctx, std::string_view name, boost::json::value data, model::snowflake guild_id,
                      model::permissions any_permission) {
  publish(ctx, name, std::move(data), make_audience(bus::audience::kind::guild, guild_id, 0, any_permission));
}

void publish_to_channel(context& ctx, std::string_view name, boost::json::value data, const model::channel& c,
                        model::permissions any_permission) {
  publish(ctx, name, std::move(data), channel_audience(c, any_permission));
}

void publish_guild_create(context& ctx, model::snowflake guild_id, model::snowflake user_id) {
  auto snap = ctx.store.guild_for_gateway(guild_id, user_id, guild_create_member_limit);
  if (!snap || !*snap) {
    // The change is committed; a missing GUILD_CREATE only costs the client a reconnect.
    spdlog::error("GUILD_CREATE for guild {} to user {}: {}", guild_id, user_id,
                  snap ? "not a member any more" : snap.error().message());
    return;
  }
  const auto& s = **snap;
  std::vector<model::member> members;
  members.reserve(s.members.size());
  std::unordered_map<model::snowflake, const model::user*> users;
  std::int64_t joined_ms = 0;
  for (const auto& r : s.members) {
    members.push_back(r.member);
    users.emplace(r.user.id, &r.user);
    if (r.member.user_id == user_id) joined_ms = r.member.joined_ms;
  }
  model::guild_create_extras extras;
  extras.roles = s.roles;
  extras.channels = s.channels;
  extras.members = members;
  extras.users = [&users](model::snowflake id) -> const model::user* {
    const auto it = users.find(id);
    return it == users.end() ? nullptr : it->second;
  };
  extras.joined_ms = joined_ms;
  extras.member_count = s.member_count;
  extras.large = s.member_count > 250;
  if (ctx.voice) extras.voice_states = ctx.voice->guild_create_json(guild_id);
  publish_to_user(ctx, "GUILD_CREATE", model::to_guild_create_json(s.guild, std::move(extras)), user_id);
}

void publish_guild_delete_to_user(context& ctx, model::snowflake guild_id, model::snowflake user_id) {
  publish_to_user(ctx, "GUILD_DELETE", boost::json::object{{"id", model::to_string(guild_id)}}, user_id);
}

void publish_member(context& ctx, std::string_view name, const model::member& m, const model::user& u) {
  auto d = model::to_json(m, &u);
  d["guild_id"] = model::to_string(m.guild_id);
  publish_to_guild(ctx, name, std::move(d), m.guild_id);
}

void publish_member_remove(context& ctx, model::snowflake guild_id, const model::user& u) {
  publish_to_guild(ctx, "GUILD_MEMBER_REMOVE",
                   boost::json::object{{"guild_id", model::to_string(guild_id)}, {"user", model::to_public_json(u)}},
                   guild_id);
}

void publish_role(context& ctx, std::string_view name, const model::role& r) {
  publish_to_guild(ctx, name,
                   boost::json::object{{"guild_id", model::to_string(r.guild_id)}, {"role", model::to_json(r)}},
                   r.guild_id);
}

} // namespace parley::service
