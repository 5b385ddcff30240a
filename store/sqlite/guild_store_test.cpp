// Tests of sqlite_store against the guild_store contract (store/guild_store.hpp): every method
// with its conflict and not-found paths, atomicity, cascades, invite acceptance under
// concurrency, audit entries written with their change, pagination, search and gateway reads.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store {
namespace {

using sqlite::temp_directory;

constexpr std::int64_t t0 = 1700000000000;

model::user person(snowflake id, std::string name) {
  model::user u;
  u.id = id;
  u.username = std::move(name);
  u.password_hash = "$argon2id$x";
  u.created_ms = t0;
  return u;
}

model::guild make_guild(snowflake id, snowflake owner) {
  model::guild g;
  g.id = id;
  g.name = "guild " + std::to_string(id);
  g.owner_id = owner;
  g.system_channel_id = id + 1;
  g.created_ms = t0;
  return g;
}

model::role everyone(snowflake guild_id) {
  model::role r;
  r.id = guild_id;
  r.guild_id = guild_id;
  r.name = "@everyone";
  r.perms = model::permission::view_channel | model::permission::send_messages;
  return r;
}

model::role make_role(snowflake id, snowflake guild_id, int position) {
  model::role r;
  r.id = id;
  r.guild_id = guild_id;
  r.name = "role " + std::to_string(id);
  r.position = position;
  r.color = 0xff00ff;
  r.perms = model::permission::kick_members | (1ULL << 52);
  return r;
}

model::channel make_channel(snowflake id, snowflake guild_id, model::channel_type type, int position) {
  model::channel c;
  c.id = id;
  c.guild_id = guild_id;
  c.type = type;
  c.position = position;
  c.name = "channel-" + std::to_string(id);
  return c;
}

model::member make_member(snowflake guild_id, snowflake user_id, std::vector<snowflake> roles = {}) {
  model::member m;
  m.guild_id = guild_id;
  m.user_id = user_id;
  m.roles = std::move(roles);
  m.joined_ms = t0 + 5;
  return m;
}

model::audit_log_entry audit(snowflake id, snowflake guild_id, int action, snowflake user_id = 1,
                             std::optional<snowflake> target = std::nullopt) {
  model::audit_log_entry e;
  e.id = id;
  e.guild_id = guild_id;
  e.user_id = user_id;
  e.target_id = target;
  e.action_type = action;
  e.changes_json = R"([{"key":"name"}])";
  e.reason = "because";
  return e;
}

model::invite make_invite(std::string code, snowflake guild_id, snowflake channel_id, int max_uses = 0,
                          int max_age = 86400) {
  model::invite inv;
  inv.code = std::move(code);
  inv.guild_id = guild_id;
  inv.channel_id = channel_id;
  inv.inviter_id = 1;
  inv.max_uses = max_uses;
  inv.max_age = max_age;
  inv.created_ms = t0;
  return inv;
}

std::vector<snowflake> user_ids(const std::vector<member_record>& members) {
  std::vector<snowflake> ids;
  for (const auto& m : members) {
    ids.push_back(m.member.user_id);
  }
  return ids;
}

class guild_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    // Users 1..9: alice (owner of everything below), bob, carol, ...
    const char* names[] = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"};
    for (snowflake i = 1; i <= 9; ++i) {
      ASSERT_TRUE(store_->insert_user(person(i, names[i - 1]), nullptr));
    }
  }

  void open() {
    store_.reset();
    sqlite_store::options opts;
    opts.path = dir_.path() / "parley.db";
    opts.readers = 4;
    auto s = sqlite_store::open(opts);
    ASSERT_TRUE(s.has_value()) << s.error().message();
    store_ = std::move(*s);
  }

  // Guild `id` owned by user 1: @everyone, role id+10 (position 1), a category id+3, a text
  // channel id+1 inside it (listed before its category) with an overwrite, a voice channel id+2.
  void create_standard_guild(snowflake id) {
    model::channel text = make_channel(id + 1, id, model::channel_type::guild_text, 0);
    text.parent_id = id + 3;
    text.topic = "hello";
    text.overwrites = {{id, model::permission_overwrite::kind::role, 0, model::permission::send_messages},
                       {id + 10, model::permission_overwrite::kind::role, model::permission::send_messages, 0}};
    model::channel voice = make_channel(id + 2, id, model::channel_type::guild_voice, 1);
    voice.bitrate = 96000;
    voice.user_limit = 5;
    model::channel category = make_channel(id + 3, id, model::channel_type::guild_category, 2);
    auto r = store_->create_guild(make_guild(id, 1), {everyone(id), make_role(id + 10, id, 1)},
                                  {text, voice, category}, make_member(id, 1, {id + 10}));
    ASSERT_TRUE(r) << r.error().message();
  }

  void join(snowflake guild_id, snowflake user_id, std::vector<snowflake> roles = {}) {
    auto r = store_->add_member(make_member(guild_id, user_id, std::move(roles)));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(*r, join_outcome::joined);
  }

  // SELECT count(*) on a separate connection: checks rows no API call returns.
  std::int64_t count(const std::string& sql) {
    auto db = sqlite::connection::open(dir_.path() / "parley.db", sqlite::connection::access::read_only);
    EXPECT_TRUE(db);
    auto n = db->query_int(sql.c_str());
    EXPECT_TRUE(n) << sql;
    return n ? *n : -1;
  }

  std::size_t audit_count(snowflake guild_id) {
    audit_log_query q;
    q.limit = 1000;
    auto r = store_->audit_entries(guild_id, q);
    EXPECT_TRUE(r);
    return r ? r->size() : 0;
  }

  std::int64_t member_count(snowflake guild_id) {
    auto g = store_->guild_by_id(guild_id);
    EXPECT_TRUE(g && g->has_value());
    return g && *g ? (*g)->member_count : -1;
  }

  temp_directory dir_;
  std::unique_ptr<sqlite_store> store_;
};

// ---------------------------------------------------------------- guilds

