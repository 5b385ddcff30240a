#include "service/gateway_sessions.hpp"

#include <algorithm>
#include <unordered_map>

#include <boost/json/array.hpp>

#include "model/guild_json.hpp"
#include "service/accounts.hpp"
#include "service/errors.hpp"
#include "service/private_channels.hpp"
#include "service/read_states.hpp"

namespace parley::service {

namespace {

constexpr std::uint64_t guild_members_intent = 1ULL << 1;
constexpr std::uint64_t guild_presences_intent = 1ULL << 8;
constexpr std::uint64_t message_content_intent = 1ULL << 15;

std::uint64_t privileged_from_flags(std::uint64_t flags) {
  namespace f = model::application_flags;
  std::uint64_t allowed = 0;
  if (flags & (f::gateway_presence | f::gateway_presence_limited)) allowed |= guild_presences_intent;
  if (flags & (f::gateway_guild_members | f::gateway_guild_members_limited)) allowed |= guild_members_intent;
  if (flags & (f::gateway_message_content | f::gateway_message_content_limited)) allowed |= message_content_intent;
  return allowed;
}

} // namespace

model::api_result<gateway_identity> gateway_sessions::authenticate(std::string_view token) const {
  auto user = accounts(ctx_).authenticate(token);
  if (!user) return user.error();
  gateway_identity who;
  who.user = std::move(*user);
  who.allowed_privileged_intents = guild_members_intent | guild_presences_intent | message_content_intent;
  if (who.user.bot) {
    auto app = ctx_.store.application_by_bot(who.user.id);
    if (!app) return internal_error(app.error(), "gateway identify");
    who.application = std::move(*app);
    who.allowed_privileged_intents = who.application ? privileged_from_flags(who.application->flags) : 0;
  }
  return who;
}

model::api_result<std::vector<boost::json::object>> gateway_sessions::member_chunks(
    model::snowflake requester, std::uint64_t intents, const member_request& request) const {
  constexpr std::size_t chunk_size = 1000;
  std::vector<boost::json::object> chunks;
  auto self = ctx_.store.member(request.guild_id, requester);
  if (!self) return internal_error(self.error(), "request members");
  if (!*self) return chunks;  // not a member: nothing to answer with

  std::vector<store::member_record> found;
  boost::json::array not_found;
  if (request.user_ids) {
    for (const auto id : *request.user_ids) {
      auto m = ctx_.store.member(request.guild_id, id);
      if (!m) return internal_error(m.error(), "request members");
      if (*m) found.push_back(std::move(**m));
      else not_found.push_back(boost::json::value(model::to_string(id)));
    }
  } else if (request.query && request.query->empty() && request.limit == 0) {
    if (!(intents & guild_members_intent)) return chunks;  // the whole list needs GUILD_MEMBERS
    for (model::snowflake after = 0;;) {
      auto page = ctx_.store.members(request.guild_id, after, chunk_size);
      if (!page) return internal_error(page.error(), "request members");
      if (page->empty()) break;
      after = page->back().member.user_id;
      const bool last = page->size() < chunk_size;
      for (auto& m : *page) found.push_back(std::move(m));
      if (last) break;
    }
  } else {
    const std::size_t limit = request.limit == 0 || request.limit > 100 ? 100 : request.limit;
    auto matches = ctx_.store.search_members(request.guild_id, request.query.value_or(""), limit);
    if (!matches) return internal_error(matches.error(), "request members");
    found = std::move(*matches);
  }

  const std::size_t count = std::max<std::size_t>(1, (found.size() + chunk_size - 1) / chunk_size);
  for (std::size_t i = 0; i < count; ++i) {
    boost::json::array members;
    for (std::size_t k = i * chunk_size; k < std::min(found.size(), (i + 1) * chunk_size); ++k)
      members.push_back(model::to_json(found[k].member, &found[k].user));
    boost::json::object chunk{{"guild_id", model::to_string(request.guild_id)},
                              {"members", std::move(members)},
                              {"chunk_index", i},
                              {"chunk_count", count}};
    if (i == 0 && !not_found.empty()) chunk["not_found"] = not_found;
    if (request.presences && (intents & guild_presences_intent)) {
      std::vector<model::snowflake> ids;
      for (std::size_t k = i * chunk_size; k < std::min(found.size(), (i + 1) * chunk_size); ++k)
        ids.push_back(found[k].member.user_id);
      chunk["presences"] = presences_ ? presences_->visible(ids) : boost::json::array{};
    }
    if (request.nonce) chunk["nonce"] = *request.nonce;
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

model::api_result<std::vector<session_guild>> gateway_sessions::guilds(const gateway_identity& who,
                                                                      std::uint32_t shard_id, std::uint32_t shard_count,
                                                                      int large_threshold) const {
  auto snapshots = ctx_.store.guilds_for_gateway(who.user.id, static_cast<std::size_t>(large_threshold) + 1);
  if (!snapshots) return internal_error(snapshots.error(), "gateway guilds");
  std::vector<session_guild> out;
  out.reserve(snapshots->size());
  for (auto& snap : *snapshots) {
    if (shard_count > 1 && ((snap.guild.id >> 22) % shard_count) != shard_id) continue;
    const bool large = snap.member_count > large_threshold;
    std::vector<model::member> members;
    std::unordered_map<model::snowflake, const model::user*> users;
    for (const auto& rec : snap.members) {
      // A large guild sends only the user's own member (the store puts it first).
      if (large && rec.member.user_id != who.user.id) continue;
      members.push_back(rec.member);
      users[rec.user.id] = &rec.user;
    }
    const model::member* self = nullptr;
    for (const auto& m : members)
      if (m.user_id == who.user.id) self = &m;
    if (!self) continue;  // not a member after all (left meanwhile)
    model::guild_create_extras extras;
    extras.roles = snap.roles;
    extras.channels = snap.channels;
    extras.members = members;
    extras.users = [&users](model::snowflake id) -> const model::user* {
      auto it = users.find(id);
      return it == users.end() ? nullptr : it->second;
    };
    extras.joined_ms = self->joined_ms;
    extras.member_count = snap.member_count;
    extras.large = large;
    if (presences_ && (who.intents & guild_presences_intent)) {
      std::vector<model::snowflake> ids;
      ids.reserve(snap.members.size());
      for (const auto& rec : snap.members) ids.push_back(rec.member.user_id);
      extras.presences = presences_->visible(ids);
    }
    if (voice_) extras.voice_states = voice_->guild_create_json(snap.guild.id);
    session_guild sg;
    sg.guild_create = model::to_guild_create_json(snap.guild, std::move(extras));
    sg.self = *self;
    sg.guild = std::move(snap.guild);
    sg.roles = std::move(snap.roles);
    sg.channels = std::move(snap.channels);
    out.push_back(std::move(sg));
  }
  return out;
}

model::api_result<void> gateway_sessions::load_private_state(gateway_identity& who) const {
  if (who.user.bot) return {};
  auto channels = private_channels(ctx_).list(who.user);
  if (!channels) return channels.error();
  auto states = read_states(ctx_).of(who.user);
  if (!states) return states.error();
  who.private_channels.clear();
  who.private_channels.reserve(channels->size());
  for (const auto& c : *channels) who.private_channels.push_back(private_channel_json(c, who.user.id));
  who.read_state = read_state_list_json(*states);
  return {};
}

boost::json::object gateway_sessions::ready(const gateway_identity& who, const ready_params& params) const {
  boost::json::object d;
  d["v"] = params.api_version;
  d["user"] = model::to_self_json(who.user);
  boost::json::array guilds;
  for (const auto id : params.guild_ids) guilds.push_back(boost::json::object{{"id", model::to_string(id)}, {"unavailable", true}});
  d["guilds"] = std::move(guilds);
  d["session_id"] = params.session_id;
  d["resume_gateway_url"] = params.resume_gateway_url;
  d["session_type"] = "normal";
  if (params.shard) d["shard"] = boost::json::array{params.shard->first, params.shard->second};
  if (who.application)
    d["application"] = boost::json::object{{"id", model::to_string(who.application->id)}, {"flags", who.application->flags}};
  // What Discord's own client expects of a user session (bots ignore these).
  d["private_channels"] = who.private_channels;
  if (who.read_state) d["read_state"] = *who.read_state;
  d["relationships"] = boost::json::array{};
  d["presences"] = boost::json::array{};
  d["guild_join_requests"] = boost::json::array{};
  d["geo_ordered_rtc_regions"] = boost::json::array{"parley"};
  d["user_settings"] = boost::json::object{};
  d["_trace"] = boost::json::array{"[\"parley\"]"};
  return d;
}

} // namespace parley::service
