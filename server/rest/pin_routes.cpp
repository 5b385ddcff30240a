// Pins (rest.md §7.5): GET /channels/{id}/messages/pins ({items: [{pinned_at, message}], has_more};
// before = ISO8601 pinned_at, limit 1–50), PUT/DELETE /channels/{id}/messages/pins/{message_id},
// and the deprecated GET /channels/{id}/pins (array of up to 50 messages) and PUT/DELETE
// /channels/{id}/pins/{message_id}.
#include "server/rest/routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/timestamp.hpp"
#include "server/rest/request_params.hpp"

namespace parley::server::rest {

using boost::beast::http::verb;
using model::json_code;
namespace json = boost::json;

namespace {

constexpr std::size_t max_pin_page = 50;

api_handler pin_handler(service::pins& pins, bool pin) {
  return [&pins, pin](api_call& call) -> model::api_result<api_reply> {
    auto channel = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!channel) return channel.error();
    auto message = call.id_param(1, json_code::unknown_message, "Message");
    if (!message) return message.error();
    auto r = pin ? pins.pin(call.me(), *channel, *message) : pins.unpin(call.me(), *channel, *message);
    if (!r) return r.error();
    return api_reply::no_content();
  };
}

} // namespace

void add_pin_routes(rest_api& api, service::pins& pins) {
  api.add(verb::get, "/channels/{channel_id}/messages/pins", auth_mode::any,
          [&pins](api_call& call) -> model::api_result<api_reply> {
    auto channel = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!channel) return channel.error();
    query_reader query(call);
    std::int64_t before_ms = 0;
    if (auto before = query.string("before")) {
      if (auto ms = model::parse_iso8601(*before)) {
        before_ms = *ms;
      } else {
        auto e = model::api_error::invalid_form_body();
        e.field("before", "DATE_TIME_TYPE_PARSE", "Could not parse \"" + *before + "\". Should be ISO8601.");
        return e;
      }
    }
    const auto limit = static_cast<std::size_t>(query.integer("limit", max_pin_page, 1, max_pin_page));
    if (!query.ok()) return query.error();
    auto page = pins.list(call.me(), *channel, before_ms, limit);
    if (!page) return page.error();
    json::array items;
    items.reserve(page->items.size());
    for (auto& p : page->items)
      items.push_back(json::object{{"pinned_at", model::format_iso8601(p.pinned_ms)}, {"message", std::move(p.message)}});
    return api_reply::ok(json::object{{"items", std::move(items)}, {"has_more", page->has_more}});
  });
  api.add(verb::get, "/channels/{channel_id}/pins", auth_mode::any,
          [&pins](api_call& call) -> model::api_result<api_reply> {
    auto channel = call.id_param(0, json_code::unknown_channel, "Channel");
    if (!channel) return channel.error();
    auto page = pins.list(call.me(), *channel, 0, max_pin_page);
    if (!page) return page.error();
    json::array out;
    out.reserve(page->items.size());
    for (auto& p : page->items) out.push_back(std::move(p.message));
    return api_reply::ok(out);
  });
  api.add(verb::put, "/channels/{channel_id}/messages/pins/{message_id}", auth_mode::any, pin_handler(pins, true));
  api.add(verb::delete_, "/channels/{channel_id}/messages/pins/{message_id}", auth_mode::any, pin_handler(pins, false));
  api.add(verb::put, "/channels/{channel_id}/pins/{message_id}", auth_mode::any, pin_handler(pins, true));
  api.add(verb::delete_, "/channels/{channel_id}/pins/{message_id}", auth_mode::any, pin_handler(pins, false));
}

} // namespace parley::server::rest
