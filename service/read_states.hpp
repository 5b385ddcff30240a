// Unread state use cases (issue "Conversations" §6; gateway.md READY `read_state`, MESSAGE_ACK):
// POST /channels/{id}/messages/{id}/ack records how far a user has read a channel they can see
// (a guild channel they may VIEW_CHANNEL, or a private channel they participate in) and tells
// the user's sessions with MESSAGE_ACK; READY lists the read states with their mention counts.
#pragma once

#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/message.hpp"
#include "model/user.hpp"
#include "service/context.hpp"

namespace parley::service {

// READY's read_state entry: {id (the channel), last_message_id, mention_count, last_pin_timestamp}.
boost::json::object read_state_json(const model::read_state& s);
// READY's read_state: {entries, partial: false, version: 0}.
boost::json::object read_state_list_json(const std::vector<model::read_state>& states);

class read_states {
 public:
  explicit read_states(context& ctx) : ctx_(ctx) {}

  // Body {token?: string|null, manual?: bool, mention_count?: int, ...} is checked for types and
  // otherwise ignored: the position only moves forward (no "mark unread"). 404 10003 for a
  // channel the caller cannot see. MESSAGE_ACK {channel_id, message_id, version, mention_count}
  // goes to every session of the caller.
  model::api_result<model::read_state> ack(const model::user& caller, model::snowflake channel_id,
                                           model::snowflake message_id, const boost::json::object& body);
  model::api_result<std::vector<model::read_state>> of(const model::user& caller);

 private:
  context& ctx_;
};

} // namespace parley::service
