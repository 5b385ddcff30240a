// The jitter buffer (jitter_buffer.hpp).
#include "client/voice/jitter_buffer.hpp"

#include <cassert>

namespace parley::client::voice {

jitter_buffer::jitter_buffer(std::size_t depth, std::size_t capacity) : depth_(depth), slots_(capacity) {
  assert(depth > 0 && depth < capacity && capacity <= 4096);
}

jitter_buffer::push_result jitter_buffer::push(std::uint16_t sequence, std::span<const std::uint8_t> payload) {
  if (!started_) {
    started_ = true;
    next_ = sequence;
  }
  // The distance from the expected number, modulo 2^16 as a signed value (RFC 3550 §A.1).
  const auto ahead = static_cast<std::int16_t>(static_cast<std::uint16_t>(sequence - next_));
  push_result outcome = push_result::accepted;
  if (ahead < 0) return push_result::late;
  if (static_cast<std::size_t>(ahead) >= slots_.size()) {
    for (auto& s : slots_) s.filled = false;
    count_ = 0;
    next_ = sequence;
    outcome = push_result::restarted;
  }
  slot& s = slot_for(sequence);
  if (s.filled) return push_result::duplicate; // within the window a filled slot holds this number
  s.filled = true;
  s.sequence = sequence;
  s.bytes.assign(payload.begin(), payload.end());
  ++count_;
  return outcome;
}

jitter_buffer::frame jitter_buffer::take(slot& s) {
  s.filled = false;
  --count_;
  return frame{s.sequence, false, s.bytes};
}

std::optional<jitter_buffer::frame> jitter_buffer::pop() {
  if (!started_ || count_ == 0) return std::nullopt;
  slot& s = slot_for(next_);
  if (s.filled) {
    ++next_;
    return take(s);
  }
  if (count_ < depth_) return std::nullopt; // the missing frame may still come
  return frame{next_++, true, {}};
}

std::optional<jitter_buffer::frame> jitter_buffer::drain() {
  if (count_ == 0) return std::nullopt;
  for (;;) {
    slot& s = slot_for(next_++);
    if (s.filled) return take(s);
  }
}

} // namespace parley::client::voice
