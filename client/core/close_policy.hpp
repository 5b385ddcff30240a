// What a client does after a gateway connection closed with a given code (gateway.md §3.6 and §4,
// clients.md §3.3-§3.4): reconnect at all, and if so resume or identify again.
#pragma once

#include <cstdint>

namespace parley::client {

// The code our core closes with when it means to resume (op 7, zombie connection, the caller's
// reconnect): any code but 1000/1001 keeps the session alive on the server (§3.6). 4200 is the
// private code discord.js uses for the same purpose.
inline constexpr std::uint16_t resume_close_code = 4200;

// False for the close codes after which retrying cannot help: 4004 authentication failed, 4010
// invalid shard, 4011 sharding required, 4012 invalid API version, 4013 invalid intents, 4014
// disallowed intents (§4, "client should reconnect? no"). True for everything else, including
// 1006 (no Close frame at all).
constexpr bool should_reconnect_after(std::uint16_t code) noexcept {
  return !(code == 4004 || (code >= 4010 && code <= 4014));
}

// Whether a session is still worth resuming after the *server* closed with `code` (or the
// transport dropped: 1006). §3.6: resume after a resumable code or no Close frame. Not after
// 4007 invalid seq and 4009 session timed out (the table's "new session"), 4003/4005 (the server
// no longer knows what we are), 1000 (the server ended the session normally), or any code after
// which we do not reconnect at all.
constexpr bool should_resume_after(std::uint16_t code) noexcept {
  switch (code) {
    case 1000:
    case 4003:
    case 4005:
    case 4007:
    case 4009:
      return false;
    default:
      return should_reconnect_after(code);
  }
}

} // namespace parley::client
