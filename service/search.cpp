// Message search; see search.hpp.
#include "service/search.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include <boost/json/array.hpp>

#include "model/channel_kind.hpp"
#include "model/message.hpp"
#include "model/permission_bits.hpp"
#include "model/permissions.hpp"
#include "model/text.hpp"
#include "service/content_gate.hpp"
#include "service/errors.hpp"
#include "service/guild_access.hpp"
#include "service/message_access.hpp"
#include "store/message_store.hpp"

namespace parley::service {
namespace {

using model::api_error;
namespace json = boost::json;
namespace perm = model::permission;

constexpr model::permissions read_bits = perm::view_channel | perm::read_message_history;

std::optional<int> has_bit(std::string_view value) {
  namespace h = model::message_has;
  if (value == "link") return h::link;
  if (value == "embed") return h::embed;
  if (value == "file") return h::file;
  if (value == "image") return h::image;
  if (value == "video") return h::video;
  if (value == "sound") return h::sound;
  if (value == "sticker") return h::sticker;
  if (value == "poll") return h::poll;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

} // namespace

model::api_result<search_request> parse_search_request(
    const std::vector<std::pair<std::string, std::string>>& params) {
  search_request out;
  api_error error = api_error::invalid_form_body();
  const auto id_of = [&](const std::string& key, const std::string& value) -> std::optional<model::snowflake> {
    if (auto id = model::parse_snowflake(value)) return id;
    error.field(key, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not snowflake.");
    return std::nullopt;
  };
  const auto bounded = [&](const std::string& key, const std::string& value, std::int64_t min,
                           std::int64_t max) -> std::optional<std::size_t> {
    const auto n = parse_int(value);
    if (!n) {
      error.field(key, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not int.");
      return std::nullopt;
    }
    if (*n < min || *n > max) {
      error.field(key, "NUMBER_TYPE_MAX", "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
      return std::nullopt;
    }
    return static_cast<std::size_t>(*n);
  };
  // Each list is bounded so a long query string cannot make a long SQL parameter.
  constexpr std::size_t max_list = 100;
  const auto push = [&](std::vector<model::snowflake>& list, const std::string& key, const std::string& value) {
    if (auto id = id_of(key, value)) {
      if (list.size() == max_list) {
        error.field(key, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
        return;
      }
      if (std::find(list.begin(), list.end(), *id) == list.end()) list.push_back(*id);
    }
  };

  for (const auto& [key, value] : params) {
    if (key == "content") {
      std::string text = value;
      model::truncate_code_points(text, max_search_content);
      out.content = std::move(text);
    } else if (key == "author_id") {
      push(out.author_ids, key, value);
    } else if (key == "mentions") {
      push(out.mentions, key, value);
    } else if (key == "channel_id") {
      push(out.channel_ids, key, value);
    } else if (key == "has") {
      if (auto bit = has_bit(value)) {
        out.has_all |= *bit;
      } else {
        error.field(key, "BASE_TYPE_CHOICES", "Value must be one of {'link', 'embed', 'file', 'image', 'video', "
                                              "'sound', 'sticker', 'poll'}.");
      }
    } else if (key == "min_id") {
      if (auto id = id_of(key, value)) out.min_id = *id;
    } else if (key == "max_id") {
      if (auto id = id_of(key, value)) out.max_id = *id;
    } else if (key == "sort_order") {
      if (value == "asc") {
        out.oldest_first = true;
      } else if (value == "desc") {
        out.oldest_first = false;
      } else {
        error.field(key, "BASE_TYPE_CHOICES", "Value must be one of {'asc', 'desc'}.");
      }
    } else if (key == "sort_by") {
      // Relevance is served as time order: FTS5's rank over a filtered join costs a full sort.
      if (value != "timestamp" && value != "relevance")
        error.field(key, "BASE_TYPE_CHOICES", "Value must be one of {'timestamp', 'relevance'}.");
    } else if (key == "offset") {
      if (auto n = bounded(key, value, 0, static_cast<std::int64_t>(max_search_offset))) out.offset = *n;
    } else if (key == "limit") {
      if (auto n = bounded(key, value, 1, static_cast<std::int64_t>(max_search_limit))) out.limit = *n;
    }
  }
  if (error.has_field_errors()) return error;
  return out;
}

model::api_result<boost::json::object> search::in_guild(const model::user& caller, model::snowflake guild_id,
                                                        const search_request& request) {
  auto access = load_guild_access(ctx_, guild_id, caller.id);
  if (!access) return access.error();
  auto channels = ctx_.store.channels_of_guild(guild_id);
  if (!channels) return internal_error(channels.error(), "channels_of_guild");
  std::unordered_map<model::snowflake, const model::channel*> by_id;
  by_id.reserve(channels->size());
  for (const auto& c : *channels) by_id.emplace(c.id, &c);

  const auto now = ctx_.time.now_ms();
  std::vector<model::snowflake> readable;
  for (const auto& c : *channels) {
    if (c.type == model::channel_type::guild_category) continue;
    if (!request.channel_ids.empty() &&
        std::find(request.channel_ids.begin(), request.channel_ids.end(), c.id) == request.channel_ids.end())
      continue;
    // Threads are read with their parent's permissions.
    const model::channel* evaluated = &c;
    if (model::is_thread(c.type)) {
      const auto parent = c.parent_id ? by_id.find(*c.parent_id) : by_id.end();
      if (parent == by_id.end()) continue;
      evaluated = parent->second;
    }
    auto needed = read_bits;
    if (model::is_voice_like(evaluated->type)) needed |= perm::connect;
    const auto p = model::channel_permissions(access->guild, access->roles, access->self, *evaluated, now);
    if ((p & needed) == needed) readable.push_back(c.id);
  }
  return run(caller, std::move(readable), false, request);
}

model::api_result<boost::json::object> search::in_channel(const model::user& caller, model::snowflake channel_id,
                                                          const search_request& request) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  auto needed = read_bits;
  if (model::is_voice_like(where->channel.type)) needed |= perm::connect;
  if (!where->has(needed)) return missing_permissions();
  return run(caller, {channel_id}, where->is_private(), request);
}

model::api_result<boost::json::object> search::run(const model::user& caller, std::vector<model::snowflake> channels,
                                                   bool private_channel, const search_request& request) {
  store::search_query q;
  q.channel_ids = std::move(channels);
  q.content = request.content;
  q.author_ids = request.author_ids;
  q.mentions = request.mentions;
  q.has_all = request.has_all;
  q.min_id = request.min_id;
  q.max_id = request.max_id;
  q.oldest_first = request.oldest_first;
  q.offset = std::min(request.offset, max_search_offset);
  q.limit = std::clamp<std::size_t>(request.limit, 1, max_search_limit);
  auto found = ctx_.store.search_messages(q, caller.id);
  if (!found) return internal_error(found.error(), "search_messages");

  content_gate gate(ctx_, view_, caller);
  json::array messages;
  messages.reserve(found->messages.size());
  for (const auto& r : found->messages) {
    // Discord answers each hit as a list of one message (it used to add context messages).
    json::array hit;
    hit.push_back(gate.render(r, private_channel));
    messages.push_back(std::move(hit));
  }
  json::object out;
  out["total_results"] = found->total_results;
  out["messages"] = std::move(messages);
  out["threads"] = json::array();
  out["members"] = json::array();
  return out;
}

} // namespace parley::service
