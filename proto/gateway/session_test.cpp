// Tests for the resumable session: seq counter, resume window and resume decisions
// (gateway.md §3.5, §3.6).
#include "proto/gateway/session.hpp"

#include "proto/gateway/close_code.hpp"

#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

session make_session() {
  session_config c;
  c.session_id = "abc";
  c.user_id = 42;
  c.intents = 513;
  c.shard = {1, 4};
  c.resume_window = 2min;
  c.replay = {.max_events = 16, .max_bytes = 1 << 20, .max_age = 5min};
  return session(std::move(c));
}

// The thread's shared log; every test sends through it, as a gateway home does.
replay_log log_;

// A live dispatch: kept in the log, its position recorded by the session.
std::uint64_t send(session& s, time_point now) {
  return s.sequence(log_, log_.append(dispatch_event::make("TYPING_START", boost::json::object{}), now));
}

TEST(session, ready_is_seq_1) {
  session s = make_session();
  EXPECT_EQ(s.id(), "abc");
  EXPECT_EQ(s.user_id(), 42u);
  EXPECT_EQ(s.intents(), 513u);
  EXPECT_EQ(s.shard(), (shard_info{1, 4}));
  EXPECT_EQ(s.last_seq(), 0u);
  EXPECT_EQ(s.next_seq(), 1u);
  EXPECT_EQ(send(s, t0), 2u);
  EXPECT_EQ(s.last_seq(), 2u);
}

TEST(session, resume_replays_missed_events) {
  session s = make_session();
  for (int i = 0; i < 5; ++i) send(s, t0);
  s.detach(t0 + 1s);
  auto r = s.resume(3, t0 + 10s, log_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].seq, 4u);
  EXPECT_EQ((*r)[1].seq, 5u);
}

TEST(session, seq_ahead_is_invalid_seq) {
  session s = make_session();
  for (int i = 0; i < 5; ++i) send(s, t0);
  auto r = s.resume(6, t0, log_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), close_code::invalid_seq);
}

TEST(session, seq_older_than_the_ring_is_invalid_seq) {
  session s = make_session();
  for (int i = 0; i < 40; ++i) send(s, t0);
  auto r = s.resume(10, t0, log_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), close_code::invalid_seq);
  EXPECT_TRUE(s.resume(24, t0, log_));
  EXPECT_FALSE(s.resume(23, t0, log_));
}

TEST(session, resume_window) {
  session s = make_session();
  send(s, t0);
  EXPECT_TRUE(s.attached());
  EXPECT_FALSE(s.expiry());
  EXPECT_FALSE(s.expired(t0 + 1000h));
  s.detach(t0);
  s.detach(t0 + 1min); // a second detach does not extend the window
  EXPECT_FALSE(s.attached());
  EXPECT_EQ(s.expiry(), t0 + 2min);
  EXPECT_TRUE(s.resume(1, t0 + 2min - 1ms, log_));
  auto late = s.resume(1, t0 + 2min, log_);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error(), close_code::session_timed_out);
  EXPECT_TRUE(s.expired(t0 + 2min));
}

TEST(session, attach_stops_the_window) {
  session s = make_session();
  s.detach(t0);
  s.attach();
  EXPECT_FALSE(s.expired(t0 + 1h));
  s.detach(t0 + 1h);
  EXPECT_EQ(s.expiry(), t0 + 1h + 2min);
}

TEST(session, live_session_may_be_resumed_from_another_socket) {
  session s = make_session();
  send(s, t0);
  send(s, t0);
  auto r = s.resume(1, t0 + 1s, log_); // still attached: the server moves it to the new socket
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 1u);
}

TEST(session, an_event_evicted_from_the_log_cannot_be_replayed) {
  replay_log small({.max_events = 3, .max_bytes = 1 << 20, .max_age = 5min});
  session s = make_session();
  for (int i = 0; i < 5; ++i)
    s.sequence(small, small.append(dispatch_event::make("TYPING_START", boost::json::object{}), t0));
  // The ring still lists seq 1..5, but the log kept only the last three events.
  EXPECT_FALSE(s.resume(1, t0, small));
  auto r = s.resume(2, t0, small);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].seq, 3u);
  EXPECT_NE((*r)[0].event, nullptr);
}

TEST(session, events_older_than_the_log_age_cannot_be_replayed) {
  replay_log aged({.max_events = 100, .max_bytes = 1 << 20, .max_age = 60s});
  session s = make_session();
  s.sequence(aged, aged.append(dispatch_event::make("TYPING_START", boost::json::object{}), t0));
  s.sequence(aged, aged.append(dispatch_event::make("TYPING_START", boost::json::object{}), t0 + 50s));
  aged.expire(t0 + 61s);
  EXPECT_FALSE(s.resume(0, t0 + 61s, aged));
  auto r = s.resume(1, t0 + 61s, aged);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 1u);
}

} // namespace
} // namespace parley::proto::gateway
