// Errors of the SDK's voice client (voice.md §2-§8): calls refused in the current state, and why
// the voice session core, the join or the media path gave up on their own.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace parley::client::voice {

enum class voice_errc {
  // Calls illegal in the current state.
  not_connected = 1,   // no voice WebSocket is open
  already_connected,   // connect() while a connection is open
  not_ready,           // the session has no Ready / Session Description yet
  no_session,          // resume without an identified session
  no_mode_in_common,   // Ready offered no mode this client speaks (aead_* rtpsize)

  // Reasons the session or the join ended.
  bad_payload,         // the server sent something that is not a voice gateway message
  bad_discovery,       // an IP discovery reply that does not answer our request
  zombie_connection,   // three heartbeats without an ACK (discord.js gives up after 3)
  transport_closed,    // the caller reported the byte stream ended
  join_timeout,        // VOICE_STATE_UPDATE / VOICE_SERVER_UPDATE did not both arrive in time
  no_endpoint,         // VOICE_SERVER_UPDATE without an endpoint
  discovery_timeout,   // no IP discovery reply over UDP after the retries
  codec_error,         // libopus refused to create an encoder or decoder
  left,                // leave() was called
};

const boost::system::error_category& voice_category() noexcept;

inline boost::system::error_code make_error_code(voice_errc e) noexcept {
  return {static_cast<int>(e), voice_category()};
}

} // namespace parley::client::voice

template <>
struct boost::system::is_error_code_enum<parley::client::voice::voice_errc> : std::true_type {};
