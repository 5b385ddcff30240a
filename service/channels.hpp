// Guild channel use cases (rest.md §7.3 channels, §7.4, §8.3–§8.6): create, list the visible ones,
// read, modify (with overwrites and category sync), delete, reorder, and single overwrite writes.
// A channel the caller may not VIEW_CHANNEL answers 404 10003, exactly like one that does not
// exist. CHANNEL_CREATE/UPDATE/DELETE go to the channel audience after the commit; the gateway
// decides who could see it before and after.
#pragma once

#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/guild_access.hpp"

namespace parley::service {

class private_channels;

// Parley's cap on channels per guild (Discord: 500, error 30013).
inline constexpr std::size_t max_channels_per_guild = 500;

class channels {
 public:
  explicit channels(context& ctx) : ctx_(ctx) {}

  // get/modify/remove hand DMs and group DMs to `p` (set once at startup, outlives this object);
  // without it they are 404 10003 like any channel that is not a guild's.
  void set_private_channels(private_channels* p) { privates_ = p; }
  private_channels* privates() const { return privates_; }

  // MANAGE_CHANNELS; overwrites only with bits the caller has (MANAGE_ROLES only for admins).
  // With parent_id and no permission_overwrites the channel starts synced with its category.
  model::api_result<model::channel> create(const actor& who, model::snowflake guild_id, const boost::json::object& body);
  // The guild's channels the caller can see, threads excluded, by position.
  model::api_result<std::vector<model::channel>> list(const model::user& caller, model::snowflake guild_id);
  model::api_result<model::channel> get(const model::user& caller, model::snowflake channel_id);
  // MANAGE_CHANNELS in the channel; permission_overwrites also need MANAGE_ROLES there.
  model::api_result<model::channel> modify(const actor& who, model::snowflake channel_id, const boost::json::object& body);
  // MANAGE_CHANNELS in the channel; answers the deleted channel.
  model::api_result<model::channel> remove(const actor& who, model::snowflake channel_id);
  // PATCH /guilds/{id}/channels: [{id, position?, parent_id?, lock_permissions?}], MANAGE_CHANNELS.
  model::api_result<void> reorder(const actor& who, model::snowflake guild_id, const boost::json::value& body);
  // PUT /channels/{id}/permissions/{overwrite_id} {type, allow?, deny?}; MANAGE_ROLES in the channel.
  model::api_result<void> put_overwrite(const actor& who, model::snowflake channel_id, model::snowflake overwrite_id,
                                        const boost::json::object& body);
  model::api_result<void> delete_overwrite(const actor& who, model::snowflake channel_id,
                                           model::snowflake overwrite_id);

 private:
  // After a category's overwrites changed from `old_overwrites`: children that were synced with
  // it get the new overwrites (rest.md §8.6), each with a CHANNEL_UPDATE.
  void sync_children(const model::channel& category, const std::vector<model::permission_overwrite>& old_overwrites);
  context& ctx_;
  private_channels* privates_ = nullptr;
};

} // namespace parley::service
