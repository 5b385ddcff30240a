// Fan-out triggers: USER_UPDATE through PATCH /users/@me, MESSAGE_CREATE through a channel post.
#include "bench/gateway_load/fanout_trigger.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <algorithm>

namespace parley::bench::gateway_load {

fanout_trigger user_update_trigger() {
  return {"PATCH", "/api/v10/users/@me", "global_name", "USER_UPDATE", true, true};
}

fanout_trigger message_create_trigger(std::string_view channel_id) {
  return {"POST", "/api/v10/channels/" + std::string(channel_id) + "/messages", "content", "MESSAGE_CREATE", false, true};
}

fanout_trigger sink_trigger(std::string event_name) { return {"", "", "", std::move(event_name), false, false}; }

result<fanout_trigger> parse_trigger(std::string_view spec) {
  if (spec == "user-update") return user_update_trigger();
  if (spec == "sink") return sink_trigger("MESSAGE_CREATE");
  if (spec == "sink:user-update") return sink_trigger("USER_UPDATE");  // parley-bench sink --event user-update
  constexpr std::string_view message_prefix = "message-create:";
  if (spec.substr(0, message_prefix.size()) == message_prefix) {
    const std::string_view id = spec.substr(message_prefix.size());
    if (!id.empty() && id.size() <= 20 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return message_create_trigger(id);
  }
  return errc::payload_bad_field;
}

void trigger_body(const fanout_trigger& trigger, std::string_view marker, std::string& out) {
  out.clear();
  out.append("{\"").append(trigger.field).append("\":\"").append(marker).append("\"}");
}

} // namespace parley::bench::gateway_load
