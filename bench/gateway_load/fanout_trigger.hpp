// How the load generator makes the server dispatch one event to every client: a REST call whose
// JSON body carries the marker in one string field, and the dispatch name that then arrives.
// USER_UPDATE (PATCH /users/@me global_name) reaches every session of the caller's account;
// MESSAGE_CREATE (POST /channels/{id}/messages content) every member of the channel. The "sink"
// trigger is no REST call: one session sends op 3 and parley-bench's own sink server (the receive
// ceiling) then writes every event itself, as fast as the sessions read.
#pragma once

#include "proto/base/result.hpp"

#include <string>
#include <string_view>

namespace parley::bench::gateway_load {

struct fanout_trigger {
  std::string method;     // "PATCH"
  std::string target;     // "/api/v10/users/@me"
  std::string field;      // body field that receives the marker: "global_name"
  std::string event_name; // "USER_UPDATE"
  // True when only sessions of the trigger account receive the event (USER_UPDATE); then the
  // clients identified with other tokens are not counted as receivers.
  bool trigger_account_only = false;
  bool via_rest = true; // false: the sink trigger
};

fanout_trigger user_update_trigger();
fanout_trigger message_create_trigger(std::string_view channel_id);
// No REST call: parley-bench sink writes `event_name` dispatches by itself.
fanout_trigger sink_trigger(std::string event_name);

// "user-update", "message-create:<channel_id>" or "sink"; errc::payload_bad_field otherwise.
result<fanout_trigger> parse_trigger(std::string_view spec);

// {"<field>":"<marker>"} (markers need no JSON escaping).
void trigger_body(const fanout_trigger& trigger, std::string_view marker, std::string& out);

} // namespace parley::bench::gateway_load
