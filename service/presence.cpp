#include "service/presence.hpp"

#include <boost/json/serialize.hpp>

namespace parley::service {

namespace {

// Most present first: a user with one online and one idle session is online.
int rank(const std::string& status) {
  if (status == "online") return 0;
  if (status == "dnd") return 1;
  if (status == "idle") return 2;
  return 3;  // invisible
}

boost::json::object presence_object(model::snowflake user_id, const presence_state& state) {
  return boost::json::object{
      {"user", boost::json::object{{"id", model::to_string(user_id)}}},
      {"status", state.status},
      {"activities", state.activities},
      {"client_status", state.status == "offline" ? boost::json::object{}
                                                   : boost::json::object{{"desktop", state.status}}}};
}

} // namespace

presence_state presences::effective(const user_presence& p) {
  presence_state best;
  best.status = "offline";
  if (!p.ranked.empty()) best = *p.ranked.begin()->second;
  if (best.status == "invisible") {  // shown as offline, activities hidden
    best.status = "offline";
    best.activities.clear();
  }
  return best;
}

bool presences::record_published(user_presence& p, const presence_state& now) {
  auto activities = boost::json::serialize(now.activities);
  if (now.status == p.published && activities == p.published_activities) return false;
  p.published = now.status;
  p.published_activities = std::move(activities);
  return true;
}

void presences::set(model::snowflake user_id, const std::string& session, presence_state state,
                    const std::vector<model::snowflake>& guild_ids) {
  presence_state now;
  {
    std::lock_guard lock(mutex_);
    auto& p = users_[user_id];
    auto [it, added] = p.sessions.try_emplace(session);
    if (!added) p.ranked.erase(it->second.key);
    it->second.key = {rank(state.status), ~++p.updates};
    it->second.state = std::move(state);
    p.ranked.emplace(it->second.key, &it->second.state);
    now = effective(p);
    if (!record_published(p, now)) return;
  }
  publish(user_id, now, guild_ids);
}

void presences::end(model::snowflake user_id, const std::string& session, const std::vector<model::snowflake>& guild_ids) {
  presence_state now;
  {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user_id);
    if (it == users_.end()) return;
    auto& p = it->second;
    if (auto s = p.sessions.find(session); s != p.sessions.end()) {
      p.ranked.erase(s->second.key);
      p.sessions.erase(s);
    }
    now = effective(p);
    // The session that ends may be the one whose activities were shown.
    const bool changed = record_published(p, now);
    if (p.sessions.empty()) users_.erase(it);
    if (!changed) return;
  }
  publish(user_id, now, guild_ids);
}

std::string presences::visible_status(model::snowflake user_id) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user_id);
  return it == users_.end() ? "offline" : effective(it->second).status;
}

boost::json::array presences::visible(std::span<const model::snowflake> user_ids) const {
  boost::json::array out;
  std::lock_guard lock(mutex_);
  for (const auto id : user_ids) {
    auto it = users_.find(id);
    if (it == users_.end()) continue;
    auto state = effective(it->second);
    if (state.status != "offline") out.push_back(presence_object(id, state));
  }
  return out;
}

void presences::publish(model::snowflake user_id, const presence_state& state, const std::vector<model::snowflake>& guild_ids) {
  for (const auto guild_id : guild_ids) {
    auto e = std::make_shared<bus::event>();
    e->name = "PRESENCE_UPDATE";
    auto d = presence_object(user_id, state);
    d["guild_id"] = model::to_string(guild_id);
    e->data = std::move(d);
    e->to.scope = bus::audience::kind::guild;
    e->to.id = guild_id;
    bus_.publish(std::move(e));
  }
}

} // namespace parley::service
