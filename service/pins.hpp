// Pin use cases (rest.md §7.5): pin and unpin (PIN_MESSAGES or MANAGE_MESSAGES; any participant
// of a private channel), at most 250 pins per channel (400 30003), and the pin list for both the
// current route ({items, has_more}) and the deprecated one (array). Pinning publishes
// MESSAGE_UPDATE (pinned: true), CHANNEL_PINS_UPDATE and the system message type 6
// (CHANNEL_PINNED_MESSAGE, MESSAGE_CREATE) that references the pinned message; unpinning
// MESSAGE_UPDATE and CHANNEL_PINS_UPDATE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/json/object.hpp>

#include "model/api_error.hpp"
#include "model/user.hpp"
#include "service/context.hpp"
#include "service/message_events.hpp"
#include "store/message_store.hpp"

namespace parley::service {

inline constexpr std::size_t max_pins_per_channel = 250;

struct pin_item {
  std::int64_t pinned_ms = 0;
  boost::json::object message;  // as the caller may see it (MESSAGE_CONTENT, content_gate.hpp)
};

struct pin_page {
  std::vector<pin_item> items;  // newest pin first
  bool has_more = false;
};

class pins {
 public:
  // `view` is shared with the other message services and outlives this object.
  pins(context& ctx, const message_view& view) : ctx_(ctx), view_(view) {}

  // Pinning a pinned message (or unpinning one that is not) succeeds without events.
  model::api_result<void> pin(const model::user& caller, model::snowflake channel_id, model::snowflake message_id);
  model::api_result<void> unpin(const model::user& caller, model::snowflake channel_id, model::snowflake message_id);
  // VIEW_CHANNEL; without READ_MESSAGE_HISTORY the page is empty. Pins strictly before
  // before_ms (0 = from the newest), at most `limit` (the route bounds it).
  model::api_result<pin_page> list(const model::user& caller, model::snowflake channel_id, std::int64_t before_ms,
                                   std::size_t limit);

 private:
  context& ctx_;
  const message_view& view_;
};

} // namespace parley::service
