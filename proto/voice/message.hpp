// The envelope of one voice gateway JSON message, `{"op": int, "d": any, "seq"?: int}`
// (voice.md §3.2, §5), decoded for either side. The `d` decoders are in client_payloads.hpp
// (what a client sends) and server_payloads.hpp (what a server sends).
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::proto::voice {

// Size limit for messages a server accepts from a client: the largest valid one (Select
// Protocol from a real Discord client, with codecs) is well under it.
inline constexpr std::size_t max_client_message_size = 4096;
// Size limit for messages a client accepts from a server (Ready, Clients Connect of a big call).
inline constexpr std::size_t max_server_message_size = 1 << 20;
inline constexpr unsigned max_message_depth = 32;

struct message {
  int op = 0;
  boost::json::value d;              // null when absent
  std::optional<std::uint16_t> seq;  // server → client numbered messages (§5)
};

// Decodes one complete text message. Errors (payload_errc): too_large (above `max_size`),
// not_json (or deeper than 32), not_an_object, bad_op (missing, not an integer or outside
// 0-255), bad_seq (present, not null and not an integer 0-65535). Values are allocated from
// `storage` (a caller's monotonic_resource makes a message cost no heap allocation).
result<message> decode_message(std::string_view text, std::size_t max_size, boost::json::storage_ptr storage = {}) noexcept;

} // namespace parley::proto::voice
