#include "model/guild_json.hpp"

#include <map>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "model/audit_log_action.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;
namespace p = permission;

json::value expected(std::string_view text) { return json::parse(text); }

user make_user(snowflake id, std::string name) {
  user u;
  u.id = id;
  u.username = std::move(name);
  return u;
}

// Bits above 2^53 must survive as text: a JSON number would lose them in JavaScript clients.
constexpr permissions big_perms = p::view_channel | p::send_messages | p::pin_messages | p::bypass_slowmode;

TEST(role_json, exact_shape) {
  role r;
  r.id = 41771983423143936;
  r.guild_id = 41771983423143937;
  r.name = "WE DEM BOYZZ!!!!!!";
  r.color = 3447003;
  r.hoist = true;
  r.position = 1;
  r.perms = big_perms;
  r.mentionable = false;
  EXPECT_EQ(json::value(to_json(r)), expected(R"({
    "id":"41771983423143936","name":"WE DEM BOYZZ!!!!!!","color":3447003,
    "colors":{"primary_color":3447003,"secondary_color":null,"tertiary_color":null},
    "hoist":true,"icon":null,"unicode_emoji":null,"position":1,"permissions":"6755399441058816",
    "managed":false,"mentionable":false,"flags":0})"));
}

TEST(role_json, managed_bot_role_has_tags) {
  role r;
  r.id = 5;
  r.managed = true;
  r.bot_id = 77;
  const auto o = to_json(r);
  EXPECT_EQ(o.at("tags"), expected(R"({"bot_id":"77"})"));
  r.managed = false;  // tags only describe managed roles
  EXPECT_FALSE(to_json(r).contains("tags"));
}

TEST(channel_json, text_channel_with_overwrites) {
  channel c;
  c.id = 41771983423143937;
  c.type = channel_type::guild_text;
  c.guild_id = 41771983423143938;
  c.position = 6;
  c.overwrites = {{41771983423143938, permission_overwrite::kind::role, 0, p::view_channel},
                  {80351110224678912, permission_overwrite::kind::member, big_perms, 0}};
  c.name = "general";
  c.topic = "24/7 chat about how to gank Mike #2";
  c.last_message_id = 155117677105512449;
  c.rate_limit_per_user = 2;
  c.parent_id = 399942396007890945;
  c.last_pin_ms = 1499794027299;
  EXPECT_EQ(json::value(to_json(c)), expected(R"({
    "id":"41771983423143937","type":0,"flags":0,"guild_id":"41771983423143938","name":"general",
    "parent_id":"399942396007890945","position":6,
    "permission_overwrites":[
      {"id":"41771983423143938","type":0,"allow":"0","deny":"1024"},
      {"id":"80351110224678912","type":1,"allow":"6755399441058816","deny":"0"}],
    "nsfw":false,"rate_limit_per_user":2,"last_message_id":"155117677105512449",
    "topic":"24/7 chat about how to gank Mike #2",
    "last_pin_timestamp":"2017-07-11T17:27:07.299000+00:00"})"));
}

TEST(channel_json, voice_channel) {
  channel c;
  c.id = 155101607195836416;
  c.type = channel_type::guild_voice;
  c.guild_id = 41771983423143937;
  c.name = "ROCKET CHEESE";
  c.position = 5;
  c.bitrate = 64000;
  c.user_limit = 10;
  c.video_quality_mode = 2;
  EXPECT_EQ(json::value(to_json(c)), expected(R"({
    "id":"155101607195836416","type":2,"flags":0,"guild_id":"41771983423143937","name":"ROCKET CHEESE",
    "parent_id":null,"position":5,"permission_overwrites":[],"nsfw":false,"rate_limit_per_user":0,
    "last_message_id":null,"bitrate":64000,"user_limit":10,"rtc_region":null,"video_quality_mode":2})"));
}

