// Thin Discord objects for the REST client (rest.md §6): the ids and the fields an SDK user reaches
// for most, plus the whole JSON object in `raw` for everything else, so a field the SDK does not
// name yet is never out of reach. Ids use model::snowflake (the pure model/ library).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/snowflake.hpp"
#include "proto/base/result.hpp"

namespace parley::client::rest {

using model::snowflake;

// Each from_json takes the value by rvalue and moves it into `raw`; it fails with
// errc::invalid_response when the value is not an object or lacks a required id.
struct user {
  snowflake id = 0;
  std::string username;
  std::string global_name;
  bool bot = false;
  boost::json::object raw;
  static result<user> from_json(boost::json::value&& v);
};

struct attachment {
  snowflake id = 0;
  std::string filename;
  std::string content_type;
  std::uint64_t size = 0;
  std::string url;
  static result<attachment> from_json(boost::json::value&& v);
};

struct message {
  snowflake id = 0;
  snowflake channel_id = 0;
  snowflake guild_id = 0;  // 0 in DMs and when the server left it out
  user author;
  std::string content;
  std::vector<attachment> attachments;
  snowflake referenced_message_id = 0;  // message_reference.message_id of a reply
  boost::json::object raw;
  static result<message> from_json(boost::json::value&& v);
};

struct channel {
  snowflake id = 0;
  int type = 0;  // 0 text, 1 DM, 2 voice, 3 group DM, 4 category, ...
  snowflake guild_id = 0;
  std::string name;
  boost::json::object raw;
  static result<channel> from_json(boost::json::value&& v);
};

struct guild {
  snowflake id = 0;
  std::string name;
  snowflake owner_id = 0;
  boost::json::object raw;
  static result<guild> from_json(boost::json::value&& v);
};

struct member {
  user member_user;  // "user" in the JSON
  std::string nick;
  std::vector<snowflake> roles;
  boost::json::object raw;
  static result<member> from_json(boost::json::value&& v);
};

struct invite {
  std::string code;
  snowflake guild_id = 0;
  snowflake channel_id = 0;
  boost::json::object raw;
  static result<invite> from_json(boost::json::value&& v);
};

struct gateway_bot {
  std::string url;
  int shards = 1;
  int session_start_total = 0;
  int session_start_remaining = 0;
  std::int64_t session_start_reset_after_ms = 0;
  int max_concurrency = 1;
  boost::json::object raw;
  static result<gateway_bot> from_json(boost::json::value&& v);
};

} // namespace parley::client::rest
