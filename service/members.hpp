// Member use cases (rest.md §7.3 members, §7.10 bot authorization, §8.5): list, search, read,
// add with an access token, modify (each field with its own permission), modify self, give and take
// one role, kick, prune, and a bot joining through POST /oauth2/authorize. GUILD_MEMBER_ADD/UPDATE/
// REMOVE to the guild; GUILD_DELETE to a kicked or pruned user and GUILD_CREATE to a joining user
// (user audience); GUILD_AUDIT_LOG_ENTRY_CREATE for every audit entry.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"
#include "service/voice_states.hpp"
#include "store/guild_store.hpp"

namespace parley::service {

// Discord's longest timeout.
inline constexpr std::int64_t max_timeout_ms = 28LL * 24 * 3600 * 1000;

class members {
 public:
  explicit members(context& ctx) : ctx_(ctx) {}
  // The voice states that modify()'s mute, deaf and channel_id act on (rest.md §7.3). Without them
  // mute and deaf are only stored and channel_id is refused.
  void set_voice_states(voice_states* v) { voice_ = v; }

  // Ascending by user id above `after`; limit 1–1000. Bots need their application's
  // GUILD_MEMBERS intent flag (403 50001 otherwise, as on Discord).
  model::api_result<std::vector<store::member_record>> list(const model::user& caller, model::snowflake guild_id,
                                                            model::snowflake after, std::size_t limit);
  model::api_result<std::vector<store::member_record>> search(const model::user& caller, model::snowflake guild_id,
                                                              std::string_view query, std::size_t limit);
  model::api_result<store::member_record> get(const model::user& caller, model::snowflake guild_id,
                                              model::snowflake user_id);
  // nick → MANAGE_NICKNAMES (CHANGE_NICKNAME for oneself), roles → MANAGE_ROLES + hierarchy,
  // mute/deaf → MUTE_MEMBERS/DEAFEN_MEMBERS, communication_disabled_until → MODERATE_MEMBERS
  // (≤ 28 days; never on the owner or an administrator), flags → MANAGE_GUILD or MANAGE_ROLES,
  // channel_id → MOVE_MEMBERS (+ CONNECT to the target; null disconnects). With voice states,
  // mute, deaf and channel_id need the target in voice (400 40032).
  model::api_result<store::member_record> modify(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                                                 const boost::json::object& body);
  // GET /guilds/{id}/voice-states/{user} (rest.md §7.3): any member may read anyone's voice
  // state; 404 10065 when that user is not in voice.
  model::api_result<boost::json::object> voice_state_of(const model::user& caller, model::snowflake guild_id,
                                                        model::snowflake user_id);
  // PATCH /guilds/{id}/members/@me: nick only (CHANGE_NICKNAME).
  model::api_result<store::member_record> modify_self(const actor& who, model::snowflake guild_id,
                                                      const boost::json::object& body);
  // KICK_MEMBERS + hierarchy.
  model::api_result<void> kick(const actor& who, model::snowflake guild_id, model::snowflake user_id);

  // PUT /guilds/{id}/members/{user}: a bot adds user_id with {access_token, nick?, roles?, mute?,
  // deaf?}. access_token is a token of that user (Parley's user tokens serve as OAuth2 access
  // tokens; 403 50025 otherwise). The caller needs CREATE_INSTANT_INVITE, and each optional field
  // its permission as in modify(). nullopt: already a member, nothing changed (the route's 204).
  model::api_result<std::optional<store::member_record>> add(const actor& who, model::snowflake guild_id,
                                                             model::snowflake user_id, const boost::json::object& body);
  // PUT (present) / DELETE /guilds/{id}/members/{user}/roles/{role}: MANAGE_ROLES and a role below
  // the caller's highest; managed roles and @everyone are refused. No change, no event.
  model::api_result<void> set_role(const actor& who, model::snowflake guild_id, model::snowflake user_id,
                                   model::snowflake role_id, bool present);

  // GET /guilds/{id}/prune: how many members a prune with these settings would remove.
  // KICK_MEMBERS; days 1–30 and include_roles are validated by the route.
  model::api_result<std::size_t> prune_count(const model::user& caller, model::snowflake guild_id, int days,
                                             const std::vector<model::snowflake>& include_roles);
  // POST /guilds/{id}/prune {days? (1–30, 7), compute_prune_count? (true), include_roles?}: removes
  // them (audit MEMBER_PRUNE). The count, or nullopt when compute_prune_count is false.
  model::api_result<std::optional<std::size_t>> prune(const actor& who, model::snowflake guild_id,
                                                      const boost::json::object& body);

  // POST /oauth2/authorize?client_id=…&scope=bot: {guild_id, permissions?, authorize: true}. The
  // caller needs MANAGE_GUILD there and may grant only bits it has; the bot joins with a managed
  // role holding `permissions` (none when 0). An existing membership is left as it is.
  model::api_result<void> authorize_bot(const actor& who, model::snowflake application_id,
                                        const boost::json::object& body);

 private:
  model::api_result<store::prune_query> prune_query_of(const guild_access& g, int days,
                                                      const std::vector<model::snowflake>& include_roles);
  model::api_result<store::member_record> apply(const actor& who, const guild_access& g, store::member_record target,
                                                const boost::json::object& body);
  std::optional<model::api_error> check_move(const actor& who, const guild_access& g, const voice_state& current,
                                             const std::optional<model::snowflake>& to, model::channel& target);
  context& ctx_;
  voice_states* voice_ = nullptr;
};

} // namespace parley::service
