// The interactive client's state (issue 6 item 4): guilds with their text channels, DM channels,
// the loaded messages of each channel, who is typing where, member presences, the selected
// channel and its scroll position. Fed by gateway dispatches (gateway.md §11: GUILD_CREATE,
// CHANNEL_*, MESSAGE_*, TYPING_START, PRESENCE_UPDATE, GUILD_MEMBER_*) and by REST history pages;
// pure data, no I/O and no clock (callers pass `now`), so it is unit-tested without a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace parley::apps {

using chat_clock = std::chrono::steady_clock;

struct chat_message {
  std::uint64_t id = 0;
  std::uint64_t author_id = 0;
  std::string author;  // display name, terminal-safe
  std::string time;    // "HH:MM"
  std::string body;    // message_body(): content, attachments, "(edited)"
  boost::json::object data;  // the latest message object, for merging partial MESSAGE_UPDATEs
};

struct chat_channel {
  std::uint64_t id = 0;
  std::uint64_t guild_id = 0;  // 0: a DM
  int type = 0;
  int position = 0;
  std::string label;           // "#general", "@alice"
  std::vector<chat_message> messages;  // oldest first, unique ids
  bool history_requested = false;      // the newest page was asked for
  bool loading_older = false;          // a page is on its way
  bool history_complete = false;       // the oldest message is loaded
  int unread = 0;
};

struct chat_guild {
  std::uint64_t id = 0;
  std::string name;
  std::vector<std::uint64_t> member_ids;
};

struct sidebar_row {
  std::string text;
  std::uint64_t channel_id = 0;  // 0 for a heading
  bool selected = false;
  int unread = 0;
};

struct member_row {
  std::string name;
  std::string status;  // online, idle, dnd, offline
};

class chat_model {
 public:
  std::uint64_t self_id() const { return self_id_; }
  void set_self(const boost::json::object& user);

  // One gateway dispatch: its name and `d`. Unknown names are ignored.
  void apply(std::string_view name, const boost::json::object& d, chat_clock::time_point now);
  // GET /users/@me/channels (or READY's private_channels).
  void add_channels(const boost::json::array& channels);
  // A page of GET /channels/{id}/messages (newest first, as the API answers); `complete` when
  // the page was shorter than asked for, i.e. nothing older exists.
  void add_history(std::uint64_t channel_id, const boost::json::array& newest_first, bool complete);
  // A message this client sent (the REST answer); MESSAGE_CREATE for it may come before or after.
  void add_message(const boost::json::object& message);

  // Navigation over the channels in sidebar order (guilds by name, their text channels by
  // position, then DMs). Selecting resets the scroll and the unread count.
  std::uint64_t current_channel() const { return current_; }
  bool select(std::uint64_t channel_id);
  void select_relative(int delta);
  // "#general", "general", "@alice", "alice" or an id; prefers the current guild's channel.
  bool select_by_name(std::string_view name);
  std::vector<std::uint64_t> channel_order() const;

  const chat_channel* channel(std::uint64_t id) const;
  chat_channel* channel(std::uint64_t id);
  const chat_guild* guild(std::uint64_t id) const;
  std::vector<sidebar_row> sidebar() const;
  // Names typing in the channel now (not this user), in the order they started.
  std::vector<std::string> typing_in(std::uint64_t channel_id, chat_clock::time_point now) const;
  // "alice is typing…", "alice and bob are typing…", "3 people are typing…", or "".
  std::string typing_line(std::uint64_t channel_id, chat_clock::time_point now) const;
  // The guild's members, online ones first, then by name.
  std::vector<member_row> members_of(std::uint64_t guild_id) const;
  std::string status_of(std::uint64_t user_id) const;
  // Our own presence as we set it (the server may not echo it back without a shared guild).
  void set_presence(std::uint64_t user_id, std::string status) { presences_[user_id] = std::move(status); }
  std::string name_of(std::uint64_t user_id) const;

  // Lines scrolled up from the bottom of the current channel; the screen clamps it.
  int scroll = 0;

  // How long a TYPING_START shows (Discord clients use about 10 s).
  static constexpr auto typing_duration = std::chrono::seconds{10};

 private:
  struct typing_entry {
    std::uint64_t user_id = 0;
    chat_clock::time_point until;
  };

  void remember_user(const boost::json::object& user);
  void add_channel(const boost::json::object& c, std::uint64_t guild_id);
  void remove_channel(std::uint64_t id);
  void on_guild_create(const boost::json::object& g);
  void on_message_create(const boost::json::object& m);
  void on_message_update(const boost::json::object& m);
  void remove_message(std::uint64_t channel_id, std::uint64_t message_id);
  void on_typing(const boost::json::object& d, chat_clock::time_point now);
  void on_member(std::uint64_t guild_id, const boost::json::object& member);
  // Inserts or replaces by id, keeping the list sorted; answers true when it was new.
  bool store_message(chat_channel& ch, const boost::json::object& message);
  void select_first_if_none();

  std::uint64_t self_id_ = 0;
  std::uint64_t current_ = 0;
  std::map<std::uint64_t, chat_guild> guilds_;
  std::unordered_map<std::uint64_t, chat_channel> channels_;
  std::unordered_map<std::uint64_t, std::string> user_names_;
  std::unordered_map<std::uint64_t, std::string> presences_;
  std::unordered_map<std::uint64_t, std::vector<typing_entry>> typing_;  // by channel
};

// Snowflake from a JSON string or integer field; 0 when absent or malformed.
std::uint64_t id_field(const boost::json::object& o, std::string_view key);

} // namespace parley::apps
