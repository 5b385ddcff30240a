// Fuzz target for the connection's frame decoder (RFC 6455 §5): arbitrary bytes into a server- or
// client-role connection. Besides "no crash", it checks that feeding in chunks gives the same
// events as feeding at once, that delivered text is UTF-8 within the limits, and that whatever the
// connection answers (pongs, Close echoes) decodes cleanly on the other side.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "proto/websocket/connection.hpp"
#include "proto/websocket/detail/utf8_validator.hpp"

namespace ws = parley::proto::websocket;

namespace {

struct recorded {
  ws::event_kind kind;
  std::string payload;
  std::uint16_t close_code;
  bool operator==(const recorded&) const = default;
};

void check(bool ok) {
  if (!ok) std::abort();
}

ws::masking_key fixed_key() { return {std::byte{0x11}, std::byte{0x22}, std::byte{0x33}, std::byte{0x44}}; }

ws::connection make(ws::role r, const ws::connection_options& options) {
  return ws::connection(r, options, r == ws::role::client ? ws::mask_source(fixed_key) : ws::mask_source());
}

void drain(ws::connection& c, std::vector<recorded>& out, const ws::connection_options& options) {
  for (ws::event ev = c.next_event(); ev.kind != ws::event_kind::need_more; ev = c.next_event()) {
    // Nothing follows an error or a Close.
    check(out.empty() || (out.back().kind != ws::event_kind::error && out.back().kind != ws::event_kind::close));
    if (ev.kind == ws::event_kind::text) check(ws::detail::is_valid_utf8(ev.payload));
    if (ev.kind == ws::event_kind::text || ev.kind == ws::event_kind::binary) {
      check(ev.payload.size() <= options.max_message_size);
    }
    if (ev.kind == ws::event_kind::error) check(ev.error && ev.close_code != 0);
    out.push_back({ev.kind, {reinterpret_cast<const char*>(ev.payload.data()), ev.payload.size()}, ev.close_code});
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const ws::role r = (data[0] & 1) ? ws::role::client : ws::role::server;
  const std::size_t chunk = 1 + (data[0] >> 1) % 17;
  ws::connection_options options;
  options.max_message_size = 1 + (data[0] >> 3) * 97;
  options.max_frame_size = 1 + (data[0] >> 2) * 61;
  const auto input = std::as_bytes(std::span(data + 1, size - 1));

  auto whole = make(r, options);
  std::vector<recorded> whole_events;
  whole.feed(input);
  drain(whole, whole_events, options);

  auto pieces = make(r, options);
  std::vector<recorded> piece_events;
  for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
    pieces.feed(input.subspan(pos, std::min(chunk, input.size() - pos)));
    drain(pieces, piece_events, options);
  }
  check(whole_events == piece_events);
  check(whole.state() == pieces.state());
  check(whole.output() == pieces.output());

  // Our replies must be well-formed frames for the other role.
  auto peer = make(r == ws::role::server ? ws::role::client : ws::role::server, {});
  peer.feed(whole.output());
  std::vector<recorded> replies;
  drain(peer, replies, {});
  for (const auto& reply : replies) check(reply.kind != ws::event_kind::error);
  return 0;
}
