// The storage interface of the conversation use cases (rest.md §7.2 DMs, §7.5, issue "Conversations"):
// messages and history, reactions, pins, private channels (DMs and group DMs), read states and
// search. Same conventions as account_store (store/store.hpp): synchronous, result<T>,
// store_errc::conflict / not_found / io, durable on success.
//
// Messages live in a channel; every read takes the channel id and answers nothing for a message
// of another channel. Reads that return messages fill `reactions` for `viewer` (me/me_burst).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/guild.hpp"
#include "model/message.hpp"
#include "model/snowflake.hpp"
#include "model/user.hpp"
#include "proto/base/result.hpp"

namespace parley::store {

using model::snowflake;

// GET /channels/{id}/messages: at most one of before/after/around (0 = unset). No anchor: the
// newest `limit`. Always newest first. `around`: the message itself (if it exists) and up to
// limit/2 on each side, newer side first filled (Discord: limit/2 older, rest newer).
struct history_query {
  snowflake before = 0;
  snowflake after = 0;
  snowflake around = 0;
  std::size_t limit = 50;
};

// A message with what rendering it needs: the author and the mentioned users (public fields only,
// as member_record). `referenced` is the replied-to message (one level), when it still exists.
struct message_record {
  model::message message;
  model::user author;
  std::vector<model::user> mentions;  // same order as message.mention_users; unknown users skipped
  std::optional<model::message> referenced;
  std::optional<model::user> referenced_author;
};

struct create_message_outcome {
  bool created = true;       // false: enforce_nonce found an earlier message (nothing written)
  message_record record;     // the new message, or the earlier one
};

struct deleted_message {
  model::message message;    // as it was (attachments included, for deleting their files)
};

struct reaction_change {
  bool changed = false;          // false: already there (add) or not there (remove)
  bool emoji_was_new = false;    // add: first reaction with this emoji on the message
};

// GET …/reactions/{emoji}: users who reacted, ascending by user id, ids above `after`.
struct reaction_users_query {
  int type = 0;              // 0 normal, 1 burst
  snowflake after = 0;
  std::size_t limit = 25;
};

struct pin_record {
  std::int64_t pinned_ms = 0;
  message_record message;
};

// A private channel (type 1 or 3) with its recipients' users (public fields).
struct private_channel_record {
  model::channel channel;          // recipients filled with every participant's id
  std::vector<model::user> users;  // the participants, in recipients' order
};

// GET /guilds/{id}/messages/search and GET /channels/{id}/messages/search.
struct search_query {
  std::vector<snowflake> channel_ids;     // where to look: only channels the caller may read
  std::optional<std::string> content;     // full-text (FTS5) terms, user text (quoted safely by the adapter)
  std::vector<snowflake> author_ids;
  std::vector<snowflake> mentions;        // messages mentioning any of these users
  int has_all = 0;                        // model::message_has bits that must all be set
  snowflake min_id = 0;                   // exclusive bounds, 0 = unbounded
  snowflake max_id = 0;
  bool oldest_first = false;              // sort_order=asc
  std::size_t offset = 0;                 // ≤ 9975 (Discord)
  std::size_t limit = 25;                 // 1–25
};

struct search_result {
  std::size_t total_results = 0;
  std::vector<message_record> messages;
};

class message_store {
 public:
  virtual ~message_store() = default;

  // ---- messages
  // Inserts the message with its attachments, mentions and search text, and sets the channel's
  // last_message_id, atomically. With dedupe_since_ms and a nonce: when the same author sent the
  // same nonce in the channel at or after that time (by message id), nothing is written and the
  // earlier message is returned. not_found when the channel does not exist; conflict on a taken id.
  virtual result<create_message_outcome> create_message(const model::message& m, snowflake viewer,
                                                        std::optional<std::int64_t> dedupe_since_ms) = 0;
  virtual result<std::optional<message_record>> message(snowflake channel_id, snowflake message_id,
                                                        snowflake viewer) = 0;
  virtual result<std::vector<message_record>> messages(snowflake channel_id, const history_query& q,
                                                       snowflake viewer) = 0;
  // The id of the author's newest message in the channel (slowmode), if any.
  virtual result<std::optional<snowflake>> last_message_by(snowflake channel_id, snowflake author_id) = 0;
  // Replaces content, edited_ms, flags, embeds, components, mentions, has and the attachments
  // (those not in m.attachments are removed; new ones inserted). Returns the attachments that were
  // removed (their files are the caller's to delete). not_found.
  virtual result<std::vector<model::attachment>> update_message(const model::message& m) = 0;
  // not_found when the message is not in the channel.
  virtual result<deleted_message> delete_message(snowflake channel_id, snowflake message_id) = 0;
  // Deletes those of `ids` that exist in the channel; returns them (in the order of `ids`).
  virtual result<std::vector<deleted_message>> delete_messages(snowflake channel_id,
                                                               const std::vector<snowflake>& ids) = 0;
  // Deletes the user's messages in the guild with id ≥ since_id (ban with delete_message_seconds);
  // returns the deleted ones grouped by nothing, newest first.
  virtual result<std::vector<deleted_message>> delete_messages_of_user(snowflake guild_id, snowflake user_id,
                                                                       snowflake since_id) = 0;