TEST_F(guild_store_test, create_guild_round_trips) {
  create_standard_guild(100);
  auto g = store_->guild_by_id(100);
  ASSERT_TRUE(g && g->has_value());
  EXPECT_EQ((*g)->guild.name, "guild 100");
  EXPECT_EQ((*g)->guild.owner_id, 1u);
  EXPECT_EQ((*g)->guild.system_channel_id, std::optional<snowflake>(101));
  EXPECT_EQ((*g)->guild.preferred_locale, "en-US");
  EXPECT_EQ((*g)->guild.created_ms, t0);
  EXPECT_EQ((*g)->member_count, 1);

  auto roles = store_->roles_of_guild(100);
  ASSERT_TRUE(roles);
  ASSERT_EQ(roles->size(), 2u);
  EXPECT_EQ((*roles)[0].id, 100u); // @everyone at position 0 first
  EXPECT_EQ((*roles)[1].perms, model::permission::kick_members | (1ULL << 52));
  EXPECT_EQ((*roles)[1].color, 0xff00ffu);

  auto channels = store_->channels_of_guild(100);
  ASSERT_TRUE(channels);
  ASSERT_EQ(channels->size(), 3u);
  EXPECT_EQ((*channels)[0].id, 101u);
  EXPECT_EQ((*channels)[0].parent_id, std::optional<snowflake>(103));
  EXPECT_EQ((*channels)[0].topic, std::optional<std::string>("hello"));
  ASSERT_EQ((*channels)[0].overwrites.size(), 2u);
  EXPECT_EQ((*channels)[0].overwrites[0].deny, model::permission::send_messages);
  EXPECT_EQ((*channels)[0].overwrites[1].id, 110u);
  EXPECT_EQ((*channels)[1].bitrate, 96000);
  EXPECT_EQ((*channels)[1].user_limit, 5);
  EXPECT_EQ((*channels)[2].type, model::channel_type::guild_category);

  auto owner = store_->member(100, 1);
  ASSERT_TRUE(owner && owner->has_value());
  EXPECT_EQ((*owner)->member.roles, std::vector<snowflake>{110});
  EXPECT_EQ((*owner)->user.username, "alice");
  EXPECT_TRUE((*owner)->user.password_hash.empty()); // public columns only
}

TEST_F(guild_store_test, create_guild_failure_leaves_nothing) {
  create_standard_guild(100);
  // A channel id already taken by guild 100, after the guild row and roles went in.
  const auto before = count("SELECT count(*) FROM roles");
  auto r = store_->create_guild(make_guild(200, 2), {everyone(200), make_role(210, 200, 1)},
                                {make_channel(201, 200, model::channel_type::guild_text, 0),
                                 make_channel(101, 200, model::channel_type::guild_text, 1)},
                                make_member(200, 2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_FALSE(store_->guild_by_id(200)->has_value());
  EXPECT_EQ(count("SELECT count(*) FROM roles"), before);
  EXPECT_EQ(count("SELECT count(*) FROM channels WHERE guild_id = 200"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM members WHERE guild_id = 200"), 0);
  EXPECT_TRUE(store_->guilds_of_user(2, {})->empty());

  // Same guild id again.
  auto again = store_->create_guild(make_guild(100, 1), {}, {}, make_member(100, 1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), store_errc::conflict);

  // An owner that is no user.
  auto ghost = store_->create_guild(make_guild(300, 999), {everyone(300)}, {}, make_member(300, 999));
  ASSERT_FALSE(ghost);
  EXPECT_EQ(ghost.error(), store_errc::not_found);
  EXPECT_FALSE(store_->guild_by_id(300)->has_value());
}

TEST_F(guild_store_test, update_guild_with_audit) {
  create_standard_guild(100);
  model::guild g = make_guild(100, 1);
  g.name = "renamed";
  g.description = "about";
  g.afk_timeout = 60;
  g.owner_id = 2;          // not changed by update_guild
  g.created_ms = 42;       // nor this
  const auto entry = audit(1000, 100, 1);
  ASSERT_TRUE(store_->update_guild(g, &entry));
  auto got = store_->guild_by_id(100);
  EXPECT_EQ((*got)->guild.name, "renamed");
  EXPECT_EQ((*got)->guild.description, std::optional<std::string>("about"));
  EXPECT_EQ((*got)->guild.afk_timeout, 60);
  EXPECT_EQ((*got)->guild.owner_id, 1u);
  EXPECT_EQ((*got)->guild.created_ms, t0);
  auto entries = store_->audit_entries(100, {});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].id, 1000u);
  EXPECT_EQ((*entries)[0].reason, std::optional<std::string>("because"));
  EXPECT_EQ((*entries)[0].changes_json, R"([{"key":"name"}])");

  g.id = 555;
  const auto lost = audit(1001, 100, 1);
  auto r = store_->update_guild(g, &lost);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u); // no entry for the failed change
}

TEST_F(guild_store_test, audit_id_conflict_rolls_back_the_change) {
  create_standard_guild(100);
  const auto first = audit(1000, 100, 1);
  model::guild g = make_guild(100, 1);
  g.name = "first";
  ASSERT_TRUE(store_->update_guild(g, &first));
  g.name = "second";
  auto r = store_->update_guild(g, &first); // same entry id
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_EQ((*store_->guild_by_id(100))->guild.name, "first");
}

TEST_F(guild_store_test, transfer_ownership_requires_membership) {
  create_standard_guild(100);
  auto r = store_->transfer_guild_ownership(100, 2, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  join(100, 2);
  const auto entry = audit(1000, 100, 26);
  ASSERT_TRUE(store_->transfer_guild_ownership(100, 2, &entry));
  EXPECT_EQ((*store_->guild_by_id(100))->guild.owner_id, 2u);
  EXPECT_EQ(audit_count(100), 1u);
  auto missing = store_->transfer_guild_ownership(999, 2, nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), store_errc::not_found);
}

TEST_F(guild_store_test, delete_guild_cascades_everything_and_only_that_guild) {
  create_standard_guild(100);
  create_standard_guild(200);
  for (snowflake g : {100, 200}) {
    join(g, 2, {g + 10});
    const auto ban_entry = audit(g * 10 + 1, g, 22);
    model::ban b{g, 3, "spam", t0};
    ASSERT_TRUE(store_->ban_member(b, &ban_entry));
    ASSERT_TRUE(store_->create_invite(make_invite("code" + std::to_string(g), g, g + 1), false, nullptr));
  }
  ASSERT_TRUE(store_->delete_guild(100));
  EXPECT_FALSE(store_->guild_by_id(100)->has_value());
  for (const char* table : {"roles", "channels", "members", "member_roles", "invites", "bans", "audit_log"}) {
    EXPECT_EQ(count(std::string("SELECT count(*) FROM ") + table + " WHERE guild_id = 100"), 0) << table;
    EXPECT_GT(count(std::string("SELECT count(*) FROM ") + table + " WHERE guild_id = 200"), 0) << table;
  }
  EXPECT_EQ(count("SELECT count(*) FROM channel_overwrites WHERE channel_id BETWEEN 100 AND 199"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM channel_overwrites WHERE channel_id BETWEEN 200 AND 299"), 2);
  EXPECT_EQ(member_count(200), 2);
  auto again = store_->delete_guild(100);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), store_errc::not_found);
  // The users are untouched.
  EXPECT_TRUE(store_->user_by_id(2)->has_value());
}

TEST_F(guild_store_test, guilds_of_user_pages_by_guild_id) {
  for (snowflake g = 100; g <= 500; g += 100) {
    create_standard_guild(g);
  }
  join(300, 2);
  auto all = store_->guilds_of_user(1, {0, 0, 200});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].guild.id, 100u);
  EXPECT_EQ((*all)[4].guild.id, 500u);
  EXPECT_EQ((*all)[2].member_count, 2);
  EXPECT_EQ((*all)[0].roles.size(), 2u);
  EXPECT_EQ((*all)[0].self.roles, std::vector<snowflake>{110});
  EXPECT_EQ((*all)[0].self.joined_ms, t0 + 5);

  auto ids = [](const std::vector<user_guild>& v) {
    std::vector<snowflake> out;
    for (const auto& g : v) {
      out.push_back(g.guild.id);
    }
    return out;
  };
  EXPECT_EQ(ids(*store_->guilds_of_user(1, {100, 0, 2})), (std::vector<snowflake>{200, 300}));
  EXPECT_EQ(ids(*store_->guilds_of_user(1, {0, 400, 2})), (std::vector<snowflake>{200, 300})); // nearest below
  EXPECT_EQ(ids(*store_->guilds_of_user(1, {100, 400, 10})), (std::vector<snowflake>{200, 300}));
  EXPECT_TRUE(store_->guilds_of_user(1, {0, 0, 0})->empty());
  EXPECT_EQ(ids(*store_->guilds_of_user(2, {})), (std::vector<snowflake>{300}));
  EXPECT_TRUE(store_->guilds_of_user(9, {})->empty());
}

