// The guild audit log (rest.md §7.3 "audit-logs", action numbers in model/audit_log_action.hpp):
// building the entry a change writes in its own transaction, announcing it (GUILD_AUDIT_LOG_ENTRY_CREATE),
// and GET /guilds/{id}/audit-logs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"
#include "store/guild_store.hpp"

namespace parley::service {

// The `changes` array of an entry: {key, old_value?, new_value?} per changed field.
class audit_changes {
 public:
  // Records the pair only when the values differ; a null side is left out, as Discord does.
  void add(std::string_view key, const boost::json::value& old_value, const boost::json::value& new_value);
  void add(std::string_view key, const std::string& old_value, const std::string& new_value) {
    add(key, boost::json::value(std::string_view(old_value)), boost::json::value(std::string_view(new_value)));
  }
  bool empty() const { return changes_.empty(); }
  std::string text() const;

 private:
  boost::json::array changes_;
};

// An entry for `action` by `who` in guild_id, with a fresh id; changes/options may be empty.
model::audit_log_entry make_audit_entry(context& ctx, model::snowflake guild_id, const actor& who, int action,
                                        std::optional<model::snowflake> target_id,
                                        const audit_changes* changes = nullptr,
                                        const boost::json::object* options = nullptr);

// GUILD_AUDIT_LOG_ENTRY_CREATE (gateway.md §11.2: the entry + guild_id) to the members holding
// VIEW_AUDIT_LOG. Call once for every entry, after the store committed it.
void publish_audit_entry(context& ctx, const model::audit_log_entry& entry);

struct audit_log_page {
  std::vector<model::audit_log_entry> entries;  // newest first
  std::vector<model::user> users;               // actors and user targets, each once
};

class audit_log {
 public:
  explicit audit_log(context& ctx) : ctx_(ctx) {}
  // VIEW_AUDIT_LOG; query.limit 1–100 (the route validates it).
  model::api_result<audit_log_page> query(const model::user& caller, model::snowflake guild_id,
                                          const store::audit_log_query& query);

 private:
  context& ctx_;
};

} // namespace parley::service
