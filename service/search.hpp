// Message search (issue "Conversations" §7; Discord's GET /guilds/{id}/messages/search and
// GET /channels/{id}/messages/search): the query parameters, and the two use cases that build the
// list of channels the caller may read (VIEW_CHANNEL + READ_MESSAGE_HISTORY) before asking the
// store, so a message of a channel the caller cannot read is never found.
// Answer: {total_results, messages: [[message]], threads: [], members: []}.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/message_events.hpp"

namespace parley::service {

inline constexpr std::size_t max_search_offset = 9975;  // Discord's bound
inline constexpr std::size_t max_search_limit = 25;
inline constexpr std::size_t max_search_content = 1024;  // characters of `content` kept

struct search_request {
  std::optional<std::string> content;
  std::vector<model::snowflake> author_ids;
  std::vector<model::snowflake> mentions;
  int has_all = 0;                           // model::message_has bits
  model::snowflake min_id = 0;
  model::snowflake max_id = 0;
  std::vector<model::snowflake> channel_ids; // guild route: narrow to these channels
  bool oldest_first = false;
  std::size_t offset = 0;
  std::size_t limit = 25;
};

// The decoded query parameters in order (keys may repeat: author_id, mentions, has, channel_id).
// 400 50035 with a field error per bad parameter: ids that are not snowflakes, unknown `has`
// values, sort_order other than asc/desc, sort_by other than timestamp/relevance, offset above
// 9975, limit outside 1–25. Unknown parameters are ignored (Discord accepts many more).
model::api_result<search_request> parse_search_request(
    const std::vector<std::pair<std::string, std::string>>& params);

class search {
 public:
  // `view` is shared with the other message services and outlives this object.
  search(context& ctx, const message_view& view) : ctx_(ctx), view_(view) {}

  // Member of the guild (else 404 10004); searches every guild channel the caller may read,
  // narrowed by request.channel_ids.
  model::api_result<boost::json::object> in_guild(const model::user& caller, model::snowflake guild_id,
                                                  const search_request& request);
  // A channel the caller can see (else 404 10003); 403 50013 without READ_MESSAGE_HISTORY.
  model::api_result<boost::json::object> in_channel(const model::user& caller, model::snowflake channel_id,
                                                    const search_request& request);

 private:
  model::api_result<boost::json::object> run(const model::user& caller, std::vector<model::snowflake> channels,
                                             bool private_channel, const search_request& request);
  context& ctx_;
  const message_view& view_;
};

} // namespace parley::service
