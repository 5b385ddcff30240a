// Use cases of a gateway session (gateway.md §3.3–§3.4): who an Identify's token belongs to,
// which privileged intents its application may use, and what READY tells the client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/application.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/presence.hpp"
#include "service/voice_states.hpp"

namespace parley::service {

struct gateway_identity {
  model::user user;
  std::optional<model::application> application;  // for bots
  // The privileged intent bits this identity may request (gateway.md §5.1): every one for
  // people; for bots, those its application enabled through its flags.
  std::uint64_t allowed_privileged_intents = 0;
  // The intents Identify asked for (set by the gateway): GUILD_PRESENCES fills GUILD_CREATE's presences.
  std::uint64_t intents = 0;
  // READY's private_channels and read_state for people (gateway.md §3.4), as JSON built on a
  // store thread by load_private_state before READY; bots keep [] and no read_state, as on Discord.
  boost::json::array private_channels;
  std::optional<boost::json::object> read_state;
};

// One guild of a session, as the gateway keeps it (to decide audiences) and sends it.
struct session_guild {
  model::guild guild;
  std::vector<model::role> roles;
  std::vector<model::channel> channels;
  model::member self;               // the session user's own membership
  boost::json::object guild_create; // the GUILD_CREATE `d`
};

struct ready_params {
  std::string session_id;
  std::string resume_gateway_url;
  int api_version = 10;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> shard;
  std::vector<model::snowflake> guild_ids;  // listed as unavailable; each GUILD_CREATE follows READY
};

// Op 8 (gateway.md §7), as the service sees it.
struct member_request {
  model::snowflake guild_id = 0;
  std::optional<std::string> query;      // username/nick prefix; "" with limit 0 = every member
  std::uint64_t limit = 0;
  std::optional<std::vector<model::snowflake>> user_ids;
  bool presences = false;
  std::optional<std::string> nonce;
};

class gateway_sessions {
 public:
  explicit gateway_sessions(context& ctx, const presences* presences = nullptr, voice_states* voice = nullptr)
      : ctx_(ctx), presences_(presences), voice_(voice) {}

  // Op 4 and the end of a session go here; null when the node keeps no voice states.
  voice_states* voice() const noexcept { return voice_; }

  // The token as sent in Identify/Resume (a leading "Bot " tolerated). 401 → close 4004.
  model::api_result<gateway_identity> authenticate(std::string_view token) const;
  // For a person: their DMs and group DMs and their read states, into who.private_channels and
  // who.read_state (store reads; call on a store thread after authenticate). Nothing for bots.
  model::api_result<void> load_private_state(gateway_identity& who) const;
  // READY's `d` (gateway.md §3.4, clients.md §5), with every field real clients read.
  boost::json::object ready(const gateway_identity& who, const ready_params& params) const;
  // The guilds of the session's shard (guild_id >> 22) % count == id, each with its GUILD_CREATE:
  // every member up to `large_threshold`, else only the user's own (gateway.md §7).
  // The GUILD_MEMBERS_CHUNK bodies answering op 8, at most 1000 members each and at least one
  // chunk (so a waiting client finishes); none when the requester is not in the guild or asks
  // for the whole list without the GUILD_MEMBERS intent.
  model::api_result<std::vector<boost::json::object>> member_chunks(model::snowflake requester, std::uint64_t intents,
                                                                     const member_request& request) const;
  model::api_result<std::vector<session_guild>> guilds(const gateway_identity& who, std::uint32_t shard_id,
                                                        std::uint32_t shard_count, int large_threshold) const;

 private:
  context& ctx_;
  const presences* presences_;  // online members in GUILD_CREATE and op 8 chunks (none without)
  voice_states* voice_;          // GUILD_CREATE's voice_states (none without)
};

} // namespace parley::service
