// The message use cases (rest.md §6.6, §7.5; gateway.md §5.2, §11): create (replies, mentions,
// allowed_mentions, embeds, components, nonce and enforce_nonce, tts, slowmode, uploads), get,
// edit, delete, bulk delete and history. Answers are message objects shaped for the caller: a bot
// whose application lacks the MESSAGE_CONTENT flag gets redacted guild messages unless it wrote
// them or is mentioned. Events are published after the store committed (message_events.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/api_error.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"
#include "service/message_events.hpp"
#include "service/upload.hpp"
#include "store/message_store.hpp"

namespace parley::service {

struct messages_options {
  std::int64_t nonce_window_ms = 5 * 60 * 1000;             // enforce_nonce looks this far back
  std::int64_t bulk_delete_max_age_ms = 14LL * 24 * 3600 * 1000;
  // Width and height of an uploaded image when cheap to read from its header (M-attach's image
  // probe plugs in here); unset or nullopt: the attachment has none. Called on the request thread.
  std::function<std::optional<std::pair<int, int>>(std::string_view content_type, std::string_view bytes)> image_size;
};

// Slowmode answers 429 code 20016; the seconds to wait ride in the error's field tree under
// "retry_after" (its message is the number) until api_error carries it itself. See
// slowmode_retry_after().
std::optional<double> slowmode_retry_after(const model::api_error& e);

class messages {
 public:
  // `view` is read on every call and may be filled in after construction (the server's public
  // address is known once it listens); it must outlive the service.
  messages(context& ctx, const message_view& view, messages_options options = {});

  // POST /channels/{id}/messages. `uploads` are the multipart files (empty for JSON requests).
  model::api_result<boost::json::object> create(const model::user& caller, model::snowflake channel_id,
                                                const boost::json::object& body, std::vector<upload> uploads);
  // VIEW_CHANNEL + READ_MESSAGE_HISTORY; 404 10008 for a message not in the channel.
  model::api_result<boost::json::object> get(const model::user& caller, model::snowflake channel_id,
                                             model::snowflake message_id);
  // Newest first; [] without READ_MESSAGE_HISTORY. At most one of before/after/around (400 otherwise);
  // the caller bounds limit to 1–100.
  model::api_result<boost::json::array> history(const model::user& caller, model::snowflake channel_id,
                                                const store::history_query& q);
  // The author edits content, embeds, components, attachments, flags; anyone else only flags'
  // SUPPRESS_EMBEDS, with MANAGE_MESSAGES (50005 otherwise).
  model::api_result<boost::json::object> edit(const model::user& caller, model::snowflake channel_id,
                                              model::snowflake message_id, const boost::json::object& body,
                                              std::vector<upload> uploads);
  // The author or MANAGE_MESSAGES; system messages that cannot be deleted → 50021.
  model::api_result<void> remove(const actor& who, model::snowflake channel_id, model::snowflake message_id);
  // {messages: [2–100 ids]} (50016); MANAGE_MESSAGES, guild channels only; any id duplicated or
  // older than 14 days → 50034.
  model::api_result<void> bulk_delete(const actor& who, model::snowflake channel_id, const boost::json::value& body);

 private:
  context& ctx_;
  const message_view& view_;
  messages_options options_;
};

} // namespace parley::service
