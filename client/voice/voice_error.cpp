// The error category of voice_errc (voice_error.hpp).
#include "client/voice/voice_error.hpp"

#include <string>

namespace parley::client::voice {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.client.voice"; }
  std::string message(int value) const override {
    switch (static_cast<voice_errc>(value)) {
      case voice_errc::not_connected: return "no voice connection is open";
      case voice_errc::already_connected: return "a voice connection is already open";
      case voice_errc::not_ready: return "the voice session is not ready";
      case voice_errc::no_session: return "no voice session to resume";
      case voice_errc::no_mode_in_common: return "the voice server offers no supported encryption mode";
      case voice_errc::bad_payload: return "the voice server sent an undecodable message";
      case voice_errc::bad_discovery: return "bad IP discovery reply";
      case voice_errc::zombie_connection: return "the voice server stopped acknowledging heartbeats";
      case voice_errc::transport_closed: return "the voice connection was lost";
      case voice_errc::join_timeout: return "no voice state / voice server update in time";
      case voice_errc::no_endpoint: return "the voice server update has no endpoint";
      case voice_errc::discovery_timeout: return "no IP discovery reply";
      case voice_errc::codec_error: return "Opus codec error";
      case voice_errc::left: return "left the voice channel";
    }
    return "unknown voice client error";
  }
};

} // namespace

const boost::system::error_category& voice_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::client::voice
