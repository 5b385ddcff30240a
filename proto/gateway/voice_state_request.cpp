// Voice state request parsing (gateway.md §9).
#include "proto/gateway/voice_state_request.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"

namespace parley::proto::gateway {

result<voice_state_request> parse_voice_state_request(const boost::json::value& d) {
  constexpr auto malformed = close_code::unknown_opcode;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return malformed;
  voice_state_request out;
  const auto* guild_id = detail::field(*o, "guild_id");
  auto guild = guild_id != nullptr ? detail::as_snowflake(*guild_id) : std::nullopt;
  if (!guild) return malformed;
  out.guild_id = *guild;
  if (const auto* channel_id = detail::field(*o, "channel_id")) {
    out.channel_id = detail::as_snowflake(*channel_id);
    if (!out.channel_id) return malformed;
  }
  for (auto [key, target] : {std::pair{"self_mute", &out.self_mute}, std::pair{"self_deaf", &out.self_deaf}}) {
    if (const auto* v = detail::field(*o, key)) {
      if (!v->is_bool()) return malformed;
      *target = v->get_bool();
    }
  }
  return out;
}

} // namespace parley::proto::gateway
