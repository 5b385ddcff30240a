// Tests of sqlite_store against the private channel and read state part of the message_store
// contract (store/message_store.hpp): one DM per pair (also under concurrency), group DMs and
// their recipients, ownership hand-over, listing order, and read states that never move back and
// count only the mentions after them.
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
  u.global_name = "Name " + std::to_string(id);
  u.password_hash = "$argon2id$x";
  u.created_ms = t0;
  return u;
}

model::channel dm_row(snowflake id) {
  model::channel c;
  c.id = id;
  c.type = model::channel_type::dm;
  return c;
}

model::channel group_row(snowflake id, snowflake owner, std::vector<snowflake> recipients) {
  model::channel c;
  c.id = id;
  c.type = model::channel_type::group_dm;
  c.owner_id = owner;
  c.name = "friends";
  c.recipients = std::move(recipients);
  return c;
}

class private_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite_store::options opts;
    opts.path = dir_.path() / "parley.db";
    auto s = sqlite_store::open(opts);
    ASSERT_TRUE(s.has_value()) << s.error().message();
    store_ = std::move(*s);
    const char* names[] = {"alice", "bob", "carol", "dave", "erin"};
    for (snowflake i = 1; i <= 5; ++i) {
      ASSERT_TRUE(store_->insert_user(person(i, names[i - 1]), nullptr));
    }
  }

  // Messages and their mentions written straight into the file: the message part of the store
  // is another use case's, these tests only need rows to count.
  void put_message(snowflake id, snowflake channel_id, snowflake author, std::vector<snowflake> mentions) {
    auto db = sqlite::connection::open(dir_.path() / "parley.db", sqlite::connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA busy_timeout = 5000"));
    const std::string insert =
        "INSERT INTO messages (id, channel_id, author_id, type, content, tts, mention_everyone, mention_roles, "
        "embeds, components, flags, has) VALUES (" +
        std::to_string(id) + ", " + std::to_string(channel_id) + ", " + std::to_string(author) +
        ", 0, 'hi', 0, 0, '[]', '[]', '[]', 0, 0)";
    ASSERT_TRUE(db->exec(insert.c_str()));
    int position = 0;
    for (const snowflake user : mentions) {
      const std::string m = "INSERT INTO message_mentions (message_id, user_id, channel_id, position) VALUES (" +
          std::to_string(id) + ", " + std::to_string(user) + ", " + std::to_string(channel_id) + ", " +
          std::to_string(position++) + ")";
      ASSERT_TRUE(db->exec(m.c_str()));
    }
    const std::string last = "UPDATE channels SET last_message_id = " + std::to_string(id) +
        " WHERE id = " + std::to_string(channel_id);
    ASSERT_TRUE(db->exec(last.c_str()));
  }

  // Guild 100 owned by alice with bob as a member and one text channel 101.
  void make_guild() {
    model::guild g;
    g.id = 100;
    g.name = "g";
    g.owner_id = 1;
    g.created_ms = t0;
    model::role everyone;
    everyone.id = 100;
    everyone.guild_id = 100;
    everyone.name = "@everyone";
    model::channel text;
    text.id = 101;
    text.guild_id = 100;
    text.name = "general";
    model::member owner;
    owner.guild_id = 100;
    owner.user_id = 1;
    owner.joined_ms = t0;
    ASSERT_TRUE(store_->create_guild(g, {everyone}, {text}, owner));
    model::member bob;
    bob.guild_id = 100;
    bob.user_id = 2;
    bob.joined_ms = t0;
    ASSERT_TRUE(store_->add_member(bob));
  }

  temp_directory dir_;
  std::unique_ptr<sqlite_store> store_;
};

TEST_F(private_store_test, open_dm_creates_the_pairs_channel_once) {
  auto first = store_->open_dm(dm_row(10), 1, 2);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->channel.channel.id, 10u);
  EXPECT_EQ(first->channel.channel.type, model::channel_type::dm);
  EXPECT_FALSE(first->channel.channel.guild_id);
  EXPECT_EQ(first->channel.channel.recipients, (std::vector<snowflake>{1, 2}));
  ASSERT_EQ(first->channel.users.size(), 2u);
  EXPECT_EQ(first->channel.users[1].username, "bob");
  EXPECT_EQ(first->channel.users[1].global_name, "Name 2");

  // The other user opening it, with a new id, gets the same channel and nothing is written.
  auto again = store_->open_dm(dm_row(11), 2, 1);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->channel.channel.id, 10u);
  auto eleven = store_->private_channel(11);
  ASSERT_TRUE(eleven);
  EXPECT_FALSE(*eleven);

  // Another pair gets its own.
  auto other = store_->open_dm(dm_row(12), 1, 3);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->created);
  EXPECT_EQ(other->channel.channel.id, 12u);
}

