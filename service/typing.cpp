// Typing indicators (gateway.md §11.1 TYPING_START); see typing.hpp.
#include "service/typing.hpp"

#include <boost/json/object.hpp>

#include "model/guild_json.hpp"
#include "model/permission_bits.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"
#include "service/message_access.hpp"

namespace parley::service {

model::api_result<void> typing::start(const model::user& caller, model::snowflake channel_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!where->has(model::permission::send_messages)) return missing_permissions();
  boost::json::object d;
  d["channel_id"] = model::to_string(channel_id);
  if (where->channel.guild_id) d["guild_id"] = model::to_string(*where->channel.guild_id);
  d["user_id"] = model::to_string(caller.id);
  d["timestamp"] = ctx_.time.now_ms() / 1000;
  if (where->guild) d["member"] = model::to_json(where->guild->self, &caller);
  publish_to_channel(ctx_, "TYPING_START", std::move(d), where->channel);
  return {};
}

} // namespace parley::service
