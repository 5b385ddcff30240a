// Payloads of op 3, op 4 and op 8 (gateway.md §7-§9); see gateway_requests.hpp.
#include "client/runtime/gateway_requests.hpp"

#include <boost/json/object.hpp>

namespace parley::client {

boost::json::value presence_payload(const presence_params& p) {
  boost::json::object d;
  d["since"] = p.since ? boost::json::value(*p.since) : boost::json::value(nullptr);
  d["activities"] = p.activities;
  d["status"] = p.status;
  d["afk"] = p.afk;
  return d;
}

boost::json::value guild_members_payload(const guild_members_request& r) {
  boost::json::object d;
  d["guild_id"] = std::to_string(r.guild_id);
  if (r.user_ids.empty()) {
    d["query"] = r.query;
    d["limit"] = r.limit;
  } else {
    boost::json::array ids;
    for (auto id : r.user_ids) ids.emplace_back(std::to_string(id));
    d["user_ids"] = std::move(ids);
  }
  if (r.presences) d["presences"] = true;
  if (!r.nonce.empty()) d["nonce"] = r.nonce;
  return d;
}

boost::json::value voice_state_payload(std::uint64_t guild_id, std::optional<std::uint64_t> channel_id,
                                       bool self_mute, bool self_deaf) {
  boost::json::object d;
  d["guild_id"] = std::to_string(guild_id);
  d["channel_id"] = channel_id ? boost::json::value(std::to_string(*channel_id)) : boost::json::value(nullptr);
  d["self_mute"] = self_mute;
  d["self_deaf"] = self_deaf;
  return d;
}

} // namespace parley::client
