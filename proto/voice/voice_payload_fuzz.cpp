// Fuzz target for the voice gateway JSON decoders (voice.md §3-§5): the envelope with both size
// limits, then every server-side and client-side `d` decoder on the same value. What decodes must
// survive an encode/decode round trip unchanged.
#include "proto/voice/client_payloads.hpp"
#include "proto/voice/message.hpp"
#include "proto/voice/server_payloads.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace parley::proto::voice;

namespace {

template <class T, class Decode>
void round_trip(const T& value, Decode decode) {
  auto m = decode_message(encode(value), SIZE_MAX);
  if (!m) std::abort();
  auto again = decode(m->d);
  if (!again || !(*again == value)) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)decode_message(text, max_client_message_size);
  auto m = decode_message(text, max_server_message_size);
  if (!m) return 0;
  const auto& d = m->d;
  // Server side: what clients send.
  if (auto v = decode_identify(d)) round_trip(*v, decode_identify);
  if (auto v = decode_select_protocol(d)) round_trip(*v, decode_select_protocol);
  if (auto v = decode_heartbeat(d)) round_trip(*v, decode_heartbeat);
  if (auto v = decode_speaking(d)) round_trip(*v, decode_speaking);
  if (auto v = decode_resume(d)) round_trip(*v, decode_resume);
  // Client side: what servers send.
  if (auto v = decode_ready(d)) round_trip(*v, decode_ready);
  if (auto v = decode_session_description(d)) round_trip(*v, decode_session_description);
  if (auto v = decode_speaking_update(d)) round_trip(*v, decode_speaking_update);
  if (auto v = decode_heartbeat_ack(d)) round_trip(*v, decode_heartbeat_ack);
  if (auto v = decode_clients_connect(d)) round_trip(*v, decode_clients_connect);
  if (auto v = decode_client_disconnect(d)) round_trip(*v, decode_client_disconnect);
  if (auto v = decode_hello(d)) {
    // Boost 1.81 parses doubles imprecisely (no precise-number option yet): a large fractional
    // interval may come back one ulp away, so compare relatively.
    auto again = decode_hello(decode_message(encode(*v), SIZE_MAX)->d);
    if (!again || std::fabs(again->heartbeat_interval - v->heartbeat_interval) > 1e-12 * v->heartbeat_interval) {
      std::abort();
    }
  }
  return 0;
}
