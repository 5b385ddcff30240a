// DM and group DM use cases (rest.md §7.2 POST/GET /users/@me/channels, §7.4 for private
// channels, group DM recipients): the one DM of a pair, group DMs of up to 10 participants with an
// owner and a name, adding and removing recipients, closing and leaving. A private channel is
// visible to its participants only: everyone else gets 404 10003, as for a channel that does not
// exist. Events go after the commit: CHANNEL_CREATE to the people (never bots, clients.md §6) of a
// new channel and to an added user, CHANNEL_RECIPIENT_ADD/REMOVE {channel_id, user} to the other
// participants, CHANNEL_UPDATE and CHANNEL_DELETE. Each participant receives the channel with
// `recipients` listing the others, as Discord sends it.
#pragma once

#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "store/message_store.hpp"

namespace parley::service {

// Discord: a group DM holds at most 10 users (30004 beyond).
inline constexpr std::size_t max_group_dm_participants = 10;

// The channel object as `viewer` sees it: recipients are the other participants as user objects.
boost::json::object private_channel_json(const store::private_channel_record& r, model::snowflake viewer);

class private_channels {
 public:
  explicit private_channels(context& ctx) : ctx_(ctx) {}

  // POST /users/@me/channels. {recipient_id} (string or integer) or {recipients: [one id]}: the
  // pair's DM, existing or new. {recipients: [ids]} (none or several) or {access_tokens: [user
  // tokens], nicks?}: a new group DM owned by the caller. 400 50033 for yourself as recipient,
  // 404 10013 for an unknown user, 400 30004 beyond 10 participants.
  model::api_result<store::private_channel_record> open(const model::user& caller, const boost::json::object& body);
  // GET /users/@me/channels: every private channel of the caller, most recently active first.
  model::api_result<std::vector<store::private_channel_record>> list(const model::user& caller);

  // GET /channels/{id} of a private channel the caller participates in.
  model::api_result<store::private_channel_record> get(const model::user& caller, model::snowflake channel_id);
  // PATCH /channels/{id}: group DM `name` (null or "" clears) and `icon` (only null for now), by
  // any participant; CHANNEL_UPDATE when something changed. A DM: 403 50003.
  model::api_result<store::private_channel_record> modify(const model::user& caller, model::snowflake channel_id,
                                                          const boost::json::object& body);
  // DELETE /channels/{id}: closing a DM deletes nothing (CHANNEL_DELETE to the caller only);
  // on a group DM the caller leaves. Answers the channel as it was.
  model::api_result<store::private_channel_record> close(const model::user& caller, model::snowflake channel_id);

  // PUT /channels/{id}/recipients/{user_id} {access_token?, nick?}: any participant adds a user to
  // a group DM; an access_token, when given, must be one of that user's tokens (400 50025).
  // Adding a participant again changes nothing.
  model::api_result<void> add_recipient(const model::user& caller, model::snowflake channel_id,
                                        model::snowflake user_id, const boost::json::object& body);
  // DELETE /channels/{id}/recipients/{user_id}: the owner removes anyone; anyone removes
  // themselves (leaves). When the owner leaves, the next participant owns the group.
  model::api_result<void> remove_recipient(const model::user& caller, model::snowflake channel_id,
                                           model::snowflake user_id);

  // `c` (a private channel as another use case returned it) as `viewer` sees it, with the
  // recipients' user objects read from the store; one who left meanwhile is a minimal user.
  boost::json::object render(const model::channel& c, model::snowflake viewer);

  // The private channel if the caller participates in it; nullopt when the channel does not
  // exist or is a guild channel (the caller then tries the guild path); 404 10003 when it is
  // someone else's private channel.
  model::api_result<std::optional<store::private_channel_record>> find(const model::user& caller,
                                                                       model::snowflake channel_id);

 private:
  model::api_result<store::private_channel_record> open_dm(const model::user& caller, model::snowflake other);
  model::api_result<store::private_channel_record> create_group(const model::user& caller,
                                                                std::vector<model::snowflake> others);
  model::api_result<void> leave(const store::private_channel_record& rec, model::snowflake user_id);
  context& ctx_;
};

} // namespace parley::service
