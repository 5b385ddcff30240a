// The runtime's typed events (gateway.md §3.4, §11.1, §11.4, §11.6): thin structs for the common
// dispatches, with the ids as integers and the whole `d` object kept in `data` for everything
// else; `raw_dispatch` for any dispatch; and the connection milestones a bot may want to log
// (op 7, op 9, a connection ending). Register handlers with client::on<T>().
#pragma once

#include "client/core/gateway_event.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::client {

using snowflake_id = std::uint64_t; // 0 = absent

// --- session -------------------------------------------------------------------------------
struct ready {
  static constexpr std::string_view dispatch_name = "READY";
  std::uint64_t seq = 0;
  std::string session_id{};
  std::string resume_gateway_url{};
  snowflake_id user_id = 0;
  std::vector<snowflake_id> guild_ids{}; // READY lists every guild as unavailable (§3.4)
  boost::json::object data{};
};

struct resumed {
  static constexpr std::string_view dispatch_name = "RESUMED";
  std::uint64_t seq = 0;
};

// --- messages ------------------------------------------------------------------------------
struct message_fields {
  std::uint64_t seq = 0;
  snowflake_id id = 0;
  snowflake_id channel_id = 0;
  snowflake_id guild_id = 0;  // 0 in DMs
  snowflake_id author_id = 0; // 0 when the update carries no author
  std::string content{};        // empty without MESSAGE_CONTENT (or in a partial update)
  boost::json::object data{};
};
struct message_create : message_fields {
  static constexpr std::string_view dispatch_name = "MESSAGE_CREATE";
};
struct message_update : message_fields {
  static constexpr std::string_view dispatch_name = "MESSAGE_UPDATE";
};
struct message_delete {
  static constexpr std::string_view dispatch_name = "MESSAGE_DELETE";
  std::uint64_t seq = 0;
  snowflake_id id = 0;
  snowflake_id channel_id = 0;
  snowflake_id guild_id = 0;
  boost::json::object data{};
};

// --- guilds --------------------------------------------------------------------------------
struct guild_fields {
  std::uint64_t seq = 0;
  snowflake_id id = 0;
  std::string name{};
  bool unavailable = false;
  boost::json::object data{};
};
struct guild_create : guild_fields {
  static constexpr std::string_view dispatch_name = "GUILD_CREATE";
};
struct guild_update : guild_fields {
  static constexpr std::string_view dispatch_name = "GUILD_UPDATE";
};
// unavailable=true: an outage; false: the user left or was removed (§11.1).
struct guild_delete : guild_fields {
  static constexpr std::string_view dispatch_name = "GUILD_DELETE";
};

// --- channels ------------------------------------------------------------------------------
struct channel_fields {
  std::uint64_t seq = 0;
  snowflake_id id = 0;
  snowflake_id guild_id = 0;
  snowflake_id parent_id = 0;
  int type = 0;
  std::string name{};
  boost::json::object data{};
};
struct channel_create : channel_fields {
  static constexpr std::string_view dispatch_name = "CHANNEL_CREATE";
};
struct channel_update : channel_fields {
  static constexpr std::string_view dispatch_name = "CHANNEL_UPDATE";
};
struct channel_delete : channel_fields {
  static constexpr std::string_view dispatch_name = "CHANNEL_DELETE";
};

// --- members -------------------------------------------------------------------------------
struct member_fields {
  std::uint64_t seq = 0;
  snowflake_id guild_id = 0;
  snowflake_id user_id = 0;
  boost::json::object data{};
};
struct guild_member_add : member_fields {
  static constexpr std::string_view dispatch_name = "GUILD_MEMBER_ADD";
};
struct guild_member_update : member_fields {
  static constexpr std::string_view dispatch_name = "GUILD_MEMBER_UPDATE";
};
struct guild_member_remove : member_fields {
  static constexpr std::string_view dispatch_name = "GUILD_MEMBER_REMOVE";
};

// --- presence, typing, voice ---------------------------------------------------------------
struct presence_update {
  static constexpr std::string_view dispatch_name = "PRESENCE_UPDATE";
  std::uint64_t seq = 0;
  snowflake_id guild_id = 0;
  snowflake_id user_id = 0;
  std::string status{};
  boost::json::object data{};
};

struct typing_start {
  static constexpr std::string_view dispatch_name = "TYPING_START";
  std::uint64_t seq = 0;
  snowflake_id channel_id = 0;
  snowflake_id guild_id = 0;
  snowflake_id user_id = 0;
  std::int64_t timestamp = 0; // Unix seconds
  boost::json::object data{};
};

struct voice_state_update {
  static constexpr std::string_view dispatch_name = "VOICE_STATE_UPDATE";
  std::uint64_t seq = 0;
  snowflake_id guild_id = 0;
  snowflake_id channel_id = 0; // 0: the user left voice
  snowflake_id user_id = 0;
  std::string session_id{};
  boost::json::object data{};
};

struct voice_server_update {
  static constexpr std::string_view dispatch_name = "VOICE_SERVER_UPDATE";
  std::uint64_t seq = 0;
  snowflake_id guild_id = 0;
  std::string token{};
  std::optional<std::string> endpoint{}; // null while no voice server is allocated
  boost::json::object data{};
};

// Every dispatch, typed or not, as the core delivered it (name, seq, `d`).
using raw_dispatch = dispatch_event;

// --- connection milestones (not dispatches) ------------------------------------------------
// op 7 arrived; the client is closing with 4200 and will resume.
struct reconnect_requested {};
// op 9 arrived; the client resumes (resumable) or identifies again on the same connection.
struct invalid_session {
  bool resumable = false;
};
// A connection ended. will_reconnect=false means the client has stopped (stop(), or a close code
// after which retrying cannot help: 4004, 4010-4014).
struct disconnected {
  std::uint16_t code = 0;
  std::string reason{};
  bool by_server = false;
  error_code error{}; // client_errc::zombie_connection, transport_closed, ... or a connect/TLS error
  bool will_reconnect = false;
  bool will_resume = false;
};

// Builds a typed event from a dispatch's `d`, which it takes over. A `d` that is not an object
// gives an event with zero ids and an empty `data`.
template <class Event>
Event make_event(boost::json::value&& d, std::uint64_t seq);

} // namespace parley::client
