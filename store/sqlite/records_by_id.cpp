// Ordered message_records for a list of ids (see records_by_id.hpp).
#include "store/sqlite/records_by_id.hpp"

#include <optional>
#include <unordered_map>

#include "store/sqlite/message_rows.hpp"

namespace parley::store::sqlite {

result<std::vector<message_record>> records_by_id(connection& db, std::span<const snowflake> ids, snowflake viewer,
                                                  std::vector<std::size_t>* kept) {
  if (kept) kept->clear();
  if (ids.empty()) return std::vector<message_record>{};
  auto loaded = load_messages(db, ids);
  if (!loaded) return loaded.error();
  // load_messages answers in no particular order.
  std::unordered_map<snowflake, std::size_t> position;
  position.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
  std::vector<std::optional<model::message>> slots(ids.size());
  for (auto& m : *loaded) {
    const auto it = position.find(m.id);
    if (it != position.end()) slots[it->second] = std::move(m);
  }
  std::vector<model::message> ordered;
  ordered.reserve(loaded->size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i]) continue;
    ordered.push_back(std::move(*slots[i]));
    if (kept) kept->push_back(i);
  }
  return complete_records(db, std::move(ordered), viewer);
}

} // namespace parley::store::sqlite
