// A small per-SSRC jitter buffer for received Opus frames (voice.md §7.3, §9): frames come out in
// RTP sequence order; a frame that arrives after its turn is dropped; a missing frame is waited
// for until `depth` later frames are buffered, then reported lost (the decoder conceals it).
// Sequence numbers compare modulo 2^16 (RFC 3550 §A.1), so wrap-around is seamless.
//
// No clock inside: the caller pops after each push and drains a stream that went quiet. Slots
// keep their byte capacity, so a steady stream costs no allocation per packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace parley::client::voice {

class jitter_buffer {
 public:
  enum class push_result {
    accepted,
    late,      // its turn has passed (or it was already played): dropped
    duplicate, // already buffered: dropped
    restarted, // too far ahead of the expected sequence (a new stream): the buffer restarted at it
  };

  struct frame {
    std::uint16_t sequence = 0;
    bool lost = false;                    // a gap: no payload, conceal it
    std::span<const std::uint8_t> payload; // valid until the next push()
  };

  // depth: frames buffered past a gap before the gap is declared lost (the reordering window).
  // capacity: the most frames held; a frame further ahead restarts the buffer. depth < capacity.
  explicit jitter_buffer(std::size_t depth = 3, std::size_t capacity = 16);

  push_result push(std::uint16_t sequence, std::span<const std::uint8_t> payload);
  // The next frame in order, a lost marker for a gap that waited long enough, or nothing yet.
  std::optional<frame> pop();
  // The next buffered frame without waiting for gaps (the stream went quiet); nothing when empty.
  std::optional<frame> drain();

  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }

 private:
  struct slot {
    bool filled = false;
    std::uint16_t sequence = 0;
    std::vector<std::uint8_t> bytes;
  };
  slot& slot_for(std::uint16_t sequence) noexcept { return slots_[sequence % slots_.size()]; }
  frame take(slot& s);

  std::size_t depth_;
  std::vector<slot> slots_;
  std::size_t count_ = 0;
  bool started_ = false;
  std::uint16_t next_ = 0; // the sequence number whose turn it is
};

} // namespace parley::client::voice
