// Read states and MESSAGE_ACK; see read_states.hpp.
#include "service/read_states.hpp"

#include <algorithm>

#include <boost/json/array.hpp>

#include "model/snowflake.hpp"
#include "model/timestamp.hpp"
#include "service/errors.hpp"
#include "service/form.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"

namespace parley::service {

namespace json = boost::json;

json::object read_state_json(const model::read_state& s) {
  json::object o;
  o["id"] = model::to_string(s.channel_id);
  o["last_message_id"] = model::to_string(s.last_message_id);
  o["mention_count"] = s.mention_count;
  o["last_pin_timestamp"] = s.last_pin_ms ? json::value(model::format_iso8601(*s.last_pin_ms)) : json::value(nullptr);
  return o;
}

json::object read_state_list_json(const std::vector<model::read_state>& states) {
  json::array entries;
  entries.reserve(states.size());
  for (const auto& s : states) entries.push_back(read_state_json(s));
  return json::object{{"entries", std::move(entries)}, {"partial", false}, {"version", 0}};
}

model::api_result<model::read_state> read_states::ack(const model::user& caller, model::snowflake channel_id,
                                                      model::snowflake message_id, const json::object& body) {
  form f(body);
  (void)f.nullable_string("token", 0, 256);
  (void)f.optional_bool("manual");
  (void)f.optional_integer("mention_count", 0, INT32_MAX);
  if (!f.ok()) return f.error();

  // Private channels first: load_channel_access answers 404 for them.
  auto priv = ctx_.store.private_channel(channel_id);
  if (!priv) return internal_error(priv.error(), "private_channel");
  if (*priv) {
    const auto& ids = (*priv)->channel.recipients;
    if (std::find(ids.begin(), ids.end(), caller.id) == ids.end()) return unknown_channel();
  } else if (auto a = load_channel_access(ctx_, channel_id, caller.id); !a) {
    return a.error();
  }

  auto state = ctx_.store.ack(caller.id, channel_id, message_id);
  if (!state) {
    if (state.error() == store::store_errc::not_found) return unknown_channel();
    return internal_error(state.error(), "ack");
  }
  publish_to_user(ctx_, "MESSAGE_ACK",
                  json::object{{"channel_id", model::to_string(channel_id)},
                               {"message_id", model::to_string(state->last_message_id)},
                               {"mention_count", state->mention_count},
                               {"version", ctx_.time.now_ms()}},
                  caller.id);
  return std::move(*state);
}

model::api_result<std::vector<model::read_state>> read_states::of(const model::user& caller) {
  auto r = ctx_.store.read_states_of(caller.id);
  if (!r) return internal_error(r.error(), "read_states_of");
  return std::move(*r);
}

} // namespace parley::service