// ---------------------------------------------------------------- channels

TEST_F(guild_store_test, create_channel_conflict_and_not_found) {
  create_standard_guild(100);
  const auto entry = audit(1000, 100, 10);
  auto c = make_channel(150, 100, model::channel_type::guild_announcement, 5);
  c.overwrites = {{2, model::permission_overwrite::kind::member, model::permission::view_channel, 0}};
  ASSERT_TRUE(store_->create_channel(c, &entry));
  auto got = store_->channel_by_id(150);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->type, model::channel_type::guild_announcement);
  EXPECT_EQ((*got)->guild_id, std::optional<snowflake>(100));
  ASSERT_EQ((*got)->overwrites.size(), 1u);
  EXPECT_EQ((*got)->overwrites[0].type, model::permission_overwrite::kind::member);

  const auto dup_entry = audit(1001, 100, 10);
  auto dup = store_->create_channel(c, &dup_entry);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error(), store_errc::conflict);
  auto orphan = store_->create_channel(make_channel(160, 999, model::channel_type::guild_text, 0), nullptr);
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);
  EXPECT_FALSE(store_->channel_by_id(160)->has_value());
}

TEST_F(guild_store_test, update_channel_replaces_fields_and_overwrites) {
  create_standard_guild(100);
  auto c = **store_->channel_by_id(101);
  c.name = "renamed";
  c.topic = std::nullopt;
  c.nsfw = true;
  c.rate_limit_per_user = 30;
  c.parent_id = std::nullopt;
  c.type = model::channel_type::guild_announcement;
  c.last_message_id = 12345; // owned by messages: not written here
  c.overwrites = {{5, model::permission_overwrite::kind::member, 1, 2}};
  const auto entry = audit(1000, 100, 11);
  ASSERT_TRUE(store_->update_channel(c, &entry));
  auto got = **store_->channel_by_id(101);
  EXPECT_EQ(got.name, std::optional<std::string>("renamed"));
  EXPECT_FALSE(got.topic);
  EXPECT_TRUE(got.nsfw);
  EXPECT_EQ(got.rate_limit_per_user, 30);
  EXPECT_FALSE(got.parent_id);
  EXPECT_EQ(got.type, model::channel_type::guild_announcement);
  EXPECT_FALSE(got.last_message_id);
  EXPECT_EQ(got.overwrites, c.overwrites);
  c.id = 999;
  auto r = store_->update_channel(c, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
}

TEST_F(guild_store_test, delete_channel_clears_references) {
  create_standard_guild(100);
  model::guild g = make_guild(100, 1);
  g.afk_channel_id = 102;
  g.rules_channel_id = 101;
  ASSERT_TRUE(store_->update_guild(g, nullptr));
  ASSERT_TRUE(store_->create_invite(make_invite("abc", 100, 101), false, nullptr));

  const auto entry = audit(1000, 100, 12);
  ASSERT_TRUE(store_->delete_channel(103, &entry)); // the category
  EXPECT_FALSE((**store_->channel_by_id(101)).parent_id);
  ASSERT_TRUE(store_->delete_channel(101, nullptr)); // the text channel
  EXPECT_FALSE(store_->channel_by_id(101)->has_value());
  EXPECT_EQ(count("SELECT count(*) FROM channel_overwrites WHERE channel_id = 101"), 0);
  EXPECT_FALSE(store_->invite_by_code("abc", t0)->has_value());
  auto got = (*store_->guild_by_id(100))->guild;
  EXPECT_FALSE(got.system_channel_id);
  EXPECT_FALSE(got.rules_channel_id);
  EXPECT_EQ(got.afk_channel_id, std::optional<snowflake>(102)); // not the deleted one
  EXPECT_EQ(audit_count(100), 1u);
  auto again = store_->delete_channel(101, &entry);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), store_errc::not_found);
}

TEST_F(guild_store_test, channel_positions_are_all_or_nothing) {
  create_standard_guild(100);
  create_standard_guild(200);
  // Moves voice 102 into category 103 with the category's permissions, and reorders.
  model::permission_overwrite cat_ow{100, model::permission_overwrite::kind::role, 0, model::permission::connect};
  ASSERT_TRUE(store_->put_overwrite(103, cat_ow, nullptr));
  std::vector<channel_position> changes = {{101, 7, false, std::nullopt, false},
                                           {102, 0, true, snowflake{103}, true}};
  const auto entry = audit(1000, 100, 11);
  ASSERT_TRUE(store_->update_channel_positions(100, changes, &entry));
  auto voice = **store_->channel_by_id(102);
  EXPECT_EQ(voice.parent_id, std::optional<snowflake>(103));
  EXPECT_EQ(voice.overwrites, std::vector<model::permission_overwrite>{cat_ow});
  EXPECT_EQ((**store_->channel_by_id(101)).position, 7);

  // A channel of another guild in the list: nothing changes, no entry.
  std::vector<channel_position> bad = {{101, 1, false, std::nullopt, false}, {201, 0, false, std::nullopt, false}};
  const auto lost = audit(1001, 100, 11);
  auto r = store_->update_channel_positions(100, bad, &lost);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  EXPECT_EQ((**store_->channel_by_id(101)).position, 7);
  // A parent in another guild.
  std::vector<channel_position> foreign_parent = {{101, std::nullopt, true, snowflake{203}, false}};
  EXPECT_EQ(store_->update_channel_positions(100, foreign_parent, nullptr).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);
}

