// Tests for the gateway close-code category and the resumable/reconnect helpers (gateway.md §4).
#include "proto/gateway/close_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace parley::proto::gateway {
namespace {

constexpr close_code all_codes[] = {
    close_code::unknown_error,      close_code::unknown_opcode,        close_code::decode_error,
    close_code::not_authenticated,  close_code::authentication_failed, close_code::already_authenticated,
    close_code::invalid_seq,        close_code::rate_limited,          close_code::session_timed_out,
    close_code::invalid_shard,      close_code::sharding_required,     close_code::invalid_api_version,
    close_code::invalid_intents,    close_code::disallowed_intents,
};

TEST(close_code, values_match_the_spec_and_skip_4006) {
  std::set<int> values;
  for (auto c : all_codes) values.insert(static_cast<int>(c));
  std::set<int> expected{4000, 4001, 4002, 4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014};
  EXPECT_EQ(values, expected);
}

TEST(close_code, error_code_has_category_and_distinct_messages) {
  std::set<std::string> messages;
  for (auto c : all_codes) {
    boost::system::error_code ec = c;
    EXPECT_EQ(&ec.category(), &gateway_category());
    EXPECT_EQ(ec.value(), static_cast<int>(c));
    messages.insert(ec.message());
  }
  EXPECT_EQ(messages.size(), std::size(all_codes));
  EXPECT_STREQ(gateway_category().name(), "parley.gateway");
}

TEST(close_code, resumable_after) {
  std::set<close_code> resumable;
  for (auto c : all_codes) {
    if (session_resumable_after(c)) resumable.insert(c);
  }
  std::set<close_code> expected{close_code::unknown_error, close_code::unknown_opcode, close_code::decode_error,
                                close_code::rate_limited};
  EXPECT_EQ(resumable, expected);
}

TEST(close_code, client_gives_up_after) {
  std::set<int> fatal;
  for (auto c : all_codes) {
    if (!client_reconnects_after(c)) fatal.insert(static_cast<int>(c));
  }
  std::set<int> expected{4004, 4010, 4011, 4012, 4013, 4014};
  EXPECT_EQ(fatal, expected);
}

} // namespace
} // namespace parley::proto::gateway
