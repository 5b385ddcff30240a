// The interactive client's state fed with gateway dispatches and history pages.
#include "apps/parley/chat_model.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::apps {
namespace {

using namespace std::chrono_literals;

boost::json::object obj(std::string_view text) { return boost::json::parse(text).as_object(); }

boost::json::object message(std::uint64_t id, std::uint64_t channel, std::string_view author, std::string_view content,
                            std::uint64_t guild = 100) {
  boost::json::object m{{"id", std::to_string(id)},
                        {"channel_id", std::to_string(channel)},
                        {"content", content},
                        {"timestamp", "2026-11-21T10:15:00+00:00"},
                        {"author", {{"id", author == "me" ? "1" : author == "carol" ? "3" : "2"}, {"username", author}}}};
  if (guild) m["guild_id"] = std::to_string(guild);
  return m;
}

class ChatModel : public ::testing::Test {
 protected:
  void SetUp() override {
    model.set_self(obj(R"({"id":"1","username":"me"})"));
    model.apply("GUILD_CREATE", obj(R"({"id":"100","name":"Zeta",
        "channels":[{"id":"12","type":0,"name":"random","position":1},
                    {"id":"11","type":0,"name":"general","position":0},
                    {"id":"13","type":2,"name":"Voice","position":2},
                    {"id":"14","type":4,"name":"Category","position":3}],
        "members":[{"user":{"id":"1","username":"me"}},{"user":{"id":"2","username":"bob"}},
                   {"user":{"id":"3","username":"carol"},"nick":"Caro"}],
        "presences":[{"user":{"id":"2"},"status":"online"},{"user":{"id":"3"},"status":"idle"}]})"),
                now);
    model.apply("GUILD_CREATE", obj(R"({"id":"200","name":"Alpha","channels":[{"id":"21","type":0,"name":"lobby"}]})"),
                now);
  }
  chat_model model;
  chat_clock::time_point now{};
};

TEST_F(ChatModel, SidebarListsGuildsByNameAndTextChannelsByPosition) {
  // The first channel to arrive got selected; order is Alpha before Zeta, general before random.
  EXPECT_EQ(model.channel_order(), (std::vector<std::uint64_t>{21, 11, 12}));
  const auto rows = model.sidebar();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].text, "Alpha");
  EXPECT_EQ(rows[0].channel_id, 0u);
  EXPECT_EQ(rows[2].text, "Zeta");
  EXPECT_EQ(rows[3].text, "#general");
  EXPECT_EQ(model.current_channel(), 11u);
  EXPECT_TRUE(rows[3].selected);
  EXPECT_EQ(model.channel(13), nullptr);  // voice and categories hold no messages here
}

TEST_F(ChatModel, NavigationWrapsAndFindsByName) {
  model.select_relative(1);
  EXPECT_EQ(model.current_channel(), 12u);
  model.select_relative(1);
  EXPECT_EQ(model.current_channel(), 21u);  // wraps around
  model.select_relative(-1);
  EXPECT_EQ(model.current_channel(), 12u);
  EXPECT_TRUE(model.select_by_name("#general"));
  EXPECT_EQ(model.current_channel(), 11u);
  EXPECT_TRUE(model.select_by_name("lobby"));
  EXPECT_EQ(model.current_channel(), 21u);
  EXPECT_TRUE(model.select_by_name("12"));
  EXPECT_EQ(model.current_channel(), 12u);
  EXPECT_FALSE(model.select_by_name("nope"));
  EXPECT_EQ(model.current_channel(), 12u);
}

TEST_F(ChatModel, MessagesCreateUpdateDeleteAndUnread) {
  model.apply("MESSAGE_CREATE", message(502, 11, "bob", "second"), now);
  model.apply("MESSAGE_CREATE", message(501, 11, "me", "first"), now);  // out of order: sorted in
  model.apply("MESSAGE_CREATE", message(502, 11, "bob", "second"), now);  // duplicate: once
  const auto* general = model.channel(11);
  ASSERT_EQ(general->messages.size(), 2u);
  EXPECT_EQ(general->messages[0].body, "first");
  EXPECT_EQ(general->messages[1].author, "bob");
  EXPECT_EQ(general->messages[1].time, "10:15");
  EXPECT_EQ(general->unread, 0);  // the selected channel

  model.apply("MESSAGE_CREATE", message(503, 12, "bob", "elsewhere"), now);
  model.apply("MESSAGE_CREATE", message(504, 12, "bob", "again"), now);
  model.apply("MESSAGE_CREATE", message(506, 12, "me", "from my phone"), now);
  EXPECT_EQ(model.channel(12)->unread, 2);
  EXPECT_EQ(model.sidebar()[4].unread, 2);
  model.select(12);
  EXPECT_EQ(model.channel(12)->unread, 0);

  // A partial update keeps the author and marks the edit.
  model.apply("MESSAGE_UPDATE", obj(R"({"id":"502","channel_id":"11","content":"second!",
                                       "edited_timestamp":"2026-11-21T10:16:00+00:00"})"), now);
  EXPECT_EQ(model.channel(11)->messages[1].body, "second! (edited)");
  EXPECT_EQ(model.channel(11)->messages[1].author, "bob");
  model.apply("MESSAGE_DELETE", obj(R"({"id":"501","channel_id":"11"})"), now);
  ASSERT_EQ(model.channel(11)->messages.size(), 1u);
  EXPECT_EQ(model.channel(11)->messages[0].id, 502u);
  model.apply("MESSAGE_DELETE_BULK", obj(R"({"ids":["503","504","506"],"channel_id":"12"})"), now);
  EXPECT_TRUE(model.channel(12)->messages.empty());
  // A guild channel we do not show is ignored, not created.
  model.apply("MESSAGE_CREATE", message(505, 13, "bob", "in voice"), now);
  EXPECT_EQ(model.channel(13), nullptr);
}