TEST_F(guild_store_test, overwrites_put_replace_delete) {
  create_standard_guild(100);
  model::permission_overwrite ow{2, model::permission_overwrite::kind::member, 4, 8};
  ASSERT_TRUE(store_->put_overwrite(102, ow, nullptr));
  ow.allow = 16;
  const auto entry = audit(1000, 100, 14);
  ASSERT_TRUE(store_->put_overwrite(102, ow, &entry)); // replaces
  auto c = **store_->channel_by_id(102);
  EXPECT_EQ(c.overwrites, std::vector<model::permission_overwrite>{ow});
  EXPECT_EQ(store_->put_overwrite(999, ow, nullptr).error(), store_errc::not_found);

  ASSERT_TRUE(store_->delete_overwrite(102, 2, nullptr));
  EXPECT_TRUE((**store_->channel_by_id(102)).overwrites.empty());
  const auto lost = audit(1001, 100, 15);
  auto r = store_->delete_overwrite(102, 2, &lost);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);
}

// ---------------------------------------------------------------- roles

TEST_F(guild_store_test, role_crud) {
  create_standard_guild(100);
  create_standard_guild(200);
  const auto entry = audit(1000, 100, 30);
  ASSERT_TRUE(store_->create_role(make_role(120, 100, 2), &entry));
  EXPECT_EQ(store_->create_role(make_role(120, 100, 2), nullptr).error(), store_errc::conflict);
  EXPECT_EQ(store_->create_role(make_role(121, 999, 2), nullptr).error(), store_errc::not_found);
  ASSERT_TRUE(store_->role_by_id(100, 120)->has_value());
  EXPECT_FALSE(store_->role_by_id(200, 120)->has_value()); // scoped to its guild

  model::role r = make_role(120, 100, 3);
  r.name = "mods";
  r.hoist = true;
  r.bot_id = 9;
  ASSERT_TRUE(store_->update_role(r, nullptr));
  auto got = **store_->role_by_id(100, 120);
  EXPECT_EQ(got.name, "mods");
  EXPECT_TRUE(got.hoist);
  EXPECT_EQ(got.bot_id, std::optional<snowflake>(9));
  r.guild_id = 200;
  EXPECT_EQ(store_->update_role(r, nullptr).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);
}

TEST_F(guild_store_test, delete_role_removes_it_from_members_and_overwrites) {
  create_standard_guild(100);
  join(100, 2, {110});
  join(100, 3);
  ASSERT_TRUE(store_->create_role(make_role(120, 100, 2), nullptr));
  auto m3 = make_member(100, 3, {110, 120});
  ASSERT_TRUE(store_->update_member(m3, nullptr));

  const auto entry = audit(1000, 100, 32);
  ASSERT_TRUE(store_->delete_role(100, 110, &entry));
  EXPECT_TRUE((**store_->member(100, 1)).member.roles.empty());
  EXPECT_TRUE((**store_->member(100, 2)).member.roles.empty());
  EXPECT_EQ((**store_->member(100, 3)).member.roles, std::vector<snowflake>{120});
  auto text = **store_->channel_by_id(101);
  ASSERT_EQ(text.overwrites.size(), 1u); // the overwrite for role 110 went with it
  EXPECT_EQ(text.overwrites[0].id, 100u);
  EXPECT_FALSE(store_->role_by_id(100, 110)->has_value());
  const auto lost = audit(1001, 100, 32);
  EXPECT_EQ(store_->delete_role(100, 110, &lost).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);
}

TEST_F(guild_store_test, role_positions_are_all_or_nothing) {
  create_standard_guild(100);
  create_standard_guild(200);
  ASSERT_TRUE(store_->create_role(make_role(120, 100, 2), nullptr));
  const auto entry = audit(1000, 100, 31);
  ASSERT_TRUE(store_->update_role_positions(100, {{110, 2}, {120, 1}}, &entry));
  auto roles = *store_->roles_of_guild(100);
  ASSERT_EQ(roles.size(), 3u);
  EXPECT_EQ(roles[1].id, 120u);
  EXPECT_EQ(roles[2].id, 110u);

  auto r = store_->update_role_positions(100, {{110, 5}, {210, 6}}, nullptr); // 210 is guild 200's
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  EXPECT_EQ((**store_->role_by_id(100, 110)).position, 2);
  EXPECT_EQ((**store_->role_by_id(200, 210)).position, 1);
}

// ---------------------------------------------------------------- members

TEST_F(guild_store_test, add_member_outcomes) {
  create_standard_guild(100);
  create_standard_guild(200);
  EXPECT_EQ(*store_->add_member(make_member(100, 2, {110})), join_outcome::joined);
  EXPECT_EQ(*store_->add_member(make_member(100, 2)), join_outcome::already_member);
  EXPECT_EQ((**store_->member(100, 2)).member.roles, std::vector<snowflake>{110}); // unchanged
  ASSERT_TRUE(store_->ban_member({100, 3, std::nullopt, t0}, nullptr));
  EXPECT_EQ(*store_->add_member(make_member(100, 3)), join_outcome::banned);
  EXPECT_FALSE(store_->member(100, 3)->has_value());
  EXPECT_EQ(store_->add_member(make_member(999, 4)).error(), store_errc::not_found);
  EXPECT_EQ(store_->add_member(make_member(100, 999)).error(), store_errc::not_found);
  // A role of another guild: not_found, and the member row is rolled back too.
  EXPECT_EQ(store_->add_member(make_member(100, 4, {210})).error(), store_errc::not_found);
  EXPECT_FALSE(store_->member(100, 4)->has_value());
  EXPECT_EQ(member_count(100), 2);
}

