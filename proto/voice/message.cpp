// Envelope decoding of voice gateway JSON messages (voice.md §3.2, §5).
#include "proto/voice/message.hpp"

#include "proto/voice/detail/json_read.hpp"
#include "proto/voice/payload_error.hpp"

#include <boost/json/parser.hpp>

namespace parley::proto::voice {

result<message> decode_message(std::string_view text, std::size_t max_size, boost::json::storage_ptr storage) noexcept {
  if (text.size() > max_size) return payload_errc::too_large;
  boost::json::parse_options options;
  options.max_depth = max_message_depth;
  unsigned char temp[1024];
  boost::json::parser p(boost::json::storage_ptr{}, options, temp, sizeof temp);
  p.reset(storage);
  boost::system::error_code ec;
  p.write(text.data(), text.size(), ec);
  if (ec) return payload_errc::not_json;
  boost::json::value root = p.release();
  boost::json::object* o = root.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  auto op = detail::as_int(o->if_contains("op"), 0, 255);
  if (!op) return payload_errc::bad_op;
  std::optional<std::uint16_t> seq;
  if (const auto* seq_value = detail::field(*o, "seq")) {
    auto n = detail::as_int(seq_value, 0, 65535);
    if (!n) return payload_errc::bad_seq;
    seq = static_cast<std::uint16_t>(*n);
  }
  // Move-construct `d` so it keeps the caller's storage (move assignment would copy it).
  boost::json::value* d = o->if_contains("d");
  return message{static_cast<int>(*op),
                 d != nullptr ? boost::json::value(std::move(*d)) : boost::json::value(nullptr, storage), seq};
}

} // namespace parley::proto::voice