TEST_F(private_store_test, open_dm_errors_leave_nothing_behind) {
  auto unknown = store_->open_dm(dm_row(10), 1, 99);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), store_errc::not_found);
  auto self = store_->open_dm(dm_row(10), 1, 1);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error(), store_errc::conflict);
  auto mine = store_->private_channels_of(1);
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->empty());
  // The id was not consumed by the failed attempts.
  auto ok = store_->open_dm(dm_row(10), 1, 2);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_TRUE(ok->created);
}

TEST_F(private_store_test, concurrent_open_dm_yields_one_channel) {
  constexpr int threads = 8;
  std::atomic<int> created{0};
  std::vector<snowflake> ids(threads);
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      auto r = i % 2 ? store_->open_dm(dm_row(1000 + static_cast<snowflake>(i)), 3, 4)
                     : store_->open_dm(dm_row(1000 + static_cast<snowflake>(i)), 4, 3);
      ASSERT_TRUE(r);
      created += r->created ? 1 : 0;
      ids[static_cast<std::size_t>(i)] = r->channel.channel.id;
    });
  }
  for (auto& t : pool) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_TRUE(std::all_of(ids.begin(), ids.end(), [&](snowflake id) { return id == ids[0]; }));
  auto list = store_->private_channels_of(3);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(private_store_test, group_dm_round_trips_through_the_shared_channel_reader) {
  auto g = group_row(20, 1, {1, 3, 2});
  g.icon = "abc";
  auto r = store_->create_group_dm(g);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->channel.type, model::channel_type::group_dm);
  EXPECT_EQ(r->channel.recipients, (std::vector<snowflake>{1, 3, 2}));
  EXPECT_EQ(r->channel.owner_id, std::optional<snowflake>(1));
  EXPECT_EQ(r->channel.name, std::optional<std::string>("friends"));

  // channel_by_id (guild_rows.cpp's reader) sees the columns of migration 3 too.
  auto row = store_->channel_by_id(20);
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->owner_id, std::optional<snowflake>(1));
  EXPECT_EQ((*row)->icon, std::optional<std::string>("abc"));
  EXPECT_FALSE((*row)->guild_id);
}

TEST_F(private_store_test, group_dm_with_an_unknown_user_is_not_created) {
  auto r = store_->create_group_dm(group_row(20, 1, {1, 99}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  auto found = store_->private_channel(20);
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST_F(private_store_test, private_channel_ignores_guild_channels) {
  make_guild();
  auto r = store_->private_channel(101);
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  auto add = store_->add_recipient(101, 3);
  ASSERT_FALSE(add);
  EXPECT_EQ(add.error(), store_errc::not_found);
  model::channel c;
  c.id = 101;
  c.name = "renamed";
  auto upd = store_->update_private_channel(c);
  ASSERT_FALSE(upd);
  EXPECT_EQ(upd.error(), store_errc::not_found);
}

TEST_F(private_store_test, private_channels_of_orders_by_last_message_and_fills_recipients) {
  ASSERT_TRUE(store_->open_dm(dm_row(30), 1, 2));
  ASSERT_TRUE(store_->open_dm(dm_row(31), 1, 3));
  ASSERT_TRUE(store_->open_dm(dm_row(32), 1, 4));
  ASSERT_TRUE(store_->create_group_dm(group_row(33, 2, {2, 1, 5})));
  ASSERT_TRUE(store_->open_dm(dm_row(34), 2, 3));  // not alice's
  put_message(500, 31, 3, {});
  put_message(501, 30, 2, {});

  auto list = store_->private_channels_of(1);
  ASSERT_TRUE(list) << list.error().message();
  std::vector<snowflake> order;
  for (const auto& rec : *list) order.push_back(rec.channel.id);
  // With messages: newest first; then those without, newest channel first.
  EXPECT_EQ(order, (std::vector<snowflake>{30, 31, 33, 32}));
  EXPECT_EQ((*list)[0].channel.last_message_id, std::optional<snowflake>(501));
  EXPECT_EQ((*list)[2].channel.recipients, (std::vector<snowflake>{2, 1, 5}));
  ASSERT_EQ((*list)[2].users.size(), 3u);
  EXPECT_EQ((*list)[2].users[2].username, "erin");
  EXPECT_EQ((*list)[3].channel.recipients, (std::vector<snowflake>{1, 4}));

  auto none = store_->private_channels_of(99);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(private_store_test, update_private_channel_writes_name_icon_owner) {
  ASSERT_TRUE(store_->create_group_dm(group_row(40, 1, {1, 2})));
  model::channel c = group_row(40, 2, {});
  c.name = "renamed";
  c.icon = std::nullopt;
  ASSERT_TRUE(store_->update_private_channel(c));
  auto r = store_->private_channel(40);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->channel.name, std::optional<std::string>("renamed"));
  EXPECT_EQ((*r)->channel.owner_id, std::optional<snowflake>(2));
  EXPECT_EQ((*r)->channel.recipients, (std::vector<snowflake>{1, 2}));  // untouched
  auto missing = store_->update_private_channel(group_row(41, 1, {}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), store_errc::not_found);
}

TEST_F(private_store_test, recipients_add_remove_and_owner_hand_over) {
  ASSERT_TRUE(store_->create_group_dm(group_row(50, 1, {1, 2})));
  auto added = store_->add_recipient(50, 3);
  ASSERT_TRUE(added);
  EXPECT_TRUE(*added);
  auto again = store_->add_recipient(50, 3);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto unknown = store_->add_recipient(50, 99);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), store_errc::not_found);

  // A DM never gains a third participant.
  ASSERT_TRUE(store_->open_dm(dm_row(51), 1, 2));
  auto to_dm = store_->add_recipient(51, 3);
  ASSERT_FALSE(to_dm);
  EXPECT_EQ(to_dm.error(), store_errc::not_found);

  // The owner leaves: the next participant by join order owns it.
  auto left = store_->remove_recipient(50, 1);
  ASSERT_TRUE(left);
  EXPECT_TRUE(*left);
  auto r = store_->private_channel(50);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->channel.recipients, (std::vector<snowflake>{2, 3}));
  EXPECT_EQ((*r)->channel.owner_id, std::optional<snowflake>(2));
  auto not_there = store_->remove_recipient(50, 1);
  ASSERT_TRUE(not_there);
  EXPECT_FALSE(*not_there);

  // A non-owner leaving keeps the owner; a re-added user goes to the end.
  ASSERT_TRUE(store_->remove_recipient(50, 3));
  ASSERT_TRUE(store_->add_recipient(50, 1));
  r = store_->private_channel(50);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->channel.recipients, (std::vector<snowflake>{2, 1}));
  EXPECT_EQ((*r)->channel.owner_id, std::optional<snowflake>(2));
  auto gone = store_->remove_recipient(59, 1);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error(), store_errc::not_found);
}

