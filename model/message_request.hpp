// Reading the bodies of POST and PATCH /channels/{id}/messages (rest.md §6.6.1, §6.6.2, §5
// attachments metadata, §7.5). Field errors (rest.md §3.2) are added to `errors` under the
// request's own paths; the parsers return nullopt when any was added. Permission-dependent rules
// (tts, MENTION_EVERYONE, replies) are the use case's; these only check shape and limits.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/message.hpp"
#include "model/snowflake.hpp"

namespace parley::model {

inline constexpr std::size_t max_message_content = 2000;
inline constexpr std::size_t max_nonce_length = 25;
inline constexpr std::size_t max_attachments_per_message = 10;
inline constexpr std::size_t max_allowed_mention_ids = 100;

// allowed_mentions (rest.md §6.6.1). Without the object every kind is parsed and a reply pings
// the replied-to author; with it only what it names, and replied_user defaults to false.
struct allowed_mentions {
  bool parse_users = true;
  bool parse_roles = true;
  bool parse_everyone = true;
  std::vector<snowflake> users;  // explicitly allowed when parse_users is false
  std::vector<snowflake> roles;
  bool replied_user = true;
};

// One entry of `attachments`: a new upload by its placeholder (the n of files[n]) or, in edits,
// an existing attachment by its id.
struct attachment_request {
  snowflake id = 0;
  std::optional<std::string> filename;
  std::optional<std::string> title;
  std::optional<std::string> description;  // ≤ 1024
  std::optional<double> duration_secs;
  std::optional<std::string> waveform;
  bool spoiler = false;
};

struct reference_request {
  int type = 0;  // 0 reply, 1 forward
  std::optional<snowflake> message_id;
  std::optional<snowflake> channel_id;
  std::optional<snowflake> guild_id;
  bool fail_if_not_exists = true;
};

struct message_create_request {
  std::string content;
  std::optional<std::string> nonce_json;  // the nonce as JSON text: "123" or "\"abc\""
  bool enforce_nonce = false;
  bool tts = false;
  int flags = 0;                          // only message_flag::settable_on_create bits
  boost::json::array embeds;              // validated and normalized (embed.hpp)
  std::string components_json = "[]";
  bool has_components = false;
  std::optional<reference_request> reference;
  allowed_mentions mentions;
  std::vector<attachment_request> attachments;
  std::vector<snowflake> sticker_ids;
  bool has_poll = false;
};

std::optional<message_create_request> parse_message_create(const boost::json::object& body, api_error& errors);

// PATCH: every field optional; null content reads as "", null embeds/components/attachments as [].
struct message_edit_request {
  std::optional<std::string> content;
  std::optional<boost::json::array> embeds;
  std::optional<int> flags;
  std::optional<allowed_mentions> mentions;
  std::optional<std::string> components_json;
  std::optional<std::vector<attachment_request>> attachments;
};

std::optional<message_edit_request> parse_message_edit(const boost::json::object& body, api_error& errors);

// The message_has bits of a message as it will be stored (search's `has` filter): link when the
// content holds an http(s) URL, embed, file, and image/video/sound by attachment content type.
int message_has_bits(const message& m);

} // namespace parley::model