TEST_F(ChatModel, HistoryPagesMergeWithLiveMessages) {
  model.apply("MESSAGE_CREATE", message(510, 11, "bob", "live"), now);
  boost::json::array page{message(510, 11, "bob", "live"), message(509, 11, "bob", "b"), message(508, 11, "bob", "a")};
  model.add_history(11, page, false);
  const auto* general = model.channel(11);
  ASSERT_EQ(general->messages.size(), 3u);
  EXPECT_EQ(general->messages.front().body, "a");
  EXPECT_TRUE(general->history_requested);
  EXPECT_FALSE(general->history_complete);
  boost::json::array last{message(507, 11, "bob", "oldest")};
  model.add_history(11, last, true);
  EXPECT_EQ(general->messages.front().body, "oldest");
  EXPECT_TRUE(general->history_complete);
}

TEST_F(ChatModel, TypingShowsOthersUntilTheyPostOrTimeOut) {
  model.apply("TYPING_START", obj(R"({"channel_id":"11","user_id":"2","timestamp":1})"), now);
  model.apply("TYPING_START", obj(R"({"channel_id":"11","user_id":"1","timestamp":1})"), now);  // ourselves
  EXPECT_EQ(model.typing_line(11, now), "bob is typing\u2026");
  model.apply("TYPING_START", obj(R"({"channel_id":"11","user_id":"3","timestamp":1})"), now + 1s);
  EXPECT_EQ(model.typing_line(11, now + 2s), "bob and Caro are typing\u2026");
  EXPECT_EQ(model.typing_line(11, now + chat_model::typing_duration), "Caro is typing\u2026");
  EXPECT_EQ(model.typing_line(12, now), "");
  model.apply("MESSAGE_CREATE", message(520, 11, "carol", "done"), now + 3s);  // her message ends her typing
  EXPECT_EQ(model.typing_line(11, now + 3s), "bob is typing\u2026");
}

TEST_F(ChatModel, PresenceAndMembers) {
  auto members = model.members_of(100);
  ASSERT_EQ(members.size(), 3u);
  // Online (any non-offline status) first, by name; our own status is unknown until set.
  EXPECT_EQ(members[0].name, "Caro");
  EXPECT_EQ(members[0].status, "idle");
  EXPECT_EQ(members[1].name, "bob");
  EXPECT_EQ(members[2].name, "me");
  EXPECT_EQ(members[2].status, "offline");
  model.apply("PRESENCE_UPDATE", obj(R"({"user":{"id":"2"},"guild_id":"100","status":"offline"})"), now);
  model.apply("PRESENCE_UPDATE", obj(R"({"user":{"id":"1"},"guild_id":"100","status":"invisible"})"), now);
  EXPECT_EQ(model.status_of(2), "offline");
  EXPECT_EQ(model.status_of(1), "offline");  // invisible looks offline
  model.apply("GUILD_MEMBER_ADD", obj(R"({"guild_id":"100","user":{"id":"4","username":"dave"}})"), now);
  model.apply("GUILD_MEMBER_REMOVE", obj(R"({"guild_id":"100","user":{"id":"2"}})"), now);
  members = model.members_of(100);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].name, "Caro");
  EXPECT_EQ(members[1].name, "dave");
}

TEST_F(ChatModel, DirectMessagesAndChannelLifecycle) {
  model.add_channels(boost::json::parse(R"([{"id":"31","type":1,"recipients":[{"id":"5","username":"erin"}]}])").as_array());
  EXPECT_EQ(model.channel(31)->label, "@erin");
  EXPECT_EQ(model.sidebar().back().text, "@erin");
  // A DM nobody listed yet appears with its first message, named after the sender.
  model.apply("MESSAGE_CREATE", message(600, 32, "bob", "psst", 0), now);
  ASSERT_NE(model.channel(32), nullptr);
  EXPECT_EQ(model.channel(32)->label, "@bob");
  EXPECT_EQ(model.channel(32)->unread, 1);

  model.apply("CHANNEL_CREATE", obj(R"({"id":"15","guild_id":"100","type":0,"name":"new","position":5})"), now);
  model.apply("CHANNEL_UPDATE", obj(R"({"id":"15","guild_id":"100","type":0,"name":"renamed","position":5})"), now);
  EXPECT_EQ(model.channel(15)->label, "#renamed");
  model.select(15);
  model.apply("CHANNEL_DELETE", obj(R"({"id":"15","guild_id":"100","type":0})"), now);
  EXPECT_EQ(model.channel(15), nullptr);
  EXPECT_NE(model.current_channel(), 15u);  // moved to another channel
  EXPECT_NE(model.current_channel(), 0u);
  model.apply("GUILD_DELETE", obj(R"({"id":"100"})"), now);
  EXPECT_EQ(model.channel(11), nullptr);
  EXPECT_EQ(model.guild(100), nullptr);
}

TEST(ChatModelIds, IdFieldAcceptsStringsAndIntegers) {
  EXPECT_EQ(id_field(obj(R"({"id":"123"})"), "id"), 123u);
  EXPECT_EQ(id_field(obj(R"({"id":123})"), "id"), 123u);
  EXPECT_EQ(id_field(obj(R"({"id":"12x"})"), "id"), 0u);
  EXPECT_EQ(id_field(obj(R"({"id":-1})"), "id"), 0u);
  EXPECT_EQ(id_field(obj(R"({})"), "id"), 0u);
}

} // namespace
} // namespace parley::apps
