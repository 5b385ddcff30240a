// MESSAGE_CONTENT redaction of REST answers; see content_gate.hpp.
#include "service/content_gate.hpp"

#include <algorithm>

#include "model/application.hpp"

namespace parley::service {

bool content_gate::redact(const store::message_record& r, bool in_private_channel) {
  if (!caller_.bot || in_private_channel) return false;
  if (r.message.author_id == caller_.id) return false;
  const auto& mentioned = r.message.mention_users;
  if (std::find(mentioned.begin(), mentioned.end(), caller_.id) != mentioned.end()) return false;
  if (!looked_up_) {
    looked_up_ = true;
    auto app = ctx_.store.application_by_bot(caller_.id);
    if (app && *app) {
      namespace flags = model::application_flags;
      has_intent_ = ((*app)->flags & (flags::gateway_message_content | flags::gateway_message_content_limited)) != 0;
    }
  }
  return !has_intent_;
}

boost::json::object content_gate::render(const store::message_record& r, bool in_private_channel) {
  return redact(r, in_private_channel) ? redacted_message_object(view_, r) : message_object(view_, r);
}

} // namespace parley::service