  // ---- reactions
  // not_found when the message is not in the channel.
  virtual result<reaction_change> add_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                               const model::emoji_ref& emoji, int type, std::int64_t now_ms) = 0;
  virtual result<reaction_change> remove_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                                  std::string_view emoji_key, int type) = 0;
  virtual result<std::vector<model::user>> reaction_users(snowflake channel_id, snowflake message_id,
                                                          std::string_view emoji_key,
                                                          const reaction_users_query& q) = 0;
  // Returns how many reactions were removed. not_found when the message is not in the channel.
  virtual result<std::size_t> remove_all_reactions(snowflake channel_id, snowflake message_id) = 0;
  // Returns the removed emoji (nullopt when the message had none of it).
  virtual result<std::optional<model::emoji_ref>> remove_emoji_reactions(snowflake channel_id, snowflake message_id,
                                                                         std::string_view emoji_key) = 0;

  // ---- pins (a pinned message has pinned_ms; the channel's last_pin_ms follows the newest pin)
  // Returns false when it was already pinned. not_found when the message is not in the channel;
  // conflict when the channel already has `max_pins` pins.
  virtual result<bool> pin_message(snowflake channel_id, snowflake message_id, std::int64_t now_ms,
                                   std::size_t max_pins) = 0;
  // Returns false when it was not pinned. not_found.
  virtual result<bool> unpin_message(snowflake channel_id, snowflake message_id) = 0;
  // Newest pin first; pins strictly before `before_ms` (0 = unbounded); at most limit.
  virtual result<std::vector<pin_record>> pins(snowflake channel_id, std::int64_t before_ms, std::size_t limit,
                                                snowflake viewer) = 0;

  // ---- private channels (DMs type 1, group DMs type 3)
  // The one DM channel between a and b: returns the existing one, or inserts `c` (type 1, with
  // both recipients). `created` tells which. not_found when either user does not exist.
  struct dm_outcome {
    bool created = false;
    private_channel_record channel;
  };
  virtual result<dm_outcome> open_dm(const model::channel& c, snowflake a, snowflake b) = 0;
  // Inserts a group DM with its recipients (c.recipients, owner included). not_found on an unknown user.
  virtual result<private_channel_record> create_group_dm(const model::channel& c) = 0;
  virtual result<std::optional<private_channel_record>> private_channel(snowflake channel_id) = 0;
  // Every private channel the user participates in, by last_message_id (newest first), then id.
  virtual result<std::vector<private_channel_record>> private_channels_of(snowflake user_id) = 0;
  // Group DMs: name, icon, owner. not_found.
  virtual result<void> update_private_channel(const model::channel& c) = 0;
  // Returns false when the user already was (add) / was not (remove) a recipient. not_found.
  virtual result<bool> add_recipient(snowflake channel_id, snowflake user_id) = 0;
  virtual result<bool> remove_recipient(snowflake channel_id, snowflake user_id) = 0;

  // ---- read states
  // Sets the user's read position in the channel (never moves it backwards).
  virtual result<model::read_state> ack(snowflake user_id, snowflake channel_id, snowflake message_id) = 0;
  // Every read state of the user, with mention_count computed from the mentions after it.
  virtual result<std::vector<model::read_state>> read_states_of(snowflake user_id) = 0;

  // ---- search
  virtual result<search_result> search_messages(const search_query& q, snowflake viewer) = 0;
};

} // namespace parley::store
