// What a REST route handler sees (api_call) and returns (api_reply). Handlers run on a store
// thread, call exactly one service use case, and shape its answer; nothing else.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/params_view.hpp>

#include "model/api_error.hpp"
#include "model/snowflake.hpp"
#include "model/user.hpp"
#include "server/http/handler.hpp"
#include "server/rest/route_table.hpp"
#include "service/upload.hpp"

namespace parley::server::rest {

enum class auth_mode {
  none,       // public: register, login, /gateway
  any,        // a person's or a bot's token
  user_only,  // bots get 403 20001
  bot_only,   // people get 403 20002
};

struct api_call {
  const http::request& request;
  route_params params;
  boost::urls::params_view query;
  boost::json::value body;           // null when the request had no body
  std::optional<model::user> caller; // set when the route needs authentication
  http::peer_info peer;
  // multipart/form-data requests (rest.md §5): `body` is payload_json (or the top-level form
  // fields), these are the files. Empty for JSON requests.
  std::vector<service::upload> uploads;

  // Path parameter i as a snowflake; a malformed id is a 404 of the given kind, as on Discord.
  model::api_result<model::snowflake> id_param(std::size_t i, model::json_code unknown, std::string_view what) const {
    if (auto id = model::parse_snowflake(params[i])) return *id;
    return model::api_error::not_found(unknown, what);
  }
  const model::user& me() const { return *caller; }
  // The body as an object; an absent body reads as {}. Routes that need an object reject other
  // JSON values before the handler runs.
  const boost::json::object& object() const {
    static const boost::json::object empty;
    return body.is_object() ? body.get_object() : empty;
  }
};

struct api_reply {
  unsigned status = 200;
  std::optional<std::string> json;  // serialized body; none → empty body
  // A 429 decided by a use case (slowmode): the REST front adds Retry-After, Via and the
  // X-RateLimit-* headers for it, as for its own limits (clients.md §4.3).
  std::optional<std::chrono::milliseconds> retry_after;

  static api_reply ok(const boost::json::value& v) { return {200, boost::json::serialize(v), std::nullopt}; }
  static api_reply created(const boost::json::value& v) { return {201, boost::json::serialize(v), std::nullopt}; }
  static api_reply no_content() { return {204, std::nullopt, std::nullopt}; }
};

using api_handler = std::function<model::api_result<api_reply>(api_call&)>;

} // namespace parley::server::rest
