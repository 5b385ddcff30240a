// MESSAGE_CONTENT in REST answers (gateway.md §5.2): a bot whose application lacks the
// GATEWAY_MESSAGE_CONTENT(_LIMITED) flag receives guild messages redacted, except those it wrote
// and those that mention it. Every REST answer that carries message objects renders them through it.
#pragma once

#include <boost/json/object.hpp>

#include "model/user.hpp"
#include "service/context.hpp"
#include "service/message_events.hpp"
#include "store/message_store.hpp"

namespace parley::service {

// One per answer: the application is looked up at most once, on the first guild message that needs it.
// Keeps references to ctx, view and caller, which must outlive it.
class content_gate {
 public:
  content_gate(context& ctx, const message_view& view, const model::user& caller)
      : ctx_(ctx), view_(view), caller_(caller) {}

  // r's message object as the caller may see it; `in_private_channel`: DMs are never redacted.
  boost::json::object render(const store::message_record& r, bool in_private_channel);

 private:
  bool redact(const store::message_record& r, bool in_private_channel);

  context& ctx_;
  const message_view& view_;
  const model::user& caller_;
  bool looked_up_ = false;
  bool has_intent_ = true;
};

} // namespace parley::service
