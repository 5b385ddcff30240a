#include "service/presence.hpp"

#include "service/service_test_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

namespace parley::service {
namespace {

using testing::recording_bus;

constexpr model::snowflake user{1000};
const std::vector<model::snowflake> one_guild{model::snowflake(77)};

presence_state state(std::string status, std::string activity = {}) {
  presence_state s;
  s.status = std::move(status);
  if (!activity.empty()) s.activities.push_back(boost::json::object{{"name", activity}, {"type", 0}});
  return s;
}

// The status and activity names of every PRESENCE_UPDATE published so far.
std::vector<std::string> published(recording_bus& bus) {
  std::vector<std::string> out;
  for (const auto& e : bus.events()) {
    EXPECT_EQ(e->name, "PRESENCE_UPDATE");
    const auto& d = e->data.as_object();
    std::string line(d.at("status").as_string());
    for (const auto& a : d.at("activities").as_array()) line += " " + std::string(a.at("name").as_string());
    out.push_back(line);
  }
  return out;
}

TEST(presences, the_most_present_session_sets_the_status) {
  recording_bus bus;
  presences p(bus);
  p.set(user, "a", state("idle"), one_guild);
  p.set(user, "b", state("dnd"), one_guild);
  p.set(user, "c", state("idle"), one_guild);  // dnd still wins: nothing new to tell
  EXPECT_EQ(p.visible_status(user), "dnd");
  p.set(user, "d", state("online"), one_guild);
  EXPECT_EQ(p.visible_status(user), "online");
  p.end(user, "d", one_guild);
  EXPECT_EQ(p.visible_status(user), "dnd");
  p.end(user, "b", one_guild);
  EXPECT_EQ(p.visible_status(user), "idle");
  EXPECT_EQ(published(bus), (std::vector<std::string>{"idle", "dnd", "online", "dnd", "idle"}));
}

TEST(presences, among_equals_the_latest_update_shows_its_activities) {
  recording_bus bus;
  presences p(bus);
  p.set(user, "a", state("online", "chess"), one_guild);
  p.set(user, "b", state("online", "go"), one_guild);
  p.set(user, "a", state("online", "shogi"), one_guild);  // a again: the most recent
  p.end(user, "a", one_guild);                            // b's activities are shown again
  EXPECT_EQ(published(bus), (std::vector<std::string>{"online chess", "online go", "online shogi", "online go"}));
}

TEST(presences, a_session_that_changes_status_moves_in_the_order) {
  recording_bus bus;
  presences p(bus);
  p.set(user, "a", state("online"), one_guild);
  p.set(user, "b", state("idle"), one_guild);
  p.set(user, "a", state("idle"), one_guild);  // no online session left
  EXPECT_EQ(p.visible_status(user), "idle");
  p.set(user, "b", state("online"), one_guild);
  EXPECT_EQ(p.visible_status(user), "online");
  p.end(user, "b", one_guild);
  EXPECT_EQ(p.visible_status(user), "idle");
}

TEST(presences, invisible_is_offline_and_the_last_session_ends_the_user) {
  recording_bus bus;
  presences p(bus);
  p.set(user, "a", state("invisible", "hidden"), one_guild);
  EXPECT_EQ(p.visible_status(user), "offline");
  EXPECT_TRUE(bus.events().empty());  // was offline, still offline
  p.set(user, "b", state("online"), one_guild);
  p.end(user, "b", one_guild);
  p.end(user, "a", one_guild);
  p.end(user, "a", one_guild);  // twice: nothing left to end
  EXPECT_EQ(p.visible_status(user), "offline");
  EXPECT_EQ(published(bus), (std::vector<std::string>{"online", "offline"}));
  const std::vector<model::snowflake> ids{user};
  EXPECT_TRUE(p.visible(ids).empty());
}

TEST(presences, many_sessions_of_one_user_keep_one_aggregate) {
  recording_bus bus;
  presences p(bus);
  for (int i = 0; i < 2000; ++i) p.set(user, "s" + std::to_string(i), state(i == 1234 ? "online" : "idle"), one_guild);
  EXPECT_EQ(p.visible_status(user), "online");
  for (int i = 0; i < 2000; ++i)
    if (i != 1234) p.end(user, "s" + std::to_string(i), one_guild);
  EXPECT_EQ(p.visible_status(user), "online");
  p.end(user, "s1234", one_guild);
  EXPECT_EQ(p.visible_status(user), "offline");
  EXPECT_EQ(published(bus), (std::vector<std::string>{"idle", "online", "offline"}));
}

} // namespace
} // namespace parley::service
