// Resume payload parsing (gateway.md §3.6).
#include "proto/gateway/resume.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"
#include "proto/gateway/identify.hpp"

namespace parley::proto::gateway {

result<resume> parse_resume(const boost::json::value& d) {
  constexpr auto malformed = close_code::unknown_opcode;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return malformed;
  resume out;
  const auto* token = detail::field(*o, "token");
  if (token == nullptr || !token->is_string()) return malformed;
  out.token = strip_bot_prefix(token->get_string());
  const auto* session_id = detail::field(*o, "session_id");
  if (session_id == nullptr || !detail::read_string(*session_id, out.session_id)) return malformed;
  if (const auto* seq = detail::field(*o, "seq")) {
    auto s = detail::as_int64(*seq);
    if (!s || *s < 0) return malformed;
    out.seq = static_cast<std::uint64_t>(*s);
  }
  return out;
}

} // namespace parley::proto::gateway
