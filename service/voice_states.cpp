// Voice states (gateway.md §9, voice.md §2, rest.md §6.9); see voice_states.hpp.
#include "service/voice_states.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

#include <sodium.h>

#include "model/guild_json.hpp"
#include "model/permission_bits.hpp"
#include "model/timestamp.hpp"
#include "service/errors.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"

namespace parley::service {

namespace {

namespace json = boost::json;
namespace perm = model::permission;
using model::api_error;
using model::json_code;

bool is_voice(model::channel_type t) {
  return t == model::channel_type::guild_voice || t == model::channel_type::guild_stage_voice;
}

// What op 4 answers to a request Discord would ignore: never sent, only logged.
api_error ignored(std::string message) { return api_error(400, json_code::general, std::move(message)); }

// The snowflake at d[key] (or d[key]["id"] with `nested`), 0 when absent.
model::snowflake id_in(const json::value& d, std::string_view key, bool nested = false) {
  const auto* o = d.if_object();
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (v && nested) {
    const auto* inner = v->if_object();
    v = inner ? inner->if_contains("id") : nullptr;
  }
  return v ? model::snowflake_from_json(*v).value_or(0) : 0;
}

} // namespace

voice_states::voice_states(context& ctx, std::string endpoint) : ctx_(ctx), endpoint_(std::move(endpoint)) {
  // Idempotent and thread-safe. Without a working random source no token may be issued at all.
  if (sodium_init() < 0) std::abort();
}

void voice_states::set_endpoint(std::string endpoint) { endpoint_ = std::move(endpoint); }

void voice_states::subscribe_to(bus::bus& bus) {
  bus.subscribe([this](const bus::event_ptr& e) {
    const std::string_view n = e->name;
    if (n == "GUILD_MEMBER_UPDATE" || n == "GUILD_MEMBER_REMOVE" || n == "GUILD_DELETE" || n == "CHANNEL_DELETE") observe(*e);
  });
}

void voice_states::on_change(std::function<void(const voice_change&)> listener) {
  listeners_.push_back(std::move(listener));
}

std::string voice_states::new_token() const {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

json::object voice_states::state_json(const voice_state& s, const json::object* member) const {
  json::object o;
  if (s.guild_id) o["guild_id"] = model::to_string(s.guild_id);
  o["channel_id"] = s.channel_id ? json::value(model::to_string(s.channel_id)) : json::value(nullptr);
  o["user_id"] = model::to_string(s.user_id);
  if (member) o["member"] = *member;
  o["session_id"] = s.session_id;
  o["deaf"] = s.deaf;
  o["mute"] = s.mute;
  o["self_deaf"] = s.self_deaf;
  o["self_mute"] = s.self_mute;
  o["self_video"] = s.self_video;
  o["self_stream"] = s.self_stream;
  o["suppress"] = s.suppress;
  o["request_to_speak_timestamp"] =
      s.request_to_speak_ms ? json::value(model::format_iso8601(*s.request_to_speak_ms)) : json::value(nullptr);
  return o;
}

std::size_t voice_states::occupancy(const guild_map& g, model::snowflake channel_id, model::snowflake except_user) const {
  std::size_t n = 0;
  for (const auto& [user, e] : g) n += e.state.channel_id == channel_id && user != except_user;
  return n;
}

void voice_states::publish(const voice_state& s, const json::object& member) {
  publish_to_guild(ctx_, "VOICE_STATE_UPDATE", state_json(s, &member), s.guild_id);
}

void voice_states::publish_left(const entry& e) {
  voice_state left = e.state;
  left.channel_id = 0;
  left.self_video = left.self_stream = left.suppress = false;
  left.request_to_speak_ms.reset();
  publish(left, e.member);
}

void voice_states::notify(const voice_change& change) const {
  for (const auto& l : listeners_) l(change);
}

std::unique_lock<std::mutex> voice_states::hand_over() {
  // Taken while the caller still holds mutex_ (always in that order), so changes reach the bus
  // and the listeners in the order they were made.
  return std::unique_lock(publish_mutex_);
}

std::optional<voice_states::entry> voice_states::take_locked(model::snowflake guild_id, model::snowflake user_id) {
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return std::nullopt;
  auto it = g->second.find(user_id);
  if (it == g->second.end()) return std::nullopt;
  std::optional<entry> out(std::move(it->second));
  g->second.erase(it);
  if (g->second.empty()) guilds_.erase(g);
  if (auto u = user_guilds_.find(user_id); u != user_guilds_.end()) {
    std::erase(u->second, guild_id);
    if (u->second.empty()) user_guilds_.erase(u);
  }
  return out;
}

model::api_result<voice_reply> voice_states::request(model::snowflake user_id, const std::string& session_id,
                                                     const voice_request& r, std::uint64_t order) {
  // Under the lock: whether a later request of this session came first (or meanwhile).
  const auto overtaken = [&] {
    if (order == 0) return false;
    auto& last = last_order_[session_id];
    if (order < last) return true;
    last = order;
    return false;
  };
  {
    std::lock_guard lock(mutex_);
    if (overtaken()) return ignored("overtaken by a later request of the session");
  }
  if (!r.channel_id) {
    std::optional<entry> gone;
    std::unique_lock<std::mutex> published;
    {
      std::lock_guard lock(mutex_);
      if (overtaken()) return ignored("overtaken by a later request of the session");
      gone = take_locked(r.guild_id, user_id);
      if (!gone) return ignored("leave while not in a voice channel");
      published = hand_over();
    }
    publish_left(*gone);
    voice_reply reply;
    voice_state left = gone->state;
    left.channel_id = 0;
    reply.state = state_json(left, &gone->member);
    notify(voice_change{std::move(gone->state), std::nullopt, true});
    return reply;
  }

  auto where = load_channel_access(ctx_, *r.channel_id, user_id);  // VIEW_CHANNEL, or "unknown channel"
  if (!where) return where.error();
  const auto& channel = where->channel;
  if (channel.guild_id != r.guild_id) return unknown_channel();
  if (!is_voice(channel.type)) return ignored("not a voice or stage channel");
  if (!(where->perms & perm::connect)) return missing_permissions();
  auto rec = ctx_.store.member(r.guild_id, user_id);
  if (!rec) return internal_error(rec.error(), "voice member");
  if (!*rec) return unknown_guild();  // left meanwhile
  const bool may_exceed = (where->perms & perm::move_members) != 0;
  const bool stage = channel.type == model::channel_type::guild_stage_voice;

  voice_change change;
  voice_reply reply;
  json::object member = model::to_json((*rec)->member, &(*rec)->user);
  voice_state now;
  std::unique_lock<std::mutex> published;
  {
    std::lock_guard lock(mutex_);
    if (overtaken()) return ignored("overtaken by a later request of the session");
    auto& g = guilds_[r.guild_id];
    auto it = g.find(user_id);
    const bool present = it != g.end();
    const bool same_channel = present && it->second.state.channel_id == channel.id;
    // A full channel turns away everyone but those who may move members (voice.md §2).
    if (!same_channel && channel.user_limit > 0 && !may_exceed &&
        occupancy(g, channel.id, user_id) >= static_cast<std::size_t>(channel.user_limit)) {
      if (g.empty()) guilds_.erase(r.guild_id);
      return ignored("the voice channel is full");
    }
    now.guild_id = r.guild_id;
    now.channel_id = channel.id;
    now.user_id = user_id;
    now.session_id = session_id;
    now.mute = (*rec)->member.mute;
    now.deaf = (*rec)->member.deaf;
    now.self_mute = r.self_mute;
    now.self_deaf = r.self_deaf;
    now.suppress = stage && (!same_channel || it->second.state.suppress);
    if (same_channel) {
      now.self_video = it->second.state.self_video;
      now.self_stream = it->second.state.self_stream;
      now.request_to_speak_ms = it->second.state.request_to_speak_ms;
    }
    // Only a change of self flags on the same session and channel keeps the voice connection; a
    // join, a move, another session, or the same request repeated (a rejoin after a failed voice
    // connection) gets a new token and a new VOICE_SERVER_UPDATE (voice.md §2).
    const bool flags_only = same_channel && it->second.state.session_id == session_id &&
                            (it->second.state.self_mute != r.self_mute || it->second.state.self_deaf != r.self_deaf);
    now.token = flags_only ? it->second.state.token : new_token();
    if (present) change.before = it->second.state;
    change.after = now;
    change.token_revoked = present && !flags_only;
    if (present) {
      it->second.state = now;
      it->second.member = member;
    } else {
      g.emplace(user_id, entry{now, member});
      user_guilds_[user_id].push_back(r.guild_id);
    }
    if (!flags_only)
      reply.server = json::object{{"token", now.token}, {"guild_id", model::to_string(r.guild_id)}, {"endpoint", endpoint_}};
    published = hand_over();
  }
  reply.state = state_json(now, &member);
  publish_to_guild(ctx_, "VOICE_STATE_UPDATE", reply.state, r.guild_id);
  notify(change);
  return reply;
}

std::optional<voice_state> voice_states::of(model::snowflake guild_id, model::snowflake user_id) const {
  std::lock_guard lock(mutex_);
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return std::nullopt;
  auto it = g->second.find(user_id);
  if (it == g->second.end()) return std::nullopt;
  return it->second.state;
}

std::optional<json::object> voice_states::state_object(model::snowflake guild_id, model::snowflake user_id) const {
  std::lock_guard lock(mutex_);
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return std::nullopt;
  auto it = g->second.find(user_id);
  if (it == g->second.end()) return std::nullopt;
  return state_json(it->second.state, &it->second.member);
}

bool voice_states::move(model::snowflake guild_id, model::snowflake user_id, const model::channel& to) {
  voice_change change;
  voice_state now;
  json::object member;
  std::unique_lock<std::mutex> published;
  {
    std::lock_guard lock(mutex_);
    auto g = guilds_.find(guild_id);
    if (g == guilds_.end()) return false;
    auto it = g->second.find(user_id);
    if (it == g->second.end()) return false;
    if (it->second.state.channel_id == to.id) return true;
    change.before = it->second.state;
    auto& s = it->second.state;
    s.channel_id = to.id;
    s.suppress = to.type == model::channel_type::guild_stage_voice;
    s.request_to_speak_ms.reset();
    now = s;
    member = it->second.member;
    change.after = now;
    published = hand_over();
  }
  publish(now, member);
  notify(change);
  return true;
}

bool voice_states::disconnect(model::snowflake guild_id, model::snowflake user_id) {
  std::optional<entry> gone;
  std::unique_lock<std::mutex> published;
  {
    std::lock_guard lock(mutex_);
    gone = take_locked(guild_id, user_id);
    if (!gone) return false;
    published = hand_over();
  }
  publish_left(*gone);
  notify(voice_change{std::move(gone->state), std::nullopt, true});
  return true;
}

void voice_states::end_session(model::snowflake user_id, const std::string& session_id) {
  std::vector<entry> ended;
  std::unique_lock<std::mutex> published;
  {
    std::lock_guard lock(mutex_);
    last_order_.erase(session_id);
    auto u = user_guilds_.find(user_id);
    if (u == user_guilds_.end()) return;
    auto& guild_ids = u->second;
    for (auto gid = guild_ids.begin(); gid != guild_ids.end();) {
      auto g = guilds_.find(*gid);
      auto it = g == guilds_.end() ? guild_map::iterator() : g->second.find(user_id);
      if (g == guilds_.end() || it == g->second.end() || it->second.state.session_id != session_id) {
        ++gid;
        continue;
      }
      ended.push_back(std::move(it->second));
      g->second.erase(it);
      if (g->second.empty()) guilds_.erase(g);
      gid = guild_ids.erase(gid);
    }
    if (guild_ids.empty()) user_guilds_.erase(u);
    if (!ended.empty()) published = hand_over();
  }
  for (auto& e : ended) {
    publish_left(e);
    notify(voice_change{std::move(e.state), std::nullopt, true});
  }
}

json::array voice_states::guild_create_json(model::snowflake guild_id) const {
  json::array out;
  std::lock_guard lock(mutex_);
  auto g = guilds_.find(guild_id);
  if (g == guilds_.end()) return out;
  out.reserve(g->second.size());
  for (const auto& [user, e] : g->second) {
    voice_state s = e.state;
    s.guild_id = 0;  // GUILD_CREATE's voice states carry no guild_id (gateway.md §11.3)
    out.push_back(state_json(s, nullptr));
  }
  return out;
}

std::optional<voice_state> voice_states::validate(model::snowflake server_id, model::snowflake user_id,
                                                  std::string_view session_id, std::string_view token) const {
  std::lock_guard lock(mutex_);
  auto g = guilds_.find(server_id);
  if (g == guilds_.end()) return std::nullopt;
  auto it = g->second.find(user_id);
  if (it == g->second.end()) return std::nullopt;
  const auto& s = it->second.state;
  if (s.session_id != session_id || s.token.size() != token.size()) return std::nullopt;
  // Constant time: the token is a credential.
  if (sodium_memcmp(s.token.data(), token.data(), token.size()) != 0) return std::nullopt;
  return s;
}

void voice_states::observe(const bus::event& e) {
  const std::string_view name = e.name;
  if (name == "GUILD_MEMBER_UPDATE") {
    const auto guild_id = id_in(e.data, "guild_id");
    const auto user_id = id_in(e.data, "user", true);
    const auto* d = e.data.if_object();
    if (!d) return;
    const auto flag = [d](std::string_view key, bool fallback) {
      const auto* v = d->if_contains(key);
      return v && v->is_bool() ? v->get_bool() : fallback;
    };
    voice_change change;
    voice_state now;
    json::object member;
    std::unique_lock<std::mutex> published;
    {
      std::lock_guard lock(mutex_);
      auto g = guilds_.find(guild_id);
      if (g == guilds_.end()) return;
      auto it = g->second.find(user_id);
      if (it == g->second.end()) return;
      member = *d;
      member.erase("guild_id");
      it->second.member = member;
      auto& s = it->second.state;
      const bool mute = flag("mute", s.mute);
      const bool deaf = flag("deaf", s.deaf);
      if (mute == s.mute && deaf == s.deaf) return;  // nick or roles: the next state carries them
      change.before = s;
      s.mute = mute;
      s.deaf = deaf;
      now = s;
      change.after = now;
      published = hand_over();
    }
    publish(now, member);
    notify(change);
  } else if (name == "GUILD_MEMBER_REMOVE") {
    disconnect(id_in(e.data, "guild_id"), id_in(e.data, "user", true));
  } else if (name == "GUILD_DELETE") {
    const auto guild_id = id_in(e.data, "id");
    if (e.to.scope == bus::audience::kind::user) {  // that user left the guild
      disconnect(guild_id, e.to.id);
      return;
    }
    // The guild is gone: nobody is left to tell, only the voice server.
    guild_map gone;
    std::unique_lock<std::mutex> published;
    {
      std::lock_guard lock(mutex_);
      auto g = guilds_.find(guild_id);
      if (g == guilds_.end()) return;
      gone = std::move(g->second);
      guilds_.erase(g);
      for (const auto& [user, en] : gone) {
        if (auto u = user_guilds_.find(user); u != user_guilds_.end()) {
          std::erase(u->second, guild_id);
          if (u->second.empty()) user_guilds_.erase(u);
        }
      }
      published = hand_over();
    }
    for (auto& [user, en] : gone) notify(voice_change{std::move(en.state), std::nullopt, true});
  } else if (name == "CHANNEL_DELETE") {
    const auto guild_id = id_in(e.data, "guild_id");
    const auto channel_id = id_in(e.data, "id");
    std::vector<model::snowflake> users;
    {
      std::lock_guard lock(mutex_);
      auto g = guilds_.find(guild_id);
      if (g == guilds_.end()) return;
      for (const auto& [user, en] : g->second)
        if (en.state.channel_id == channel_id) users.push_back(user);
    }
    for (const auto user : users) disconnect(guild_id, user);
  }
}

} // namespace parley::service