TEST_F(private_store_test, ack_never_moves_backwards_and_counts_later_mentions) {
  ASSERT_TRUE(store_->open_dm(dm_row(60), 1, 2));
  ASSERT_TRUE(store_->open_dm(dm_row(61), 1, 3));
  put_message(600, 60, 2, {1});
  put_message(601, 60, 2, {});
  put_message(602, 60, 2, {1, 2});
  put_message(603, 60, 1, {2});     // mentions bob only
  put_message(604, 61, 3, {1});     // another channel

  auto s = store_->ack(1, 60, 600);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->channel_id, 60u);
  EXPECT_EQ(s->last_message_id, 600u);
  EXPECT_EQ(s->mention_count, 1);   // 602 only: 600 is read, 604 is elsewhere

  s = store_->ack(1, 60, 602);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->last_message_id, 602u);
  EXPECT_EQ(s->mention_count, 0);

  s = store_->ack(1, 60, 601);      // older: stays at 602
  ASSERT_TRUE(s);
  EXPECT_EQ(s->last_message_id, 602u);

  auto bob = store_->ack(2, 60, 0);
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->mention_count, 2);  // 602 and 603

  auto unknown = store_->ack(1, 69, 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), store_errc::not_found);
}

TEST_F(private_store_test, read_states_of_lists_channels_the_user_still_belongs_to) {
  make_guild();
  ASSERT_TRUE(store_->create_group_dm(group_row(70, 1, {1, 2, 3})));
  put_message(700, 101, 1, {2});
  put_message(701, 70, 1, {2});
  put_message(702, 70, 3, {2});
  ASSERT_TRUE(store_->ack(2, 101, 1));
  ASSERT_TRUE(store_->ack(2, 70, 701));

  auto states = store_->read_states_of(2);
  ASSERT_TRUE(states) << states.error().message();
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[0].channel_id, 70u);  // by channel id
  EXPECT_EQ((*states)[0].last_message_id, 701u);
  EXPECT_EQ((*states)[0].mention_count, 1);
  EXPECT_EQ((*states)[1].channel_id, 101u);
  EXPECT_EQ((*states)[1].mention_count, 1);

  // Leaving the guild and the group DM hides their read states.
  ASSERT_TRUE(store_->remove_member(100, 2, nullptr));
  ASSERT_TRUE(store_->remove_recipient(70, 2));
  states = store_->read_states_of(2);
  ASSERT_TRUE(states);
  EXPECT_TRUE(states->empty());
}

} // namespace
} // namespace parley::store
