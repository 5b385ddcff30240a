// The RTP packetizer (rtp_packetizer.hpp).
#include "client/voice/rtp_packetizer.hpp"

#include "proto/voice/packet_error.hpp"
#include "proto/voice/rtp_header.hpp"

#include <algorithm>

namespace parley::client::voice {

result<std::size_t> rtp_packetizer::seal(std::span<const std::uint8_t> opus, proto::voice::transport_cipher& cipher,
                                         std::span<std::uint8_t> out) noexcept {
  namespace pv = proto::voice;
  const std::size_t plain_size = pv::rtp_fixed_header_size + opus.size();
  if (out.size() < plain_size + cipher.overhead()) return pv::packet_errc::output_too_small;
  pv::rtp_header header;
  header.sequence = sequence_;
  header.timestamp = timestamp_;
  header.ssrc = ssrc_;
  auto written = pv::write_rtp_header(header, {}, out);
  if (!written) return written.error();
  std::copy(opus.begin(), opus.end(), out.begin() + static_cast<std::ptrdiff_t>(*written));
  auto sealed = cipher.encrypt(out.first(plain_size), nonce_, out); // in place
  if (!sealed) return sealed.error();
  ++sequence_;
  timestamp_ += samples_per_frame;
  ++nonce_;
  return *sealed;
}

} // namespace parley::client::voice
