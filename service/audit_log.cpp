#include "service/audit_log.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "model/guild_json.hpp"
#include "model/permission_bits.hpp"
#include "service/errors.hpp"
#include "service/guild_events.hpp"

namespace parley::service {

void audit_changes::add(std::string_view key, const boost::json::value& old_value,
                        const boost::json::value& new_value) {
  if (old_value == new_value) return;
  boost::json::object c;
  c.reserve(3);
  c.emplace("key", key);
  if (!old_value.is_null()) c.emplace("old_value", old_value);
  if (!new_value.is_null()) c.emplace("new_value", new_value);
  changes_.emplace_back(std::move(c));
}

std::string audit_changes::text() const { return boost::json::serialize(changes_); }

model::audit_log_entry make_audit_entry(context& ctx, model::snowflake guild_id, const actor& who, int action,
                                        std::optional<model::snowflake> target_id, const audit_changes* changes,
                                        const boost::json::object* options) {
  model::audit_log_entry e;
  e.id = ctx.ids.next(static_cast<std::uint64_t>(ctx.time.now_ms()));
  e.guild_id = guild_id;
  e.user_id = who.user.id;
  e.target_id = target_id;
  e.action_type = action;
  e.changes_json = changes ? changes->text() : "[]";
  if (options && !options->empty()) e.options_json = boost::json::serialize(*options);
  e.reason = who.reason;
  return e;
}

void publish_audit_entry(context& ctx, const model::audit_log_entry& entry) {
  auto d = model::to_json(entry);
  d["guild_id"] = model::to_string(entry.guild_id);
  publish_to_guild(ctx, "GUILD_AUDIT_LOG_ENTRY_CREATE", std::move(d), entry.guild_id,
                   model::permission::view_audit_log);
}

model::api_result<audit_log_page> audit_log::query(const model::user& caller, model::snowflake guild_id,
                                                   const store::audit_log_query& query) {
  auto g = load_guild_access(ctx_, guild_id, caller.id);
  if (!g) return g.error();
  if (!g->has(model::permission::view_audit_log)) return missing_permissions();
  auto entries = ctx_.store.audit_entries(guild_id, query);
  if (!entries) return internal_error(entries.error(), "audit_entries");
  audit_log_page page;
  page.entries = std::move(*entries);
  std::vector<model::snowflake> ids;
  for (const auto& e : page.entries) {
    if (e.user_id) ids.push_back(*e.user_id);
    if (e.target_id) ids.push_back(*e.target_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const auto id : ids) {
    // Targets may be roles, channels or invites' guilds: only ids that name users are listed.
    auto u = ctx_.store.user_by_id(id);
    if (!u) return internal_error(u.error(), "user_by_id");
    if (*u) {
      (*u)->email.reset();
      (*u)->password_hash.clear();
      page.users.push_back(std::move(**u));
    }
  }
  return page;
}

} // namespace parley::service
