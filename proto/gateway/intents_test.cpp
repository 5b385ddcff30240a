// Tests for intent validation and the event → intent table (gateway.md §5).
#include "proto/gateway/intents.hpp"

#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

TEST(intents, assigned_bits) {
  for (int bit = 0; bit < 64; ++bit) {
    bool assigned = bit <= 16 || bit == 20 || bit == 21 || bit == 24 || bit == 25;
    EXPECT_EQ(intents_valid(1ULL << bit), assigned) << "bit " << bit;
  }
  EXPECT_TRUE(intents_valid(0));
  // discord.py's Intents.default() and with message_content (clients.md §2.2).
  EXPECT_TRUE(intents_valid(3243773));
  EXPECT_TRUE(intents_valid(3276541));
  EXPECT_TRUE(intents_valid(intent::assigned_mask));
  EXPECT_FALSE(intents_valid(intent::assigned_mask | (1ULL << 17)));
}

TEST(intents, privileged) {
  EXPECT_EQ(intent::privileged_mask, 2u | 256u | 32768u);
  EXPECT_EQ(disallowed_intents(513, 0), 0u);
  EXPECT_EQ(disallowed_intents(513 | 2, 0), 2u);
  EXPECT_EQ(disallowed_intents(513 | 2 | 256, 2), 256u);
  EXPECT_EQ(disallowed_intents(intent::privileged_mask, intent::privileged_mask), 0u);
}

TEST(intents, required_intent_guild_and_dm_variants) {
  EXPECT_EQ(required_intent("MESSAGE_CREATE", true), intent::guild_messages);
  EXPECT_EQ(required_intent("MESSAGE_CREATE", false), intent::direct_messages);
  EXPECT_EQ(required_intent("MESSAGE_UPDATE", false), intent::direct_messages);
  EXPECT_EQ(required_intent("MESSAGE_DELETE_BULK", true), intent::guild_messages);
  EXPECT_EQ(required_intent("MESSAGE_REACTION_REMOVE_EMOJI", true), intent::guild_message_reactions);
  EXPECT_EQ(required_intent("MESSAGE_REACTION_ADD", false), intent::direct_message_reactions);
  EXPECT_EQ(required_intent("TYPING_START", true), intent::guild_message_typing);
  EXPECT_EQ(required_intent("TYPING_START", false), intent::direct_message_typing);
  EXPECT_EQ(required_intent("CHANNEL_PINS_UPDATE", true), intent::guilds);
  EXPECT_EQ(required_intent("CHANNEL_PINS_UPDATE", false), intent::direct_messages);
  EXPECT_EQ(required_intent("MESSAGE_DELETE", false), intent::direct_messages);
  EXPECT_EQ(required_intent("MESSAGE_REACTION_REMOVE_ALL", false), intent::direct_message_reactions);
  EXPECT_EQ(required_intent("MESSAGE_REACTION_REMOVE_EMOJI", false), intent::direct_message_reactions);
  // A private channel's own changes are not GUILDS events; guild channels' are.
  for (const char* name : {"CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE"}) {
    EXPECT_EQ(required_intent(name, true), intent::guilds) << name;
    EXPECT_EQ(required_intent(name, false), 0u) << name;
  }
  EXPECT_EQ(required_intent("MESSAGE_POLL_VOTE_ADD", true), intent::guild_message_polls);
  EXPECT_EQ(required_intent("MESSAGE_POLL_VOTE_REMOVE", false), intent::direct_message_polls);
  EXPECT_EQ(required_intent("GUILD_CREATE", true), intent::guilds);
  EXPECT_EQ(required_intent("GUILD_MEMBER_ADD", true), intent::guild_members);
  EXPECT_EQ(required_intent("GUILD_BAN_ADD", true), intent::guild_moderation);
  EXPECT_EQ(required_intent("GUILD_AUDIT_LOG_ENTRY_CREATE", true), intent::guild_moderation);
  EXPECT_EQ(required_intent("GUILD_SOUNDBOARD_SOUNDS_UPDATE", true), intent::guild_expressions);
  EXPECT_EQ(required_intent("GUILD_SOUNDBOARD_SOUND_DELETE", true), intent::guild_expressions);
  EXPECT_EQ(required_intent("INTEGRATION_DELETE", true), intent::guild_integrations);
  EXPECT_EQ(required_intent("WEBHOOKS_UPDATE", true), intent::guild_webhooks);
  EXPECT_EQ(required_intent("INVITE_DELETE", true), intent::guild_invites);
  EXPECT_EQ(required_intent("VOICE_STATE_UPDATE", true), intent::guild_voice_states);
  EXPECT_EQ(required_intent("VOICE_CHANNEL_EFFECT_SEND", true), intent::guild_voice_states);
  EXPECT_EQ(required_intent("VOICE_CHANNEL_STATUS_UPDATE", true), intent::guilds);
  EXPECT_EQ(required_intent("PRESENCE_UPDATE", true), intent::guild_presences);
  EXPECT_EQ(required_intent("GUILD_SCHEDULED_EVENT_USER_REMOVE", true), intent::guild_scheduled_events);
  EXPECT_EQ(required_intent("AUTO_MODERATION_RULE_UPDATE", true), intent::auto_moderation_configuration);
  EXPECT_EQ(required_intent("AUTO_MODERATION_ACTION_EXECUTION", true), intent::auto_moderation_execution);
  EXPECT_EQ(required_intent("THREAD_MEMBERS_UPDATE", true), intent::guilds);
  EXPECT_EQ(required_intent("STAGE_INSTANCE_DELETE", true), intent::guilds);
}

TEST(intents, ungated_events) {
  for (const char* name : {"READY", "RESUMED", "GUILD_MEMBERS_CHUNK", "USER_UPDATE", "VOICE_SERVER_UPDATE",
                           "INTERACTION_CREATE", "RATE_LIMITED", "ENTITLEMENT_CREATE", "CHANNEL_INFO", "", "message_create",
                           "MESSAGE_CREATEX", "ZZZ", "AAA"}) {
    EXPECT_EQ(required_intent(name, true), 0u) << name;
    EXPECT_EQ(required_intent(name, false), 0u) << name;
  }
}

TEST(intents, message_content) {
  EXPECT_TRUE(event_carries_message_content("MESSAGE_CREATE"));
  EXPECT_TRUE(event_carries_message_content("MESSAGE_UPDATE"));
  EXPECT_TRUE(event_carries_message_content("AUTO_MODERATION_ACTION_EXECUTION"));
  EXPECT_FALSE(event_carries_message_content("MESSAGE_DELETE"));
  EXPECT_FALSE(event_carries_message_content("GUILD_CREATE"));
  EXPECT_TRUE(message_content_redacted(intent::guild_messages));
  EXPECT_FALSE(message_content_redacted(intent::guild_messages | intent::message_content));
}

} // namespace
} // namespace parley::proto::gateway
