// Pacing arithmetic: frame n is due at start + 20 ms × n however late each send was, and a long
// stall restarts the schedule instead of bursting.
#include "client/voice/frame_clock.hpp"

#include <gtest/gtest.h>

namespace parley::client::voice {
namespace {

using namespace std::chrono_literals;
const frame_clock::time_point t0{std::chrono::hours{5}};

TEST(FrameClock, DeadlinesDoNotDriftWithLateSends) {
  frame_clock clock;
  clock.start(t0);
  EXPECT_EQ(clock.due(), t0);
  for (int n = 0; n < 500; ++n) {
    // Every send is 3 ms late: a sleep-20-ms-after-send loop would drift 1.5 s over 500 frames.
    clock.advance(clock.due() + 3ms);
  }
  EXPECT_EQ(clock.due(), t0 + 500 * 20ms);
  EXPECT_EQ(clock.frames_sent(), 500u);
}

TEST(FrameClock, ASmallLagIsCaughtUp) {
  frame_clock clock;
  clock.start(t0);
  clock.advance(t0 + 90ms); // 4.5 frames behind: within max_lag, keep the schedule
  EXPECT_EQ(clock.due(), t0 + 20ms);
}

TEST(FrameClock, ALongStallRestartsTheSchedule) {
  frame_clock clock(20ms, 5);
  clock.start(t0);
  clock.advance(t0 + 1s); // suspended: do not send 50 frames at once
  EXPECT_EQ(clock.due(), t0 + 1s);
  clock.advance(t0 + 1s);
  EXPECT_EQ(clock.due(), t0 + 1s + 20ms);
}

} // namespace
} // namespace parley::client::voice