TEST(channel_json, category_and_forum_carry_only_their_fields) {
  channel cat;
  cat.id = 1;
  cat.type = channel_type::guild_category;
  cat.guild_id = 2;
  cat.name = "Text";
  const auto o = to_json(cat);
  EXPECT_FALSE(o.contains("topic"));
  EXPECT_FALSE(o.contains("bitrate"));
  EXPECT_FALSE(o.contains("last_message_id"));
  EXPECT_TRUE(o.at("parent_id").is_null());

  channel forum = cat;
  forum.type = channel_type::guild_forum;
  const auto f = to_json(forum);
  EXPECT_TRUE(f.at("available_tags").is_array());
  EXPECT_EQ(f.at("default_forum_layout"), 0);
  EXPECT_FALSE(f.contains("last_pin_timestamp"));
  EXPECT_FALSE(f.contains("bitrate"));
}

TEST(channel_json, dm_lists_the_other_participants) {
  std::map<snowflake, user> users{{10, make_user(10, "me")}, {11, make_user(11, "you")}};
  const user_lookup lookup = [&](snowflake id) -> const user* {
    auto it = users.find(id);
    return it == users.end() ? nullptr : &it->second;
  };
  channel dm;
  dm.id = 3;
  dm.type = channel_type::dm;
  dm.recipients = {10, 11};
  dm.last_message_id = 4;
  const auto o = to_json(dm, lookup, 10);
  EXPECT_FALSE(o.contains("guild_id"));
  EXPECT_FALSE(o.contains("permission_overwrites"));
  EXPECT_FALSE(o.contains("name"));
  ASSERT_EQ(o.at("recipients").as_array().size(), 1u);
  EXPECT_EQ(o.at("recipients").as_array()[0].at("username"), "you");
  EXPECT_EQ(o.at("recipients").as_array()[0].at("id"), "11");
  EXPECT_EQ(o.at("last_message_id"), "4");

  dm.type = channel_type::group_dm;
  dm.recipients = {10, 11, 12};  // 12 is unknown to the lookup
  dm.owner_id = 10;
  dm.name = "trio";
  const auto g = to_json(dm, lookup, 10);
  ASSERT_EQ(g.at("recipients").as_array().size(), 2u);
  EXPECT_EQ(g.at("recipients").as_array()[1].at("id"), "12");
  EXPECT_EQ(g.at("owner_id"), "10");
  EXPECT_EQ(g.at("name"), "trio");
}

TEST(member_json, exact_shape_with_user) {
  const user u = make_user(80351110224678912, "nelly");
  member m;
  m.guild_id = 1;
  m.user_id = u.id;
  m.nick = "NOT API SUPPORT";
  m.roles = {41771983423143936, 41771983423143937};
  m.joined_ms = 1499794027299;
  m.communication_disabled_until_ms = 1499794087299;
  m.flags = 2;
  json::object want = expected(R"({
    "nick":"NOT API SUPPORT","avatar":null,"banner":null,"roles":["41771983423143936","41771983423143937"],
    "joined_at":"2017-07-11T17:27:07.299000+00:00","premium_since":null,"deaf":false,"mute":false,"flags":2,
    "pending":false,"communication_disabled_until":"2017-07-11T17:28:07.299000+00:00"})").as_object();
  EXPECT_EQ(to_json(m, nullptr), want);
  want["user"] = to_public_json(u);
  EXPECT_EQ(to_json(m, &u), want);
  m.communication_disabled_until_ms.reset();
  EXPECT_TRUE(to_json(m, nullptr).at("communication_disabled_until").is_null());
}

struct guild_world {
  guild g;
  std::vector<role> roles;
  guild_world() {
    g.id = 197038439483310086;
    g.name = "Discord Testers";
    g.owner_id = 73193882359173120;
    g.system_channel_id = 197038439483310087;
    role everyone;
    everyone.id = g.id;
    everyone.guild_id = g.id;
    everyone.name = "@everyone";
    everyone.perms = big_perms;
    role mod;
    mod.id = 197038439483310090;
    mod.guild_id = g.id;
    mod.name = "mod";
    mod.position = 1;
    mod.perms = p::kick_members;
    roles = {everyone, mod};
  }
};

