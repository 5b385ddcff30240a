// Errors of the voice UDP cores (voice.md §7, §8) as an error_code category: why an RTP packet,
// an IP discovery datagram or an encrypted packet was refused, and why an encrypt call failed.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::voice {

enum class packet_errc {
  // RTP (voice.md §7.3, RFC 3550 §5.1).
  truncated = 1,          // shorter than the fixed header, the CSRC list or the extension it announces
  bad_version,            // version bits are not 2
  rtcp_packet,            // byte 1 is 200-204: RTCP, handled apart from RTP (§7.4)
  bad_padding,            // P set but the padding count is 0 or larger than the payload
  // Transport encryption (§8).
  too_short_for_mode,     // shorter than header + tag + appended nonce of the mode
  authentication_failed,  // tag did not verify: wrong key, wrong nonce or a modified packet
  output_too_small,       // the caller's buffer cannot hold the result
  bad_key_size,           // a secret key that is not 32 bytes
  crypto_unavailable,     // the crypto library refused to set up the cipher
  // IP discovery (§7.1).
  bad_discovery_size,     // not exactly 74 bytes
  bad_discovery_type,     // type is neither 1 (request) nor 2 (response), or not the one expected
  bad_discovery_length,   // length field is not 70
  bad_discovery_address,  // address not printable ASCII up to its NUL, or no NUL in 64 bytes
  address_too_long,       // an address we were asked to write does not fit 63 bytes + NUL
};

const boost::system::error_category& packet_category() noexcept;

inline boost::system::error_code make_error_code(packet_errc e) noexcept {
  return {static_cast<int>(e), packet_category()};
}

} // namespace parley::proto::voice

template <>
struct boost::system::is_error_code_enum<parley::proto::voice::packet_errc> : std::true_type {};
