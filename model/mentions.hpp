// The mention syntax of message content (rest.md §6.6.1 "Mentions are only effective when the
// mention syntax is present"): <@id> and <@!id> (users), <@&id> (roles), @everyone and @here.
// Which of them take effect (allowed_mentions, MENTION_EVERYONE, mentionable roles) is the
// use case's decision; this only finds them.
#pragma once

#include <string_view>
#include <vector>

#include "model/snowflake.hpp"

namespace parley::model {

struct content_mentions {
  std::vector<snowflake> users;  // in order of first appearance, without duplicates
  std::vector<snowflake> roles;  // same
  bool everyone = false;         // "@everyone" appears
  bool here = false;             // "@here" appears
};

// Linear in the content's length; ids that are not valid snowflakes are ignored.
content_mentions parse_mentions(std::string_view content);

} // namespace parley::model
