// The event bus between service/ (which publishes what happened) and the gateway (which turns an
// audience into sessions). In-process by default; NATS in a cluster. Events carry their audience so
// the bus can route by subject without looking inside the payload.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/json/value.hpp>

#include "model/snowflake.hpp"

namespace parley::bus {

using model::snowflake;

// Who may receive an event. The gateway applies intents and permissions on top.
struct audience {
  enum class kind { user, guild, channel } scope = kind::user;
  snowflake id = 0;        // user, guild or channel id
  snowflake guild_id = 0;  // for channel audiences inside a guild (0 for DMs)
};

struct event {
  std::string name;         // dispatch name, e.g. "USER_UPDATE"
  boost::json::value data;  // the dispatch `d`
  audience to;
};

using event_ptr = std::shared_ptr<const event>;

class bus {
 public:
  virtual ~bus() = default;
  // Thread-safe; may be called from store threads. Delivery is asynchronous and ordered per publisher.
  virtual void publish(event_ptr e) = 0;
  // Subscribers are added at startup, before the first publish. The callback runs on the
  // publisher's thread and must only hand the event over (post it), never block.
  virtual void subscribe(std::function<void(const event_ptr&)> on_event) = 0;
};

} // namespace parley::bus
