// Discord's JSON shape of a message (rest.md §6.6, §6.6.3 attachments, reactions) from the model
// values. The service adds what depends on the channel and the event (guild_id, member,
// channel_type; gateway.md §11.1).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "model/message.hpp"
#include "model/user.hpp"

namespace parley::model {

struct message_json_options {
  // Attachment URLs are <attachment_base_url>/attachments/<channel_id>/<attachment_id>/<filename>.
  std::string_view attachment_base_url;
  // MESSAGE_CONTENT redaction (gateway.md §5.2): content "", embeds/attachments/components [].
  bool redacted = false;
};

// The attachment object: id, filename, size, url, proxy_url (same URL), and the optional fields
// that are set.
boost::json::object to_json(const attachment& a, snowflake channel_id, std::string_view attachment_base_url);

// {count, count_details {burst, normal}, me, me_burst, emoji {id, name[, animated]}, burst_colors []}.
boost::json::object to_json(const reaction_count& r);

// The message object. `mentions` are the users of m.mention_users (unknown ones left out).
// For replies (message_reference type 0) referenced_message is the referenced message (rendered
// with the same options, without its own reference) or null when it no longer exists; pass
// `referenced` = nullptr for that. `reactions` only when there are some; nonce only when set.
boost::json::object to_json(const message& m, const user& author, std::span<const user> mentions,
                            const message* referenced, const user* referenced_author,
                            const message_json_options& options);

} // namespace parley::model
