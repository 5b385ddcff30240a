// Internal to store/sqlite: the column lists and row readers/writers of the conversation tables
// (schema migration 3: messages, attachments, message_mentions, reactions), and the batched
// completion of a page of messages into message_records (authors, mentions, attachments,
// referenced messages, the viewer's reaction summary: one query per kind per page, never one per
// message). Shared by the message, pin and search queries. Every function runs on the caller's
// connection and opens no transaction.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/message.hpp"
#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// m.* in the order read_message expects, for "SELECT <message_columns> FROM messages m ...".
extern const char* const message_columns;
inline constexpr int message_column_count = 21;
// The message row without attachments, mentions and reactions (complete_records fills them).
model::message read_message(const statement& s, int first);

// "[1,2,3]" (signed, as stored): bound to ?n and read with json_each(?n), so one cached statement
// serves any number of ids.
std::string id_list_json(std::span<const snowflake> ids);

// Inserts the message row, its attachments and its mention rows.
result<void> insert_message(connection& db, const model::message& m);
// Replaces the mention rows of m (after its content changed).
result<void> replace_mentions(connection& db, const model::message& m);
result<void> insert_attachment(connection& db, const model::message& m, const model::attachment& a, int position);

// Loads the messages of `ids` (any channel; unknown ids skipped), unordered, without completion.
result<std::vector<model::message>> load_messages(connection& db, std::span<const snowflake> ids);
// Fills attachments (and mention_users) of messages in place.
result<void> load_attachments(connection& db, std::vector<model::message>& messages);

// Turns a page of messages into records for `viewer`, keeping their order. `fresh`: the messages
// were just written from these very values (attachments and mention_users filled, no reactions
// yet), so only users and references are read.
result<std::vector<message_record>> complete_records(connection& db, std::vector<model::message> messages,
                                                     snowflake viewer, bool fresh = false);

} // namespace parley::store::sqlite