TEST_F(guild_store_test, share_a_guild_needs_one_common_membership) {
  create_standard_guild(100);
  create_standard_guild(200);
  EXPECT_FALSE(*store_->share_a_guild(2, 3));
  ASSERT_EQ(*store_->add_member(make_member(100, 2)), join_outcome::joined);
  ASSERT_EQ(*store_->add_member(make_member(200, 3)), join_outcome::joined);
  EXPECT_FALSE(*store_->share_a_guild(2, 3)) << "each in a different guild";
  ASSERT_EQ(*store_->add_member(make_member(200, 2)), join_outcome::joined);
  EXPECT_TRUE(*store_->share_a_guild(2, 3));
  EXPECT_TRUE(*store_->share_a_guild(3, 2));
  ASSERT_TRUE(store_->remove_member(200, 3, nullptr));
  EXPECT_FALSE(*store_->share_a_guild(2, 3));
}

TEST_F(guild_store_test, add_bot_member_is_all_or_nothing) {
  create_standard_guild(100);
  model::role managed = make_role(150, 100, 1);
  managed.managed = true;
  managed.bot_id = 2;
  const auto entry = audit(7001, 100, 28, 1, 2);
  EXPECT_EQ(*store_->add_bot_member(make_member(100, 2, {150}), managed, &entry), join_outcome::joined);
  EXPECT_EQ((**store_->member(100, 2)).member.roles, std::vector<snowflake>{150});
  EXPECT_TRUE((**store_->role_by_id(100, 150)).managed);
  EXPECT_EQ(audit_count(100), 1u);
  // Already a member: no second role, no entry.
  model::role again = make_role(151, 100, 1);
  const auto entry2 = audit(7002, 100, 28, 1, 2);
  EXPECT_EQ(*store_->add_bot_member(make_member(100, 2, {151}), again, &entry2), join_outcome::already_member);
  EXPECT_FALSE(store_->role_by_id(100, 151)->has_value());
  // Banned: nothing at all.
  ASSERT_TRUE(store_->ban_member({100, 3, std::nullopt, t0}, nullptr));
  EXPECT_EQ(*store_->add_bot_member(make_member(100, 3, {151}), again, &entry2), join_outcome::banned);
  EXPECT_FALSE(store_->role_by_id(100, 151)->has_value());
  // A failing audit entry (taken id) rolls back the role and the membership.
  const auto taken = audit(7001, 100, 28, 1, 4);
  EXPECT_FALSE(store_->add_bot_member(make_member(100, 4, {151}), again, &taken));
  EXPECT_FALSE(store_->role_by_id(100, 151)->has_value());
  EXPECT_FALSE(store_->member(100, 4)->has_value());
  EXPECT_EQ(audit_count(100), 1u);
}

TEST_F(guild_store_test, set_member_role_changes_one_role) {
  create_standard_guild(100);
  create_standard_guild(200);
  join(100, 2);
  const auto e1 = audit(7101, 100, 25, 1, 2);
  EXPECT_TRUE(*store_->set_member_role(100, 2, 110, true, &e1));
  EXPECT_EQ((**store_->member(100, 2)).member.roles, std::vector<snowflake>{110});
  const auto e2 = audit(7102, 100, 25, 1, 2);
  EXPECT_FALSE(*store_->set_member_role(100, 2, 110, true, &e2));  // no change, no entry
  EXPECT_EQ(audit_count(100), 1u);
  EXPECT_EQ(store_->set_member_role(100, 2, 210, true, &e2).error(), store_errc::not_found);  // other guild's
  EXPECT_EQ(store_->set_member_role(100, 2, 100, true, &e2).error(), store_errc::not_found);  // @everyone
  EXPECT_EQ(store_->set_member_role(100, 5, 110, true, &e2).error(), store_errc::not_found);  // not a member
  EXPECT_TRUE(*store_->set_member_role(100, 2, 110, false, &e2));
  EXPECT_TRUE((**store_->member(100, 2)).member.roles.empty());
  EXPECT_FALSE(*store_->set_member_role(100, 2, 110, false, nullptr));
  EXPECT_EQ(audit_count(100), 2u);
}

TEST_F(guild_store_test, prune_takes_inactive_members_without_other_roles) {
  create_standard_guild(100);
  model::role extra = make_role(120, 100, 2);
  ASSERT_TRUE(store_->create_role(extra, nullptr));
  join(100, 2);          // no role, inactive: pruned
  join(100, 3, {110});   // role 110: pruned only when 110 is included
  join(100, 4, {120});   // role 120: kept
  join(100, 5);          // no role, but posted recently: kept
  model::member late = make_member(100, 6);
  late.joined_ms = t0 + 10'000;  // joined after the cutoff: kept
  ASSERT_EQ(*store_->add_member(late), join_outcome::joined);
  // A message of user 5 at t0 + 2000 and an old one of user 2 at t0 - 1000, written beside the store.
  {
    auto db = sqlite::connection::open(dir_.path() / "parley.db", sqlite::connection::access::read_write_create);
    ASSERT_TRUE(db);
    const auto insert = [&](snowflake id, snowflake author) {
      const std::string sql =
          "INSERT INTO messages (id, channel_id, guild_id, author_id, type, content, tts, mention_everyone, "
          "mention_roles, embeds, components, flags, has) VALUES (" +
          std::to_string(id) + ", 101, 100, " + std::to_string(author) + ", 0, 'hi', 0, 0, '[]', '[]', '[]', 0, 0)";
      ASSERT_TRUE(db->exec(sql.c_str()));
    };
    insert(model::snowflake_at(t0 + 2000) + 1, 5);
    insert(model::snowflake_at(t0 - 1000), 2);
  }
  prune_query q;
  q.joined_before_ms = t0 + 1000;
  q.active_since_id = model::snowflake_at(t0 + 1000);
  q.exempt_user_id = 1;  // the owner joined long ago without roles other than 110
  EXPECT_EQ(*store_->count_prunable_members(100, q), 1u);
  q.include_roles = {110};
  EXPECT_EQ(*store_->count_prunable_members(100, q), 2u);
  q.exempt_user_id = 0;
  EXPECT_EQ(*store_->count_prunable_members(100, q), 3u);  // the owner too, without the exemption
  q.exempt_user_id = 1;

  std::size_t seen = 99;
  auto removed = store_->prune_members(100, q, [&](std::size_t n) {
    seen = n;
    return audit(7201, 100, 21);
  });
  ASSERT_TRUE(removed) << removed.error().message();
  EXPECT_EQ(user_ids(*removed), (std::vector<snowflake>{2, 3}));
  EXPECT_EQ(seen, 2u);
  EXPECT_EQ(audit_count(100), 1u);
  EXPECT_FALSE(store_->member(100, 2)->has_value());
  EXPECT_FALSE(store_->member(100, 3)->has_value());
  EXPECT_TRUE(store_->member(100, 4)->has_value());
  EXPECT_TRUE(store_->member(100, 5)->has_value());
  EXPECT_EQ(member_count(100), 4);
  EXPECT_EQ(*store_->count_prunable_members(100, q), 0u);
}