TEST(guild_json, key_fields_and_string_ids) {
  guild_world w;
  const guild_counts counts{12, 3};
  const auto o = to_json(w.g, w.roles, &counts);
  EXPECT_EQ(o.at("id"), "197038439483310086");
  EXPECT_EQ(o.at("owner_id"), "73193882359173120");
  EXPECT_EQ(o.at("system_channel_id"), "197038439483310087");
  EXPECT_TRUE(o.at("afk_channel_id").is_null());
  EXPECT_EQ(o.at("afk_timeout"), 300);
  EXPECT_EQ(o.at("preferred_locale"), "en-US");
  EXPECT_EQ(o.at("features"), json::array());
  EXPECT_EQ(o.at("emojis"), json::array());
  EXPECT_EQ(o.at("stickers"), json::array());
  for (const char* zero : {"mfa_level", "premium_tier", "nsfw_level", "verification_level",
                           "default_message_notifications", "explicit_content_filter", "system_channel_flags"})
    EXPECT_EQ(o.at(zero), 0) << zero;
  EXPECT_EQ(o.at("approximate_member_count"), 12);
  EXPECT_EQ(o.at("approximate_presence_count"), 3);
  const auto& roles = o.at("roles").as_array();
  ASSERT_EQ(roles.size(), 2u);
  EXPECT_EQ(roles[0].at("id"), "197038439483310086");
  EXPECT_EQ(roles[0].at("permissions"), "6755399441058816");
  EXPECT_EQ(roles[1].at("permissions"), "2");
  EXPECT_FALSE(to_json(w.g, w.roles).contains("approximate_member_count"));
  EXPECT_FALSE(o.contains("owner"));        // only in the partial guild
  EXPECT_FALSE(o.contains("permissions"));
}

TEST(guild_json, partial_guild_for_the_caller) {
  guild_world w;
  EXPECT_EQ(json::value(to_partial_json(w.g, false, big_perms)), expected(R"({
    "id":"197038439483310086","name":"Discord Testers","icon":null,"banner":null,"owner":false,
    "permissions":"6755399441058816","features":[]})"));
  EXPECT_EQ(to_partial_json(w.g, true, p::all).at("owner"), true);
}

TEST(guild_json, guild_create_extras) {
  guild_world w;
  std::vector<channel> channels(1);
  channels[0].id = 5;
  channels[0].guild_id = w.g.id;
  channels[0].name = "general";
  std::vector<member> members(1);
  members[0].user_id = 73193882359173120;
  members[0].joined_ms = 1499794027299;
  const user owner = make_user(73193882359173120, "owner");
  guild_create_extras extras;
  extras.roles = w.roles;
  extras.channels = channels;
  extras.members = members;
  extras.users = [&](snowflake id) { return id == owner.id ? &owner : nullptr; };
  extras.joined_ms = 1499794027299;
  extras.member_count = 1;
  extras.voice_states.push_back(json::object{{"user_id", "1"}});
  const auto o = to_guild_create_json(w.g, std::move(extras));
  EXPECT_EQ(o.at("joined_at"), "2017-07-11T17:27:07.299000+00:00");
  EXPECT_EQ(o.at("large"), false);
  EXPECT_EQ(o.at("unavailable"), false);
  EXPECT_EQ(o.at("member_count"), 1);
  EXPECT_EQ(o.at("members").as_array()[0].at("user").at("username"), "owner");
  EXPECT_EQ(o.at("channels").as_array()[0].at("guild_id"), "197038439483310086");
  EXPECT_EQ(o.at("voice_states").as_array().size(), 1u);
  for (const char* empty : {"threads", "presences", "stage_instances", "guild_scheduled_events", "soundboard_sounds"})
    EXPECT_EQ(o.at(empty), json::array()) << empty;
  EXPECT_EQ(o.at("roles").as_array().size(), 2u);  // the guild object itself is all there
  EXPECT_EQ(json::value(to_unavailable_json(7)), expected(R"({"id":"7","unavailable":true})"));
}

