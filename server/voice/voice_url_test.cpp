// Voice upgrade routing on the shared HTTP port (voice.md §2; clients.md §1, §7, §9).
#include "server/voice/voice_url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::server::voice {
namespace {

TEST(voice_url, what_voice_clients_send_is_voice) {
  EXPECT_EQ(voice_upgrade_version("/?v=8"), 8);        // discord.js 0.19: wss://host:port?v=8
  EXPECT_EQ(voice_upgrade_version("/?v=4"), 4);        // discord.js 0.18
  EXPECT_EQ(voice_upgrade_version("/voice?v=8"), 8);
  EXPECT_EQ(voice_upgrade_version("/voice/"), 0);      // voice, but no version: refused later
  EXPECT_EQ(voice_upgrade_version("/voice?v=x"), 0);
  EXPECT_EQ(voice_upgrade_version("/anything?v=3"), 3);  // voice.md §11: any path
}

TEST(voice_url, what_gateway_clients_send_is_not_voice) {
  EXPECT_FALSE(voice_upgrade_version("/gateway?v=10&encoding=json"));
  EXPECT_FALSE(voice_upgrade_version("/gateway?v=8"));  // the path decides first
  EXPECT_FALSE(voice_upgrade_version("/?v=10&encoding=json&compress=zlib-stream"));  // D++, discord.py
  EXPECT_FALSE(voice_upgrade_version("/?v=8&encoding=json"));
  EXPECT_FALSE(voice_upgrade_version("/?encoding=etf&v=6"));
  EXPECT_FALSE(voice_upgrade_version("/"));
  EXPECT_FALSE(voice_upgrade_version("/?v=9"));
  EXPECT_FALSE(voice_upgrade_version("/?v="));
  EXPECT_FALSE(voice_upgrade_version("/?v=0"));
  EXPECT_FALSE(voice_upgrade_version(""));
}

TEST(voice_url, the_last_v_wins) {
  EXPECT_EQ(voice_upgrade_version("/?v=10&v=8"), 8);
  EXPECT_FALSE(voice_upgrade_version("/?v=8&v=10"));
}

TEST(voice_url, every_prefix_of_a_target_is_handled) {
  // Truncated targets must not read past their end (run under the sanitizers).
  const std::string target = "/voice/x?v=8&encoding=json#frag";
  for (std::size_t i = 0; i <= target.size(); ++i) (void)voice_upgrade_version(std::string_view(target).substr(0, i));
  EXPECT_EQ(voice_upgrade_version(target), 8);
}

} // namespace
} // namespace parley::server::voice