TEST_F(guild_store_test, members_page_by_user_id) {
  create_standard_guild(100);
  for (snowflake u = 2; u <= 9; ++u) {
    join(100, u, u % 2 == 0 ? std::vector<snowflake>{110} : std::vector<snowflake>{});
  }
  EXPECT_EQ(member_count(100), 9);
  auto first = store_->members(100, 0, 3);
  ASSERT_TRUE(first);
  EXPECT_EQ(user_ids(*first), (std::vector<snowflake>{1, 2, 3}));
  EXPECT_EQ((*first)[1].member.roles, std::vector<snowflake>{110});
  EXPECT_TRUE((*first)[2].member.roles.empty());
  EXPECT_EQ((*first)[2].user.username, "carol");
  auto next = store_->members(100, 3, 3);
  EXPECT_EQ(user_ids(*next), (std::vector<snowflake>{4, 5, 6}));
  EXPECT_EQ((*next)[0].member.roles, std::vector<snowflake>{110});
  EXPECT_EQ(user_ids(*store_->members(100, 8, 100)), (std::vector<snowflake>{9}));
  EXPECT_TRUE(store_->members(100, 9, 100)->empty());
  EXPECT_TRUE(store_->members(100, 0, 0)->empty());
  EXPECT_TRUE(store_->members(999, 0, 10)->empty());
}

TEST_F(guild_store_test, search_members_by_username_or_nick_prefix) {
  create_standard_guild(100);
  create_standard_guild(200);
  join(100, 2);
  join(100, 3);
  join(100, 4);
  join(200, 5); // erin is in the other guild only
  auto bob = make_member(100, 2);
  bob.nick = "Captain Bob";
  ASSERT_TRUE(store_->update_member(bob, nullptr));
  auto dave = make_member(100, 4);
  dave.nick = "Eve";
  ASSERT_TRUE(store_->update_member(dave, nullptr));

  EXPECT_EQ(user_ids(*store_->search_members(100, "CA", 10)), (std::vector<snowflake>{2, 3})); // nick, username
  EXPECT_EQ(user_ids(*store_->search_members(100, "e", 10)), (std::vector<snowflake>{4}));      // not erin
  EXPECT_EQ(user_ids(*store_->search_members(100, "ALI", 10)), (std::vector<snowflake>{1}));
  EXPECT_EQ(user_ids(*store_->search_members(100, "", 2)), (std::vector<snowflake>{1, 2}));
  EXPECT_TRUE(store_->search_members(100, "zz", 10)->empty());
  // The username still matches with a nick set; a word inside the nick does not.
  EXPECT_EQ(user_ids(*store_->search_members(100, "BOB", 10)), (std::vector<snowflake>{2}));
  EXPECT_TRUE(store_->search_members(100, "ev", 10)->size() == 1u);
  EXPECT_TRUE(store_->search_members(100, "bob ", 10)->empty());
}

TEST_F(guild_store_test, update_and_remove_member) {
  create_standard_guild(100);
  create_standard_guild(200);
  join(100, 2, {110});
  ASSERT_TRUE(store_->create_role(make_role(120, 100, 2), nullptr));
  auto m = make_member(100, 2, {120, 100, 120}); // @everyone ignored, duplicates collapse
  m.nick = "bobby";
  m.mute = true;
  m.deaf = true;
  m.communication_disabled_until_ms = t0 + 60000;
  const auto entry = audit(1000, 100, 24);
  ASSERT_TRUE(store_->update_member(m, &entry));
  auto got = (**store_->member(100, 2)).member;
  EXPECT_EQ(got.nick, std::optional<std::string>("bobby"));
  EXPECT_TRUE(got.mute);
  EXPECT_TRUE(got.deaf);
  EXPECT_EQ(got.communication_disabled_until_ms, std::optional<std::int64_t>(t0 + 60000));
  EXPECT_EQ(got.roles, std::vector<snowflake>{120});
  EXPECT_EQ(got.joined_ms, t0 + 5);

  auto foreign = make_member(100, 2, {210});
  const auto lost = audit(1001, 100, 25);
  EXPECT_EQ(store_->update_member(foreign, &lost).error(), store_errc::not_found);
  EXPECT_EQ((**store_->member(100, 2)).member.roles, std::vector<snowflake>{120}); // rolled back
  EXPECT_EQ(store_->update_member(make_member(100, 3), nullptr).error(), store_errc::not_found);

  const auto kick = audit(1002, 100, 20, 1, snowflake{2});
  ASSERT_TRUE(store_->remove_member(100, 2, &kick));
  EXPECT_FALSE(store_->member(100, 2)->has_value());
  EXPECT_EQ(count("SELECT count(*) FROM member_roles WHERE user_id = 2"), 0);
  EXPECT_EQ(member_count(100), 1);
  EXPECT_EQ(store_->remove_member(100, 2, nullptr).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 2u);
}

// ---------------------------------------------------------------- bans

TEST_F(guild_store_test, ban_removes_the_member_atomically) {
  create_standard_guild(100);
  join(100, 2, {110});
  const auto entry = audit(1000, 100, 22, 1, snowflake{2});
  auto removed = store_->ban_member({100, 2, "spam", t0 + 1}, &entry);
  ASSERT_TRUE(removed);
  ASSERT_TRUE(removed->has_value());
  EXPECT_EQ((*removed)->roles, std::vector<snowflake>{110});
  EXPECT_FALSE(store_->member(100, 2)->has_value());
  EXPECT_EQ(member_count(100), 1);
  auto b = store_->ban(100, 2);
  ASSERT_TRUE(b && b->has_value());
  EXPECT_EQ((*b)->ban.reason, std::optional<std::string>("spam"));
  EXPECT_EQ((*b)->user.username, "bob");

  // Banning a non-member: nothing to remove; banning again replaces the reason.
  auto none = store_->ban_member({100, 3, std::nullopt, t0}, nullptr);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(store_->ban_member({100, 2, "again", t0 + 2}, nullptr));
  EXPECT_EQ((**store_->ban(100, 2)).ban.reason, std::optional<std::string>("again"));

  const auto lost = audit(1001, 100, 22);
  EXPECT_EQ(store_->ban_member({100, 999, std::nullopt, t0}, &lost).error(), store_errc::not_found);
  EXPECT_EQ(store_->ban_member({999, 2, std::nullopt, t0}, nullptr).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 1u);

  ASSERT_TRUE(store_->remove_ban(100, 2, nullptr));
  EXPECT_FALSE(store_->ban(100, 2)->has_value());
  EXPECT_EQ(store_->remove_ban(100, 2, nullptr).error(), store_errc::not_found);
}

