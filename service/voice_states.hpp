// Voice states (gateway.md §9, voice.md §2, rest.md §6.9): who is in which voice or stage channel of
// each guild, with which main-gateway session, and the token that session's voice connection
// presents to the voice gateway. Joins, moves and leaves through op 4; server mute, deafen, move
// and disconnect through the member routes; VOICE_STATE_UPDATE to the guild on every change. In
// memory only: voice states do not survive a restart (nor do they on Discord).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "bus/bus.hpp"
#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/snowflake.hpp"
#include "service/context.hpp"

namespace parley::service {

struct voice_state {
  model::snowflake guild_id = 0;
  model::snowflake channel_id = 0;  // 0 once the user left (in a voice_change's `after` never)
  model::snowflake user_id = 0;
  std::string session_id;            // the main-gateway session that joined
  std::string token;                 // what the voice gateway's Identify must present
  bool deaf = false;                 // server-imposed (persisted on the member)
  bool mute = false;
  bool self_deaf = false;
  bool self_mute = false;
  bool self_video = false;
  bool self_stream = false;
  bool suppress = false;             // stage channels: joined as audience
  std::optional<std::int64_t> request_to_speak_ms;
};

// Op 4's `d` as the service takes it (proto/gateway/voice_state_request.hpp parses it).
struct voice_request {
  model::snowflake guild_id = 0;
  std::optional<model::snowflake> channel_id;  // nullopt: leave
  bool self_mute = false;
  bool self_deaf = false;
};

// What the requesting session receives after op 4, in this order (clients.md §7: @discordjs/voice
// hangs if VOICE_SERVER_UPDATE comes first): its own VOICE_STATE_UPDATE, then VOICE_SERVER_UPDATE
// when a new token was issued (join, move, or a repeated identical request: a rejoin).
struct voice_reply {
  boost::json::object state;                 // the VOICE_STATE_UPDATE `d`, as the guild got it
  std::optional<boost::json::object> server;  // the VOICE_SERVER_UPDATE `d`
};

// One change for the voice server. `before` is empty when the user joined; `after` is empty when
// the user left, was disconnected or removed, lost the channel, or their gateway session ended.
// `token_revoked`: before's token no longer validates, so its voice connection must be closed.
struct voice_change {
  std::optional<voice_state> before;
  std::optional<voice_state> after;
  bool token_revoked = false;
};

class voice_states {
 public:
  // `endpoint` is VOICE_SERVER_UPDATE's "host:port" (voice.md §2: no scheme, explicit port).
  voice_states(context& ctx, std::string endpoint);

  // Before the first request (the port may be known only after binding).
  void set_endpoint(std::string endpoint);
  const std::string& endpoint() const noexcept { return endpoint_; }

  // Subscribes to the bus (at startup, before the first publish) to drop the states of removed
  // members, deleted channels and deleted guilds.
  void subscribe_to(bus::bus& bus);
  // Listeners are added at startup, before the first change. Each runs on the thread that made
  // the change (a store thread, a network thread), in the order the changes were made; it must
  // only hand the change over (post it), never block, and must not call back into voice_states
  // (the change carries the whole state, token included). It runs while later changes wait, so
  // it must not take a lock that anyone holds around a call into voice_states (validate()
  // under that lock + this listener taking it = deadlock).
  void on_change(std::function<void(const voice_change&)> listener);

  // --- op 4 (store reads: call on a store thread) -------------------------------------------
  // Join, move, update self flags or leave. Discord ignores bad requests (no channel, not a voice
  // or stage channel, no VIEW_CHANNEL or CONNECT, channel full without MOVE_MEMBERS, leaving
  // while not in voice): those return an error (for a debug log) and change nothing.
  // `order` (non-zero, increasing in the order the session sent its requests) makes a session's
  // requests take effect in that order although they run on several store threads: a request
  // overtaken by a later one of the same session is dropped, so the last one sent wins.
  model::api_result<voice_reply> request(model::snowflake user_id, const std::string& session_id,
                                         const voice_request& r, std::uint64_t order = 0);

  // --- member routes (PATCH /guilds/{g}/members/{u}); permissions are the caller's business ----
  // Whether the user is in a voice channel of the guild (40032 otherwise, rest.md §7.3).
  std::optional<voice_state> of(model::snowflake guild_id, model::snowflake user_id) const;
  // The voice state object (rest.md §6.9, with guild_id and member) for GET .../voice-states/{user}.
  std::optional<boost::json::object> state_object(model::snowflake guild_id, model::snowflake user_id) const;
  // Moves the user (in voice) to another voice or stage channel of the guild; the token stays.
  // Returns false when the user is not in voice.
  bool move(model::snowflake guild_id, model::snowflake user_id, const model::channel& to);
  // Disconnects the user; false when not in voice.
  bool disconnect(model::snowflake guild_id, model::snowflake user_id);

  // --- the gateway ----------------------------------------------------------------------------
  // The gateway session ended for good (closed with 1000/1001 or its resume window passed): its
  // voice states end. Any thread.
  void end_session(model::snowflake user_id, const std::string& session_id);
  // GUILD_CREATE's voice_states: without guild_id (gateway.md §11.3) and without member.
  boost::json::array guild_create_json(model::snowflake guild_id) const;

  // --- the voice gateway ----------------------------------------------------------------------
  // Identify/Resume (voice.md §3): the state the token was issued for, if it is still current
  // and matches guild (server_id), user and session. nullopt → close 4004.
  std::optional<voice_state> validate(model::snowflake server_id, model::snowflake user_id,
                                      std::string_view session_id, std::string_view token) const;

  // What the services published that changes voice states (subscribe_to feeds it; public so tests
  // can): GUILD_MEMBER_UPDATE (server mute/deaf, the member object), GUILD_MEMBER_REMOVE,
  // GUILD_DELETE and CHANNEL_DELETE end or update the states concerned.
  void observe(const bus::event& e);

 private:
  struct entry {
    voice_state state;
    boost::json::object member;  // the member object with user, as of the join or last update
  };
  using guild_map = std::unordered_map<model::snowflake, entry>;  // user id → entry

  std::string new_token() const;
  boost::json::object state_json(const voice_state& s, const boost::json::object* member) const;
  std::size_t occupancy(const guild_map& g, model::snowflake channel_id, model::snowflake except_user) const;
  // Every change is made under mutex_, then published and told to the listeners under
  // publish_mutex_ (taken before mutex_ is released), outside mutex_.
  std::optional<entry> take_locked(model::snowflake guild_id, model::snowflake user_id);  // mutex_ held
  std::unique_lock<std::mutex> hand_over();
  void publish_left(const entry& e);
  void publish(const voice_state& s, const boost::json::object& member);
  void notify(const voice_change& change) const;

  context& ctx_;
  std::string endpoint_;
  std::vector<std::function<void(const voice_change&)>> listeners_;

  mutable std::mutex mutex_;
  std::mutex publish_mutex_;
  std::unordered_map<model::snowflake, guild_map> guilds_;  // guild id → its voice states
  std::unordered_map<model::snowflake, std::vector<model::snowflake>> user_guilds_;  // for end_session
  std::unordered_map<std::string, std::uint64_t> last_order_;  // session id → its latest op 4
};

} // namespace parley::service
