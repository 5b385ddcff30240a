// sqlite_store's search method (store/message_store.hpp "search"), on the reader pool; the SQL is
// in search_queries.hpp.
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/search_queries.hpp"

namespace parley::store {

result<search_result> sqlite_store::search_messages(const search_query& q, snowflake viewer) {
  return read([&](sqlite::connection& db) { return sqlite::search_messages(db, q, viewer); });
}

} // namespace parley::store