TEST(invite_json, with_expiry_and_metadata) {
  guild_world w;
  channel c;
  c.id = 165176875973476352;
  c.name = "illuminati";
  c.type = channel_type::guild_text;
  const user inviter = make_user(115590097100865541, "speed");
  invite inv;
  inv.code = "0vCdhLbwjZZTWZLD";
  inv.guild_id = w.g.id;
  inv.channel_id = c.id;
  inv.inviter_id = inviter.id;
  inv.uses = 3;
  inv.max_uses = 10;
  inv.max_age = 86400;
  inv.created_ms = 1499794027299;
  const auto o = to_metadata_json(inv, &w.g, &c, &inviter);
  EXPECT_EQ(o.at("type"), 0);
  EXPECT_EQ(o.at("code"), "0vCdhLbwjZZTWZLD");
  EXPECT_EQ(o.at("expires_at"), "2017-07-12T17:27:07.299000+00:00");
  EXPECT_EQ(o.at("created_at"), "2017-07-11T17:27:07.299000+00:00");
  EXPECT_EQ(o.at("channel"), expected(R"({"id":"165176875973476352","name":"illuminati","type":0})"));
  EXPECT_EQ(o.at("guild").at("id"), "197038439483310086");
  EXPECT_EQ(o.at("guild").at("name"), "Discord Testers");
  EXPECT_EQ(o.at("inviter").at("id"), "115590097100865541");
  EXPECT_EQ(o.at("uses"), 3);
  EXPECT_EQ(o.at("max_uses"), 10);
  EXPECT_EQ(o.at("max_age"), 86400);
  EXPECT_EQ(o.at("temporary"), false);

  const auto plain = to_json(inv, &w.g, &c, nullptr);
  EXPECT_FALSE(plain.contains("uses"));
  EXPECT_FALSE(plain.contains("inviter"));

  inv.max_age = 0;
  EXPECT_TRUE(to_json(inv, nullptr, nullptr, nullptr).at("expires_at").is_null());
  EXPECT_FALSE(invite_expires_ms(inv).has_value());

  const auto event = to_invite_create_event_json(inv, &inviter);
  EXPECT_EQ(event.at("channel_id"), "165176875973476352");
  EXPECT_EQ(event.at("guild_id"), "197038439483310086");
  EXPECT_EQ(event.at("uses"), 0);
  EXPECT_TRUE(event.at("expires_at").is_null());
}

TEST(ban_json, reason_and_user) {
  ban b;
  b.reason = "mentioning b1nzy";
  const user u = make_user(53908232506183680, "Mason");
  EXPECT_EQ(json::value(to_json(b, u)),
            (json::object{{"reason", "mentioning b1nzy"}, {"user", to_public_json(u)}}));
  b.reason.reset();
  EXPECT_TRUE(to_json(b, u).at("reason").is_null());
}

TEST(audit_log_json, entry_and_response) {
  audit_log_entry e;
  e.id = 9;
  e.guild_id = 1;
  e.user_id = 2;
  e.target_id = 3;
  e.action_type = audit_log_action::member_role_update;
  e.changes_json = R"([{"key":"$add","new_value":[{"id":"4","name":"mod"}]}])";
  e.reason = "promotion";
  EXPECT_EQ(json::value(to_json(e)), expected(R"({
    "id":"9","action_type":25,"target_id":"3","user_id":"2",
    "changes":[{"key":"$add","new_value":[{"id":"4","name":"mod"}]}],"reason":"promotion"})"));

  audit_log_entry prune;
  prune.id = 10;
  prune.action_type = audit_log_action::member_prune;
  prune.options_json = R"({"delete_member_days":"7","members_removed":"1"})";
  const auto po = to_json(prune);
  EXPECT_FALSE(po.contains("changes"));  // "[]"
  EXPECT_FALSE(po.contains("reason"));
  EXPECT_TRUE(po.at("user_id").is_null());
  EXPECT_EQ(po.at("options").at("members_removed"), "1");

  prune.changes_json = "[{broken";  // unreadable stored text is dropped, not fatal
  EXPECT_FALSE(to_json(prune).contains("changes"));

  const std::vector<audit_log_entry> entries{e, prune};
  const std::vector<user> users{make_user(2, "actor")};
  const auto r = to_audit_log_json(entries, users);
  EXPECT_EQ(r.at("audit_log_entries").as_array().size(), 2u);
  EXPECT_EQ(r.at("users").as_array()[0].at("username"), "actor");
  for (const char* empty : {"integrations", "webhooks", "guild_scheduled_events", "threads", "application_commands",
                            "auto_moderation_rules"})
    EXPECT_EQ(r.at(empty), json::array()) << empty;
}

} // namespace
} // namespace parley::model
