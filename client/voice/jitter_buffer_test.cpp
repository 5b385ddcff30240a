// The jitter buffer: ordering, reordering within the window, late and duplicate drops, gaps
// reported lost, wrap-around and restarts.
#include "client/voice/jitter_buffer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::client::voice {
namespace {

std::vector<std::uint8_t> bytes_of(std::uint16_t sequence) {
  return {static_cast<std::uint8_t>(sequence >> 8), static_cast<std::uint8_t>(sequence)};
}

// "5" for a frame, "5?" for a lost one; each pop checks that a frame carries its own bytes.
std::string pop_all(jitter_buffer& jb, bool draining = false) {
  std::string out;
  while (auto f = draining ? jb.drain() : jb.pop()) {
    if (!out.empty()) out += ' ';
    out += std::to_string(f->sequence);
    if (f->lost) {
      out += '?';
    } else {
      EXPECT_EQ(std::vector<std::uint8_t>(f->payload.begin(), f->payload.end()), bytes_of(f->sequence));
    }
  }
  return out;
}

jitter_buffer::push_result push(jitter_buffer& jb, std::uint16_t sequence) {
  auto b = bytes_of(sequence);
  return jb.push(sequence, b);
}

TEST(JitterBuffer, InOrderFramesComeOutAtOnce) {
  jitter_buffer jb(3, 16);
  std::string seen;
  for (std::uint16_t s = 100; s < 105; ++s) {
    EXPECT_EQ(push(jb, s), jitter_buffer::push_result::accepted);
    seen += pop_all(jb) + ",";
  }
  EXPECT_EQ(seen, "100,101,102,103,104,");
}

TEST(JitterBuffer, ReordersWithinTheWindow) {
  jitter_buffer jb(3, 16);
  push(jb, 10);
  EXPECT_EQ(pop_all(jb), "10");
  push(jb, 12); // 11 is late, not yet lost
  push(jb, 13);
  EXPECT_EQ(pop_all(jb), "");
  push(jb, 11);
  EXPECT_EQ(pop_all(jb), "11 12 13");
}

TEST(JitterBuffer, AGapIsLostOnceDepthFramesWait) {
  jitter_buffer jb(3, 16);
  push(jb, 10);
  pop_all(jb);
  push(jb, 12);
  push(jb, 13);
  EXPECT_EQ(pop_all(jb), "");
  push(jb, 14);
  EXPECT_EQ(pop_all(jb), "11? 12 13 14");
  // 11 arriving now is late and dropped; so is a replay of 13.
  EXPECT_EQ(push(jb, 11), jitter_buffer::push_result::late);
  EXPECT_EQ(push(jb, 13), jitter_buffer::push_result::late);
  EXPECT_EQ(pop_all(jb), "");
}

TEST(JitterBuffer, DuplicatesAreDropped) {
  jitter_buffer jb(3, 16);
  push(jb, 1);
  pop_all(jb);
  push(jb, 3);
  EXPECT_EQ(push(jb, 3), jitter_buffer::push_result::duplicate);
  EXPECT_EQ(jb.size(), 1u);
}

TEST(JitterBuffer, WrapsAroundTheSequenceSpace) {
  jitter_buffer jb(3, 16);
  push(jb, 65534);
  push(jb, 0);
  push(jb, 65535);
  push(jb, 1);
  EXPECT_EQ(pop_all(jb), "65534 65535 0 1");
  EXPECT_EQ(push(jb, 65535), jitter_buffer::push_result::late);
}

TEST(JitterBuffer, FarAheadRestarts) {
  jitter_buffer jb(3, 16);
  push(jb, 5);
  pop_all(jb);
  push(jb, 7);
  EXPECT_EQ(push(jb, 5000), jitter_buffer::push_result::restarted);
  EXPECT_EQ(jb.size(), 1u);
  EXPECT_EQ(pop_all(jb), "5000");
}

TEST(JitterBuffer, DrainSkipsGapsAtTheEndOfAStream) {
  jitter_buffer jb(3, 16);
  push(jb, 1);
  pop_all(jb);
  push(jb, 3);
  push(jb, 5);
  EXPECT_EQ(pop_all(jb), "");
  EXPECT_EQ(pop_all(jb, true), "3 5");
  EXPECT_TRUE(jb.empty());
  push(jb, 6);
  EXPECT_EQ(pop_all(jb), "6");
}

} // namespace
} // namespace parley::client::voice