TEST_F(guild_store_test, bans_page_by_user_id) {
  create_standard_guild(100);
  for (snowflake u = 2; u <= 9; ++u) {
    ASSERT_TRUE(store_->ban_member({100, u, std::nullopt, t0}, nullptr));
  }
  auto ids = [](const std::vector<ban_record>& v) {
    std::vector<snowflake> out;
    for (const auto& b : v) {
      out.push_back(b.ban.user_id);
    }
    return out;
  };
  EXPECT_EQ(ids(*store_->bans(100, {0, 0, 3})), (std::vector<snowflake>{2, 3, 4}));
  EXPECT_EQ(ids(*store_->bans(100, {4, 0, 2})), (std::vector<snowflake>{5, 6}));
  EXPECT_EQ(ids(*store_->bans(100, {0, 8, 2})), (std::vector<snowflake>{6, 7})); // before wins, nearest
  EXPECT_EQ(ids(*store_->bans(100, {5, 8, 10})), (std::vector<snowflake>{6, 7}));
  EXPECT_TRUE(store_->bans(100, {9, 0, 10})->empty());
  EXPECT_EQ(store_->bans(100, {0, 0, 1000})->size(), 8u);
}

// ---------------------------------------------------------------- invites

TEST_F(guild_store_test, invite_create_get_list_delete) {
  create_standard_guild(100);
  create_standard_guild(200);
  const auto entry = audit(1000, 100, 40);
  auto created = store_->create_invite(make_invite("aaa", 100, 101), false, &entry);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->code, "aaa");
  // unique=false: the equivalent live invite comes back, nothing inserted, no entry.
  auto reused = store_->create_invite(make_invite("bbb", 100, 101), true, &entry);
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->code, "aaa");
  // unique=true inserts.
  ASSERT_TRUE(store_->create_invite(make_invite("bbb", 100, 101), false, nullptr));
  ASSERT_TRUE(store_->create_invite(make_invite("ccc", 100, 102, 5, 0), false, nullptr));
  EXPECT_EQ(store_->create_invite(make_invite("aaa", 100, 102), false, nullptr).error(), store_errc::conflict);
  EXPECT_EQ(store_->create_invite(make_invite("ddd", 100, 201), false, nullptr).error(), store_errc::not_found);
  EXPECT_FALSE(store_->invite_by_code("AAA", t0)->has_value()); // codes are case-sensitive

  auto got = store_->invite_by_code("ccc", t0 + 1000LL * 86400 * 365);
  ASSERT_TRUE(got && got->has_value()); // max_age 0 never expires
  EXPECT_EQ((*got)->max_uses, 5);
  EXPECT_EQ((*got)->inviter_id, std::optional<snowflake>(1));
  EXPECT_FALSE(store_->invite_by_code("aaa", t0 + 86400 * 1000LL)->has_value()); // expired
  EXPECT_TRUE(store_->invite_by_code("aaa", t0 + 86400 * 1000LL - 1)->has_value());

  EXPECT_EQ(store_->invites_of_channel(101, t0)->size(), 2u);
  EXPECT_EQ(store_->invites_of_guild(100, t0)->size(), 3u);
  EXPECT_EQ(store_->invites_of_guild(100, t0 + 86400 * 1000LL)->size(), 1u); // only the ageless one
  EXPECT_TRUE(store_->invites_of_guild(200, t0)->empty());

  const auto del = audit(1001, 100, 42);
  auto deleted = store_->delete_invite("bbb", &del);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->channel_id, 101u);
  EXPECT_EQ(store_->delete_invite("bbb", nullptr).error(), store_errc::not_found);
  EXPECT_EQ(audit_count(100), 2u);
}

TEST_F(guild_store_test, accept_invite_outcomes) {
  create_standard_guild(100);
  ASSERT_TRUE(store_->create_invite(make_invite("open", 100, 101), false, nullptr));

  auto joined = store_->accept_invite("open", make_member(0, 2), t0 + 10);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->outcome, join_outcome::joined);
  EXPECT_EQ(joined->invite.uses, 1);
  EXPECT_FALSE(joined->invite_deleted);
  EXPECT_TRUE(store_->member(100, 2)->has_value()); // guild_id taken from the invite
  EXPECT_EQ(member_count(100), 2);

  auto again = store_->accept_invite("open", make_member(0, 2), t0 + 10);
  EXPECT_EQ(again->outcome, join_outcome::already_member);
  EXPECT_EQ((**store_->invite_by_code("open", t0)).uses, 1);

  ASSERT_TRUE(store_->ban_member({100, 3, std::nullopt, t0}, nullptr));
  auto banned = store_->accept_invite("open", make_member(0, 3), t0 + 10);
  EXPECT_EQ(banned->outcome, join_outcome::banned);
  EXPECT_EQ((**store_->invite_by_code("open", t0)).uses, 1);
  EXPECT_FALSE(store_->member(100, 3)->has_value());

  auto expired = store_->accept_invite("open", make_member(0, 4), t0 + 86400 * 1000LL);
  EXPECT_EQ(expired->outcome, join_outcome::unknown_or_expired);
  EXPECT_FALSE(store_->member(100, 4)->has_value());
  EXPECT_EQ(store_->accept_invite("nope", make_member(0, 4), t0)->outcome, join_outcome::unknown_or_expired);
  EXPECT_EQ(store_->accept_invite("open", make_member(0, 999), t0).error(), store_errc::not_found);
}

TEST_F(guild_store_test, accept_invite_deletes_it_at_max_uses) {
  create_standard_guild(100);
  ASSERT_TRUE(store_->create_invite(make_invite("two", 100, 101, 2), false, nullptr));
  EXPECT_EQ(store_->accept_invite("two", make_member(0, 2), t0)->outcome, join_outcome::joined);
  auto last = store_->accept_invite("two", make_member(0, 3), t0);
  EXPECT_EQ(last->outcome, join_outcome::joined);
  EXPECT_EQ(last->invite.uses, 2);
  EXPECT_TRUE(last->invite_deleted);
  EXPECT_EQ(store_->accept_invite("two", make_member(0, 4), t0)->outcome, join_outcome::unknown_or_expired);
  EXPECT_FALSE(store_->member(100, 4)->has_value());
  EXPECT_EQ(count("SELECT count(*) FROM invites"), 0);
}

