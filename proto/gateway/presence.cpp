// Presence payload parsing (gateway.md §8; discord.py's legacy `game` and `status: null`, §3.3).
#include "proto/gateway/presence.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"

#include <cmath>

namespace parley::proto::gateway {
namespace {

using detail::field;

std::optional<gateway::status> parse_status(const boost::json::value& v) noexcept {
  if (!v.is_string()) return std::nullopt;
  std::string_view s = v.get_string();
  if (s == "online") return status::online;
  if (s == "idle") return status::idle;
  if (s == "dnd") return status::dnd;
  if (s == "invisible") return status::invisible;
  if (s == "offline") return status::offline;
  return std::nullopt;
}

bool parse_activity(const boost::json::value& v, activity& out) {
  const boost::json::object* o = v.if_object();
  if (o == nullptr) return false;
  if (const auto* name = field(*o, "name"); name != nullptr && !detail::read_string(*name, out.name)) return false;
  if (const auto* type = field(*o, "type")) {
    auto t = detail::as_int64(*type);
    if (!t || *t < 0 || *t > 5) return false;
    out.type = static_cast<int>(*t);
  }
  if (const auto* state = field(*o, "state")) {
    if (!detail::read_string(*state, out.state.emplace())) return false;
  }
  if (const auto* url = field(*o, "url")) {
    if (!detail::read_string(*url, out.url.emplace())) return false;
  }
  return true;
}

} // namespace

result<presence> parse_presence(const boost::json::value& d) {
  constexpr auto malformed = close_code::unknown_opcode;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return malformed;
  presence out;

  if (const auto* since = field(*o, "since")) {
    if (auto i = detail::as_int64(*since)) {
      out.since = *i;
    } else if (since->is_double() && std::isfinite(since->get_double()) &&
               std::fabs(since->get_double()) < 9.0e18) {
      out.since = static_cast<std::int64_t>(since->get_double());
    } else {
      return malformed;
    }
  }

  if (const auto* activities = field(*o, "activities")) {
    const boost::json::array* a = activities->if_array();
    if (a == nullptr) return malformed;
    out.activities.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (!parse_activity((*a)[i], out.activities[i])) return malformed;
    }
  } else if (const auto* game = field(*o, "game")) {
    if (!parse_activity(*game, out.activities.emplace_back())) return malformed;
  }

  if (const auto* st = field(*o, "status")) {
    auto s = parse_status(*st);
    if (!s) return malformed;
    out.status = *s;
  }

  if (const auto* afk = field(*o, "afk")) {
    if (!afk->is_bool()) return malformed;
    out.afk = afk->get_bool();
  }
  return out;
}

} // namespace parley::proto::gateway
