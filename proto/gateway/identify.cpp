// Identify validation (gateway.md §3.3, §5, §6.1).
#include "proto/gateway/identify.hpp"

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/detail/json_read.hpp"
#include "proto/gateway/intents.hpp"

#include <algorithm>

namespace parley::proto::gateway {
namespace {

using detail::field;

bool read_property(const boost::json::object& props, std::string_view key, std::string_view legacy_key,
                   std::string& out) {
  const auto* v = field(props, key);
  if (v == nullptr) v = field(props, legacy_key);
  return v == nullptr || detail::read_string(*v, out);
}

std::optional<shard_info> parse_shard(const boost::json::value& v) noexcept {
  const boost::json::array* a = v.if_array();
  if (a == nullptr || a->size() != 2) return std::nullopt;
  auto id = detail::as_int64((*a)[0]);
  auto count = detail::as_int64((*a)[1]);
  if (!id || !count || *id < 0 || *count < 1 || *id >= *count || *count > UINT32_MAX) return std::nullopt;
  return shard_info{static_cast<std::uint32_t>(*id), static_cast<std::uint32_t>(*count)};
}

} // namespace

std::string_view strip_bot_prefix(std::string_view token) noexcept {
  if (token.size() >= 4 && token.substr(0, 4) == "Bot ") token.remove_prefix(4);
  return token;
}

result<identify> parse_identify(const boost::json::value& d, int api_version) {
  constexpr auto malformed = close_code::unknown_opcode;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return malformed;
  identify out;

  const auto* token = field(*o, "token");
  if (token == nullptr || !token->is_string()) return malformed;
  out.token = strip_bot_prefix(token->get_string());

  const auto* props_value = field(*o, "properties");
  const boost::json::object* props = props_value != nullptr ? props_value->if_object() : nullptr;
  if (props == nullptr) return malformed;
  if (!read_property(*props, "os", "$os", out.properties.os) ||
      !read_property(*props, "browser", "$browser", out.properties.browser) ||
      !read_property(*props, "device", "$device", out.properties.device)) {
    return malformed;
  }

  if (const auto* compress = field(*o, "compress")) {
    if (!compress->is_bool()) return malformed;
    out.compress = compress->get_bool();
  }

  if (const auto* threshold = field(*o, "large_threshold")) {
    auto t = detail::as_int64(*threshold);
    if (!t) return malformed;
    out.large_threshold = static_cast<int>(std::clamp<std::int64_t>(*t, 50, 250));
  }

  if (const auto* p = field(*o, "presence")) {
    auto parsed = parse_presence(*p);
    if (!parsed) return parsed.error();
    out.presence = std::move(*parsed);
  }

  if (const auto* intents = field(*o, "intents")) {
    auto i = detail::as_int64(*intents);
    if (!i || *i < 0 || !intents_valid(static_cast<std::uint64_t>(*i))) return close_code::invalid_intents;
    out.intents = static_cast<std::uint64_t>(*i);
  } else if (api_version >= 8) {
    return close_code::invalid_intents;
  }

  if (const auto* shard = field(*o, "shard")) {
    out.shard = parse_shard(*shard);
    if (!out.shard) return close_code::invalid_shard;
  }
  return out;
}

} // namespace parley::proto::gateway
