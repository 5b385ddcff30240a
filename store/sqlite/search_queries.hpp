// Message search of message_store (store/message_store.hpp "search") as SQL on one connection: the
// FTS5 index messages_fts (external content, schema migration 3) for `content`, plus the author,
// mention, has, id-range and channel filters on messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"
#include "store/message_store.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// Most terms taken from one search text; the rest is ignored (bounds the query's work).
inline constexpr std::size_t max_search_terms = 32;

// User text → an FTS5 query that is only a conjunction of strings: each whitespace-separated
// term becomes "term" with '"' doubled, so no operator, column filter, NEAR, prefix '*' or
// parenthesis of the user's reaches MATCH. Control characters separate terms. nullopt when no
// term is left.
std::optional<std::string> fts_query(std::string_view text);

// Newest first (or oldest with q.oldest_first); total_results counts every match. Nothing when
// q.channel_ids is empty.
result<search_result> search_messages(connection& db, const search_query& q, snowflake viewer);

} // namespace parley::store::sqlite
