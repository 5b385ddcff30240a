// Pins (rest.md §7.5; gateway.md §11.1 CHANNEL_PINS_UPDATE); see pins.hpp.
#include "service/pins.hpp"

#include <boost/json/object.hpp>
#include <spdlog/spdlog.h>

#include "model/permission_bits.hpp"
#include "model/timestamp.hpp"
#include "service/content_gate.hpp"
#include "service/errors.hpp"
#include "service/guild_access.hpp"
#include "service/guild_events.hpp"
#include "service/message_access.hpp"
#include "store/store_error.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

// Discord's JSON code 30003, "Maximum number of pins reached".
constexpr auto max_pins_reached = static_cast<json_code>(30003);

api_error unknown_message() { return api_error::not_found(json_code::unknown_message, "Message"); }

api_error pin_error(const error_code& ec, const char* where) {
  if (ec == store::store_errc::not_found) return unknown_message();
  if (ec == store::store_errc::conflict)
    return api_error(400, max_pins_reached, "Maximum number of pins reached (250)");
  return internal_error(ec, where);
}

// PIN_MESSAGES is new (bit 51): older permission sets only know MANAGE_MESSAGES (rest.md §7.5 [rec]).
bool may_pin(const message_channel& where) {
  return where.is_private() || (where.perms & (perm::pin_messages | perm::manage_messages)) != 0;
}

void publish_pins_update(context& ctx, const message_channel& where, std::optional<std::int64_t> last_pin_ms) {
  json::object d;
  if (where.channel.guild_id) d["guild_id"] = model::to_string(*where.channel.guild_id);
  d["channel_id"] = model::to_string(where.channel.id);
  if (last_pin_ms) {
    d["last_pin_timestamp"] = model::format_iso8601(*last_pin_ms);
  } else {
    d["last_pin_timestamp"] = nullptr;
  }
  publish_to_channel(ctx, "CHANNEL_PINS_UPDATE", std::move(d), where.channel);
}

// MESSAGE_UPDATE with the message as it is now (pinned or not). The change is committed, so a
// failed read only costs the clients this event.
void publish_pinned_state(context& ctx, const message_view& view, const message_channel& where,
                          model::snowflake message_id) {
  auto r = ctx.store.message(where.channel.id, message_id, 0);
  if (!r || !*r) {
    spdlog::error("MESSAGE_UPDATE after (un)pinning {} in {}: {}", message_id, where.channel.id,
                  r ? "message gone" : r.error().message());
    return;
  }
  publish_message_update(ctx, view, where, **r);
}

} // namespace

model::api_result<void> pins::pin(const model::user& caller, model::snowflake channel_id,
                                  model::snowflake message_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!may_pin(*where)) return missing_permissions();
  const auto now = ctx_.time.now_ms();
  auto pinned = ctx_.store.pin_message(channel_id, message_id, now, max_pins_per_channel);
  if (!pinned) return pin_error(pinned.error(), "pin_message");
  if (!*pinned) return {};

  publish_pinned_state(ctx_, view_, *where, message_id);
  publish_pins_update(ctx_, *where, now);

  // The system message "<user> pinned a message to this channel." (type 6), pointing at the pin.
  model::message notice;
  notice.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
  notice.channel_id = channel_id;
  notice.guild_id = where->channel.guild_id;
  notice.author_id = caller.id;
  notice.type = model::message_type::channel_pinned_message;
  model::message_reference ref;
  ref.message_id = message_id;
  ref.channel_id = channel_id;
  ref.guild_id = where->channel.guild_id;
  notice.reference = ref;
  auto created = ctx_.store.create_message(notice, caller.id, std::nullopt);
  if (!created) {
    // The pin itself is committed and announced; only the notice is missing.
    spdlog::error("pin notice in channel {}: {}", channel_id, created.error().message());
    return {};
  }
  publish_message_create(ctx_, view_, *where, created->record);
  return {};
}

model::api_result<void> pins::unpin(const model::user& caller, model::snowflake channel_id,
                                    model::snowflake message_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!may_pin(*where)) return missing_permissions();
  auto unpinned = ctx_.store.unpin_message(channel_id, message_id);
  if (!unpinned) return pin_error(unpinned.error(), "unpin_message");
  if (!*unpinned) return {};

  publish_pinned_state(ctx_, view_, *where, message_id);
  std::optional<std::int64_t> last_pin;
  if (auto c = ctx_.store.channel_by_id(channel_id); c && *c) {
    last_pin = (*c)->last_pin_ms;
  } else {
    spdlog::error("CHANNEL_PINS_UPDATE after unpinning in {}: channel unreadable", channel_id);
    return {};
  }
  publish_pins_update(ctx_, *where, last_pin);
  return {};
}

model::api_result<pin_page> pins::list(const model::user& caller, model::snowflake channel_id, std::int64_t before_ms,
                                       std::size_t limit) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  pin_page page;
  if (!where->has(perm::read_message_history) || limit == 0) return page;
  auto items = ctx_.store.pins(channel_id, before_ms, limit + 1, caller.id);
  if (!items) return internal_error(items.error(), "pins");
  page.has_more = items->size() > limit;
  if (page.has_more) items->resize(limit);
  content_gate gate(ctx_, view_, caller);
  page.items.reserve(items->size());
  for (const auto& p : *items) page.items.push_back({p.pinned_ms, gate.render(p.message, where->is_private())});
  return page;
}

} // namespace parley::service
