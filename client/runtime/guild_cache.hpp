// The runtime's optional cache of guilds, channels and members, kept up to date by the dispatches
// that describe them (gateway.md §3.4, §7, §11.1, §11.3, §11.4): READY, GUILD_CREATE/UPDATE/DELETE,
// CHANNEL_CREATE/UPDATE/DELETE, GUILD_MEMBER_ADD/UPDATE/REMOVE and GUILD_MEMBERS_CHUNK.
//
// Plain data, no I/O. The client owns it and feeds it on its executor before the handlers of an
// event run, so a handler sees the state after the event. Pointers returned by lookups stay
// valid until the next apply() (i.e. for the duration of the handler that obtained them).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::client {

struct cached_member {
  std::uint64_t user_id = 0;
  std::string username{};
  std::string nick{};                 // empty when none
  std::vector<std::uint64_t> roles{};
  boost::json::object data{};         // the last member object seen (with `user`)
};

struct cached_channel {
  std::uint64_t id = 0;
  std::uint64_t guild_id = 0;       // 0 for DMs
  std::uint64_t parent_id = 0;
  int type = 0;
  std::string name{};
  boost::json::object data{};
};

struct cached_guild {
  std::uint64_t id = 0;
  std::string name{};
  std::uint64_t owner_id = 0;
  bool unavailable = false;
  boost::json::object data{}; // the guild object without its channels/members/threads/presences arrays
  std::vector<std::uint64_t> channel_ids{};
  std::unordered_map<std::uint64_t, cached_member> members{};
};

class guild_cache {
 public:
  // Applies one dispatch; names the cache does not track are ignored.
  void apply(std::string_view name, const boost::json::value& d);
  void clear() noexcept;

  const cached_guild* guild(std::uint64_t id) const noexcept;
  const cached_channel* channel(std::uint64_t id) const noexcept;
  const cached_member* member(std::uint64_t guild_id, std::uint64_t user_id) const noexcept;
  std::vector<const cached_guild*> guilds() const;
  std::size_t guild_count() const noexcept { return guilds_.size(); }
  std::size_t channel_count() const noexcept { return channels_.size(); }

 private:
  void on_guild(const boost::json::object& g, bool full);
  void on_guild_delete(const boost::json::object& g);
  void on_channel(const boost::json::object& c, std::uint64_t guild_id_fallback);
  void on_channel_delete(const boost::json::object& c);
  void on_member(std::uint64_t guild_id, const boost::json::object& m, bool merge);
  void on_member_remove(const boost::json::object& m);
  void forget_channels_of(std::uint64_t guild_id);

  std::unordered_map<std::uint64_t, cached_guild> guilds_{};
  std::unordered_map<std::uint64_t, cached_channel> channels_{};
};

} // namespace parley::client
