// The conversation domain (rest.md §6.6–§6.7): messages with their attachments, reactions and
// reply references, and the per-user read state of a channel, as stored and as the use cases
// see them. JSON shapes live in message_json.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/snowflake.hpp"

namespace parley::model {

// Message types used by Parley (rest.md §6.6 table).
enum class message_type : int {
  default_ = 0,
  recipient_add = 1,
  recipient_remove = 2,
  channel_name_change = 4,
  channel_icon_change = 5,
  channel_pinned_message = 6,
  user_join = 7,
  reply = 19,
};

namespace message_flag {
inline constexpr int crossposted = 1 << 0;
inline constexpr int suppress_embeds = 1 << 2;
inline constexpr int suppress_notifications = 1 << 12;
inline constexpr int is_voice_message = 1 << 13;
inline constexpr int is_components_v2 = 1 << 15;
// The flags a create request may set (rest.md §6.6.1).
inline constexpr int settable_on_create = suppress_embeds | suppress_notifications | is_voice_message | is_components_v2;
} // namespace message_flag

// What a message "has", for search's `has` filter; derived from the message when it is written.
namespace message_has {
inline constexpr int link = 1 << 0;
inline constexpr int embed = 1 << 1;
inline constexpr int file = 1 << 2;
inline constexpr int image = 1 << 3;
inline constexpr int video = 1 << 4;
inline constexpr int sound = 1 << 5;
inline constexpr int sticker = 1 << 6;
inline constexpr int poll = 1 << 7;
} // namespace message_has

struct attachment {
  snowflake id = 0;
  std::string filename;
  std::optional<std::string> title;
  std::optional<std::string> description;  // alt text, ≤ 1024
  std::optional<std::string> content_type;
  std::int64_t size = 0;                   // bytes
  std::optional<int> width;                // images, when cheap to read from the header
  std::optional<int> height;
  int flags = 0;
  std::optional<double> duration_secs;     // voice messages
  std::optional<std::string> waveform;     // base64
};

// A unicode emoji has no id and its character(s) as name; a custom emoji has both.
struct emoji_ref {
  std::optional<snowflake> id;
  std::string name;
  bool animated = false;

  // The reaction's identity: the custom emoji's id in decimal, else the unicode name.
  std::string key() const { return id ? std::to_string(*id) : name; }
};

// One emoji's reactions on a message, as one viewer sees them.
struct reaction_count {
  emoji_ref emoji;
  int count = 0;         // normal + burst
  int burst_count = 0;
  bool me = false;       // the viewer reacted (normal)
  bool me_burst = false;
};

struct message_reference {
  int type = 0;                         // 0 reply, 1 forward
  std::optional<snowflake> message_id;
  std::optional<snowflake> channel_id;
  std::optional<snowflake> guild_id;
};

struct message {
  snowflake id = 0;
  snowflake channel_id = 0;
  std::optional<snowflake> guild_id;    // none in DMs and group DMs
  snowflake author_id = 0;
  message_type type = message_type::default_;
  std::string content;
  std::optional<std::int64_t> edited_ms;
  bool tts = false;
  bool mention_everyone = false;
  std::vector<snowflake> mention_users;  // in the order they appear, without duplicates
  std::vector<snowflake> mention_roles;
  std::vector<attachment> attachments;   // in request order
  std::string embeds_json = "[]";        // validated JSON array text
  std::string components_json = "[]";    // JSON array text, stored and echoed
  std::optional<std::string> nonce_json; // the request's nonce as JSON text (keeps int vs string)
  int flags = 0;
  std::optional<std::int64_t> pinned_ms;  // set while pinned
  std::optional<message_reference> reference;
  std::optional<snowflake> webhook_id;
  int has = 0;                           // message_has bits
  // Filled by reads for a viewer; never written by create/update.
  std::vector<reaction_count> reactions;

  bool pinned() const { return pinned_ms.has_value(); }
};

// A user's read position in a channel (READY `read_state`, POST .../ack).
struct read_state {
  snowflake channel_id = 0;
  snowflake last_message_id = 0;     // last acknowledged message (0 = none)
  int mention_count = 0;             // messages after it that mention the user
  std::optional<std::int64_t> last_pin_ms;
};

} // namespace parley::model
