// Request Guild Members parsing (gateway.md §7).
#include "proto/gateway/request_guild_members.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"

namespace parley::proto::gateway {

result<request_guild_members> parse_request_guild_members(const boost::json::value& d) {
  constexpr auto malformed = close_code::unknown_opcode;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return malformed;
  request_guild_members out;

  const auto* guild_id = detail::field(*o, "guild_id");
  auto guild = guild_id != nullptr ? detail::as_snowflake(*guild_id) : std::nullopt;
  if (!guild) return malformed;
  out.guild_id = *guild;

  if (const auto* user_ids = detail::field(*o, "user_ids")) {
    auto& ids = out.user_ids.emplace();
    if (const boost::json::array* a = user_ids->if_array()) {
      if (a->size() > max_requested_user_ids) return malformed;
      ids.reserve(a->size());
      for (const auto& id : *a) {
        auto s = detail::as_snowflake(id);
        if (!s) return malformed;
        ids.push_back(*s);
      }
    } else {
      auto s = detail::as_snowflake(*user_ids);
      if (!s) return malformed;
      ids.push_back(*s);
    }
  } else {
    const auto* query = detail::field(*o, "query");
    const auto* limit = detail::field(*o, "limit");
    if (query == nullptr || !detail::read_string(*query, out.query.emplace())) return malformed;
    auto l = limit != nullptr ? detail::as_int64(*limit) : std::nullopt;
    if (!l || *l < 0) return malformed;
    out.limit = static_cast<std::uint64_t>(*l);
  }

  if (const auto* presences = detail::field(*o, "presences")) {
    if (!presences->is_bool()) return malformed;
    out.presences = presences->get_bool();
  }

  if (const auto* nonce = detail::field(*o, "nonce")) {
    if (nonce->is_string() && nonce->get_string().size() <= max_nonce_size) {
      out.nonce.emplace(nonce->get_string().data(), nonce->get_string().size());
    }
  }
  return out;
}

} // namespace parley::proto::gateway
