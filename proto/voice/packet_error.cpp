// Messages for the voice UDP error category.
#include "proto/voice/packet_error.hpp"

#include <string>

namespace parley::proto::voice {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.voice.packet"; }
  std::string message(int ev) const override {
    switch (static_cast<packet_errc>(ev)) {
      case packet_errc::truncated: return "RTP packet truncated";
      case packet_errc::bad_version: return "RTP version is not 2";
      case packet_errc::rtcp_packet: return "RTCP packet where RTP was expected";
      case packet_errc::bad_padding: return "invalid RTP padding count";
      case packet_errc::too_short_for_mode: return "packet too short for the encryption mode";
      case packet_errc::authentication_failed: return "packet authentication failed";
      case packet_errc::output_too_small: return "output buffer too small";
      case packet_errc::bad_key_size: return "secret key is not 32 bytes";
      case packet_errc::crypto_unavailable: return "cipher could not be set up";
      case packet_errc::bad_discovery_size: return "IP discovery datagram is not 74 bytes";
      case packet_errc::bad_discovery_type: return "unexpected IP discovery type";
      case packet_errc::bad_discovery_length: return "IP discovery length field is not 70";
      case packet_errc::bad_discovery_address: return "invalid IP discovery address";
      case packet_errc::address_too_long: return "address longer than 63 bytes";
    }
    return "unknown voice packet error";
  }
};

} // namespace

const boost::system::error_category& packet_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::proto::voice