TEST_F(guild_store_test, concurrent_accepts_of_a_single_use_invite) {
  create_standard_guild(100);
  for (int round = 0; round < 5; ++round) {
    const std::string code = "once" + std::to_string(round);
    ASSERT_TRUE(store_->create_invite(make_invite(code, 100, 101, 1), false, nullptr));
    std::atomic<int> joined{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (snowflake u = 2; u <= 9; ++u) {
      threads.emplace_back([&, u] {
        auto r = store_->accept_invite(code, make_member(0, u), t0);
        if (!r) {
          other.fetch_add(1);
        } else if (r->outcome == join_outcome::joined) {
          joined.fetch_add(1);
        } else if (r->outcome == join_outcome::unknown_or_expired) {
          refused.fetch_add(1);
        } else if (r->outcome == join_outcome::already_member) {
          refused.fetch_add(1); // a winner of an earlier round
        } else {
          other.fetch_add(1);
        }
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    EXPECT_EQ(joined.load(), 1) << round;
    EXPECT_EQ(refused.load(), 7) << round;
    EXPECT_EQ(other.load(), 0) << round;
    EXPECT_EQ(member_count(100), 2 + round);
  }
}

// ---------------------------------------------------------------- audit log

TEST_F(guild_store_test, audit_log_filters_and_pages) {
  create_standard_guild(100);
  create_standard_guild(200);
  // Entries 1001..1010: user 1 for odd ids, user 2 for even; action 22 for ids <= 1005, else 24.
  for (snowflake id = 1001; id <= 1010; ++id) {
    ASSERT_TRUE(store_->append_audit_entry(audit(id, 100, id <= 1005 ? 22 : 24, id % 2 == 1 ? 1 : 2)));
  }
  ASSERT_TRUE(store_->append_audit_entry(audit(2001, 200, 22)));
  EXPECT_EQ(store_->append_audit_entry(audit(3001, 999, 22)).error(), store_errc::not_found);
  EXPECT_EQ(store_->append_audit_entry(audit(1001, 100, 22)).error(), store_errc::conflict);

  auto ids = [&](const audit_log_query& q) {
    std::vector<snowflake> out;
    for (const auto& e : *store_->audit_entries(100, q)) {
      out.push_back(e.id);
    }
    return out;
  };
  audit_log_query q;
  q.limit = 3;
  EXPECT_EQ(ids(q), (std::vector<snowflake>{1010, 1009, 1008})); // newest first
  q.before = 1008;
  EXPECT_EQ(ids(q), (std::vector<snowflake>{1007, 1006, 1005}));
  q.before = 0;
  q.after = 1002;
  EXPECT_EQ(ids(q), (std::vector<snowflake>{1005, 1004, 1003})); // nearest above, newest first
  q.before = 1010;
  q.limit = 100;
  EXPECT_EQ(ids(q).size(), 7u);
  audit_log_query by_user;
  by_user.user_id = 2;
  by_user.limit = 100;
  EXPECT_EQ(ids(by_user), (std::vector<snowflake>{1010, 1008, 1006, 1004, 1002}));
  by_user.action_type = 22;
  EXPECT_EQ(ids(by_user), (std::vector<snowflake>{1004, 1002}));
  audit_log_query by_action;
  by_action.action_type = 24;
  by_action.limit = 2;
  EXPECT_EQ(ids(by_action), (std::vector<snowflake>{1010, 1009}));
  by_action.after = 1005;
  EXPECT_EQ(ids(by_action), (std::vector<snowflake>{1007, 1006}));
  by_action.limit = 0;
  EXPECT_TRUE(ids(by_action).empty());
  EXPECT_EQ(store_->audit_entries(200, {})->size(), 1u);
}

// ---------------------------------------------------------------- gateway

TEST_F(guild_store_test, gateway_snapshots_include_the_own_member_beyond_the_limit) {
  create_standard_guild(100);
  create_standard_guild(200);
  for (snowflake u = 2; u <= 8; ++u) {
    join(100, u, {110});
  }
  join(100, 9);
  join(200, 9, {210});
  auto snaps = store_->guilds_for_gateway(9, 3);
  ASSERT_TRUE(snaps);
  ASSERT_EQ(snaps->size(), 2u);
  const guild_snapshot& s = (*snaps)[0];
  EXPECT_EQ(s.guild.id, 100u);
  EXPECT_EQ(s.member_count, 9);
  EXPECT_EQ(user_ids(s.members), (std::vector<snowflake>{9, 1, 2})); // own first, then lowest ids
  EXPECT_TRUE(s.members[0].member.roles.empty());
  EXPECT_EQ(s.members[1].member.roles, std::vector<snowflake>{110});
  EXPECT_EQ(s.members[2].member.roles, std::vector<snowflake>{110});
  EXPECT_EQ(s.members[2].user.username, "bob");
  EXPECT_EQ(s.roles.size(), 2u);
  ASSERT_EQ(s.channels.size(), 3u);
  EXPECT_EQ(s.channels[0].overwrites.size(), 2u);
  EXPECT_EQ((*snaps)[1].guild.id, 200u);
  EXPECT_EQ(user_ids((*snaps)[1].members), (std::vector<snowflake>{9, 1}));
  EXPECT_EQ((*snaps)[1].members[0].member.roles, std::vector<snowflake>{210});

  auto tiny = store_->guilds_for_gateway(9, 0);
  EXPECT_EQ(user_ids((*tiny)[0].members), std::vector<snowflake>{9});
  EXPECT_TRUE(store_->guilds_for_gateway(99, 10)->empty());

  auto one = store_->guild_for_gateway(200, 1, 100);
  ASSERT_TRUE(one && one->has_value());
  EXPECT_EQ(user_ids((*one)->members), (std::vector<snowflake>{1, 9}));
  EXPECT_FALSE(store_->guild_for_gateway(200, 2, 100)->has_value()); // not a member
  EXPECT_FALSE(store_->guild_for_gateway(999, 1, 100)->has_value());
}

TEST_F(guild_store_test, community_data_survives_reopen) {
  create_standard_guild(100);
  join(100, 2, {110});
  store_->close();
  open();
  EXPECT_EQ(member_count(100), 2);
  EXPECT_EQ((**store_->member(100, 2)).member.roles, std::vector<snowflake>{110});
  EXPECT_EQ((**store_->channel_by_id(101)).overwrites.size(), 2u);
}

} // namespace
} // namespace parley::store
