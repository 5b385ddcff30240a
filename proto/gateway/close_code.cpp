// Messages for the gateway close-code category (gateway.md §4).
#include "proto/gateway/close_code.hpp"

#include <string>

namespace parley::proto::gateway {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.gateway"; }
  std::string message(int ev) const override {
    switch (static_cast<close_code>(ev)) {
      case close_code::unknown_error: return "unknown error";
      case close_code::unknown_opcode: return "unknown opcode or invalid payload data";
      case close_code::decode_error: return "decode error";
      case close_code::not_authenticated: return "not authenticated";
      case close_code::authentication_failed: return "authentication failed";
      case close_code::already_authenticated: return "already authenticated";
      case close_code::invalid_seq: return "invalid seq";
      case close_code::rate_limited: return "rate limited";
      case close_code::session_timed_out: return "session timed out";
      case close_code::invalid_shard: return "invalid shard";
      case close_code::sharding_required: return "sharding required";
      case close_code::invalid_api_version: return "invalid API version";
      case close_code::invalid_intents: return "invalid intent(s)";
      case close_code::disallowed_intents: return "disallowed intent(s)";
    }
    return "unknown gateway close code";
  }
};

} // namespace

const boost::system::error_category& gateway_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::proto::gateway
