// Finding mention syntax in message content; see mentions.hpp.
#include "model/mentions.hpp"

#include <algorithm>

namespace parley::model {
namespace {

void add_unique(std::vector<snowflake>& to, snowflake id) {
  if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
}

} // namespace

content_mentions parse_mentions(std::string_view content) {
  content_mentions out;
  out.everyone = content.find("@everyone") != std::string_view::npos;
  out.here = content.find("@here") != std::string_view::npos;
  for (std::size_t at = content.find("<@"); at != std::string_view::npos; at = content.find("<@", at + 1)) {
    std::size_t i = at + 2;
    bool role = false;
    if (i < content.size() && (content[i] == '!' || content[i] == '&')) {
      role = content[i] == '&';
      ++i;
    }
    const std::size_t digits = i;
    while (i < content.size() && i - digits <= 20 && content[i] >= '0' && content[i] <= '9') ++i;
    if (i == digits || i >= content.size() || content[i] != '>') continue;
    auto id = parse_snowflake(content.substr(digits, i - digits));
    if (!id || *id == 0) continue;
    add_unique(role ? out.roles : out.users, *id);
  }
  return out;
}

} // namespace parley::model
