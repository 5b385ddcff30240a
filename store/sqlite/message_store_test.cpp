// Tests of sqlite_store against the "messages" part of message_store (store/message_store.hpp):
// create with attachments, mentions and nonce de-duplication, reads with authors, references and
// the viewer's reaction summary, history pages (before/after/around), edits, deletes and the
// index plans that keep a page independent of the channel's size.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/permission_bits.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store {
namespace {

using sqlite::temp_directory;

constexpr std::int64_t t0 = 1700000000000;
constexpr snowflake guild_id = 1000, text_id = 1001, other_id = 1002;
constexpr snowflake alice = 10, bob = 11, carol = 12;

// Message ids at t0 + ms (with a counter), so time windows can be tested.
snowflake id_at(std::int64_t ms, unsigned n = 0) { return model::snowflake_at(static_cast<std::uint64_t>(t0 + ms)) + n; }

class message_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite_store::options o;
    o.path = dir_.path() / "parley.db";
    auto opened = sqlite_store::open(o);
    ASSERT_TRUE(opened) << opened.error().message();
    store_ = std::move(*opened);
    for (auto [id, name] : {std::pair{alice, "alice"}, {bob, "bob"}, {carol, "carol"}}) {
      model::user u;
      u.id = id;
      u.username = name;
      u.global_name = std::string("The ") + name;
      u.created_ms = t0;
      ASSERT_TRUE(store_->insert_user(u, nullptr));
    }
    model::guild g;
    g.id = guild_id;
    g.name = "g";
    g.owner_id = alice;
    model::role everyone;
    everyone.id = guild_id;
    everyone.guild_id = guild_id;
    everyone.name = "@everyone";
    everyone.perms = model::permission::view_channel;
    std::vector<model::channel> channels;
    for (auto id : {text_id, other_id}) {
      model::channel c;
      c.id = id;
      c.guild_id = guild_id;
      c.name = "c" + std::to_string(id);
      channels.push_back(c);
    }
    model::member owner;
    owner.guild_id = guild_id;
    owner.user_id = alice;
    ASSERT_TRUE(store_->create_guild(g, {everyone}, channels, owner));
  }
  void TearDown() override { store_->close(); }

  static model::message msg(snowflake id, snowflake author, std::string content, snowflake channel = text_id) {
    model::message m;
    m.id = id;
    m.channel_id = channel;
    m.guild_id = guild_id;
    m.author_id = author;
    m.content = std::move(content);
    return m;
  }
  message_record create(const model::message& m, std::optional<std::int64_t> dedupe = std::nullopt) {
    auto r = store_->create_message(m, alice, dedupe);
    EXPECT_TRUE(r) << r.error().message();
    return r ? r->record : message_record{};
  }
  std::vector<snowflake> page_ids(const history_query& q, snowflake channel = text_id) {
    auto r = store_->messages(channel, q, alice);
    EXPECT_TRUE(r) << r.error().message();
    std::vector<snowflake> ids;
    if (r)
      for (const auto& rec : *r) ids.push_back(rec.message.id);
    return ids;
  }
  // A second read-write connection for rows other engineers' methods write (reactions).
  sqlite::connection raw() {
    auto c = sqlite::connection::open(dir_.path() / "parley.db", sqlite::connection::access::read_write_create);
    EXPECT_TRUE(c);
    EXPECT_TRUE(c->exec("PRAGMA busy_timeout = 5000"));
    return std::move(*c);
  }

  temp_directory dir_;
  std::unique_ptr<sqlite_store> store_;
};

TEST_F(message_store_test, create_stores_every_field_and_reads_it_back_with_users) {
  auto m = msg(id_at(1), alice, "hi <@11> <@12>");
  m.mention_users = {bob, carol};
  m.mention_roles = {77, 78};
  m.mention_everyone = true;
  m.tts = true;
  m.embeds_json = R"([{"title":"t"}])";
  m.components_json = R"([{"type":1,"components":[]}])";
  m.nonce_json = "12345";
  m.flags = model::message_flag::suppress_embeds;
  m.has = model::message_has::file | model::message_has::image;
  model::attachment a;
  a.id = 500;
  a.filename = "cat.png";
  a.content_type = "image/png";
  a.size = 1234;
  a.width = 10;
  a.height = 20;
  a.description = "a cat";
  a.duration_secs = 1.5;
  model::attachment b;
  b.id = 499;  // position, not id, orders attachments
  b.filename = "notes.txt";
  b.size = 3;
  m.attachments = {a, b};

  auto created = store_->create_message(m, alice, std::nullopt);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->record.author.username, "alice");
  ASSERT_EQ(created->record.mentions.size(), 2u);
  EXPECT_EQ(created->record.mentions[0].id, bob);
  EXPECT_EQ(created->record.mentions[1].id, carol);
  EXPECT_TRUE(created->record.mentions[0].email == std::nullopt);

  auto read = store_->message(text_id, m.id, bob);
  ASSERT_TRUE(read && *read);
  const auto& r = **read;
  EXPECT_EQ(r.message.content, m.content);
  EXPECT_EQ(r.message.guild_id, guild_id);
  EXPECT_TRUE(r.message.tts);
  EXPECT_TRUE(r.message.mention_everyone);
  EXPECT_EQ(r.message.mention_users, (std::vector<snowflake>{bob, carol}));
  EXPECT_EQ(r.message.mention_roles, (std::vector<snowflake>{77, 78}));
  EXPECT_EQ(r.message.embeds_json, m.embeds_json);
  EXPECT_EQ(r.message.components_json, m.components_json);
  EXPECT_EQ(r.message.nonce_json, "12345");
  EXPECT_EQ(r.message.flags, m.flags);
  EXPECT_EQ(r.message.has, m.has);
  ASSERT_EQ(r.message.attachments.size(), 2u);
  EXPECT_EQ(r.message.attachments[0].id, 500u);
  EXPECT_EQ(r.message.attachments[0].width, 10);
  EXPECT_EQ(r.message.attachments[0].description, "a cat");
  EXPECT_EQ(r.message.attachments[0].duration_secs, 1.5);
  EXPECT_EQ(r.message.attachments[1].filename, "notes.txt");
  EXPECT_FALSE(r.message.attachments[1].width);
  EXPECT_EQ(r.author.global_name, "The alice");
  EXPECT_EQ(r.mentions.size(), 2u);

  auto channel = store_->channel_by_id(text_id);
  ASSERT_TRUE(channel && *channel);
  EXPECT_EQ((*channel)->last_message_id, m.id);

  EXPECT_FALSE(*store_->message(other_id, m.id, bob)) << "a message answers only in its own channel";
  auto unknown_channel = store_->create_message(msg(id_at(2), alice, "x", 999), alice, std::nullopt);
  ASSERT_FALSE(unknown_channel);
  EXPECT_EQ(unknown_channel.error(), store_errc::not_found);
  auto taken = store_->create_message(msg(m.id, alice, "again"), alice, std::nullopt);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error(), store_errc::conflict);
  EXPECT_EQ((*store_->message(text_id, m.id, bob))->message.content, m.content) << "the failed write left no trace";
}

TEST_F(message_store_test, enforce_nonce_returns_the_earlier_message_inside_the_window_only) {
  auto first = msg(id_at(1000), alice, "first");
  first.nonce_json = "\"abc\"";
  create(first, t0);

  auto again = msg(id_at(2000), alice, "second");
  again.nonce_json = "\"abc\"";
  auto dup = store_->create_message(again, alice, t0);
  ASSERT_TRUE(dup);
  EXPECT_FALSE(dup->created);
  EXPECT_EQ(dup->record.message.id, first.id);
  EXPECT_EQ(dup->record.message.content, "first");
  EXPECT_FALSE(*store_->message(text_id, again.id, alice)) << "nothing written";

  auto outside = store_->create_message(again, alice, t0 + 1500);  // window starts after the first
  ASSERT_TRUE(outside);
  EXPECT_TRUE(outside->created);

  auto other_author = msg(id_at(3000), bob, "bob");
  other_author.nonce_json = "\"abc\"";
  EXPECT_TRUE(store_->create_message(other_author, alice, t0)->created);
  auto other_nonce = msg(id_at(4000), alice, "int nonce");
  other_nonce.nonce_json = "abc";  // the integer/string distinction is kept by the JSON text
  EXPECT_TRUE(store_->create_message(other_nonce, alice, t0)->created);
  auto no_enforce = msg(id_at(5000), alice, "x");
  no_enforce.nonce_json = "\"abc\"";
  EXPECT_TRUE(store_->create_message(no_enforce, alice, std::nullopt)->created);
}

TEST_F(message_store_test, history_pages_newest_first_with_before_after_and_around) {
  std::vector<snowflake> ids;
  for (int i = 0; i < 30; ++i) {
    ids.push_back(id_at(i * 10));
    create(msg(ids.back(), i % 2 ? alice : bob, "m" + std::to_string(i)));
  }
  create(msg(id_at(5), alice, "elsewhere", other_id));
  const auto newest = [&](std::size_t from_end, std::size_t n) {
    std::vector<snowflake> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(ids[ids.size() - 1 - from_end - i]);
    return out;
  };

  history_query q;
  q.limit = 5;
  EXPECT_EQ(page_ids(q), newest(0, 5));
  q.before = ids[10];
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[9], ids[8], ids[7], ids[6], ids[5]}));
  q.before = ids[2];
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[1], ids[0]}));
  q = {};
  q.limit = 3;
  q.after = ids[10];
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[13], ids[12], ids[11]})) << "the oldest after, newest first";
  q.after = ids[28];
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[29]}));
  q = {};
  q.limit = 5;
  q.around = ids[15];
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[17], ids[16], ids[15], ids[14], ids[13]}));
  q.limit = 4;
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[16], ids[15], ids[14], ids[13]}));
  q.around = ids[15] + 1;  // not a message: its neighbours
  q.limit = 2;
  EXPECT_EQ(page_ids(q), (std::vector<snowflake>{ids[16], ids[15]}));
  q = {};
  q.limit = 100;
  EXPECT_EQ(page_ids(q).size(), 30u) << "the other channel's message is not in this channel's history";
  EXPECT_EQ(page_ids(q, other_id).size(), 1u);
  q.limit = 0;
  EXPECT_TRUE(page_ids(q).empty());
  q.limit = 5;
  q.before = ~0ULL;  // past every id
  EXPECT_EQ(page_ids(q), newest(0, 5));

  auto last = store_->last_message_by(text_id, bob);
  ASSERT_TRUE(last && *last);
  EXPECT_EQ(**last, ids[28]);
  EXPECT_FALSE(*store_->last_message_by(text_id, carol));
}

TEST_F(message_store_test, reads_summarize_reactions_for_the_viewer_in_first_reaction_order) {
  const snowflake m1 = id_at(1), m2 = id_at(2);
  create(msg(m1, alice, "one"));
  create(msg(m2, alice, "two"));
  auto db = raw();
  const auto react = [&](snowflake message, std::string key, std::optional<snowflake> emoji_id, std::string name, int type,
                         snowflake user, std::int64_t at) {
    auto s = db.cached(
        "INSERT INTO reactions (message_id, emoji_key, type, user_id, emoji_id, emoji_name, animated, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)");
    ASSERT_TRUE(s);
    (*s)->bind(1, message).bind(2, std::string_view(key)).bind(3, static_cast<std::int64_t>(type)).bind(4, user);
    if (emoji_id) (*s)->bind(5, *emoji_id);
    else (*s)->bind_null(5);
    (*s)->bind(6, std::string_view(name)).bind(7, at);
    ASSERT_TRUE((*s)->run());
  };
  react(m1, "\xF0\x9F\x91\x8D", std::nullopt, "\xF0\x9F\x91\x8D", 0, bob, 300);
  react(m1, "\xF0\x9F\x91\x8D", std::nullopt, "\xF0\x9F\x91\x8D", 0, alice, 310);
  react(m1, "\xF0\x9F\x91\x8D", std::nullopt, "\xF0\x9F\x91\x8D", 1, carol, 320);
  react(m1, "555", 555, "party", 0, carol, 100);  // first reacted: listed first
  react(m2, "555", 555, "party", 1, bob, 50);

  history_query q;
  auto as_bob = store_->messages(text_id, q, bob);
  ASSERT_TRUE(as_bob);
  ASSERT_EQ(as_bob->size(), 2u);
  const auto& r2 = (*as_bob)[0].message.reactions;
  const auto& r1 = (*as_bob)[1].message.reactions;
  ASSERT_EQ(r1.size(), 2u);
  EXPECT_EQ(r1[0].emoji.id, 555u);
  EXPECT_EQ(r1[0].emoji.name, "party");
  EXPECT_EQ(r1[0].count, 1);
  EXPECT_FALSE(r1[0].me);
  EXPECT_FALSE(r1[1].emoji.id);
  EXPECT_EQ(r1[1].count, 3);
  EXPECT_EQ(r1[1].burst_count, 1);
  EXPECT_TRUE(r1[1].me);
  EXPECT_FALSE(r1[1].me_burst);
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_TRUE(r2[0].me_burst);
  EXPECT_FALSE(r2[0].me);

  auto as_carol = store_->message(text_id, m1, carol);
  ASSERT_TRUE(as_carol && *as_carol);
  EXPECT_TRUE((**as_carol).message.reactions[0].me);
  EXPECT_TRUE((**as_carol).message.reactions[1].me_burst);
  EXPECT_FALSE((**as_carol).message.reactions[1].me);
}

TEST_F(message_store_test, replies_carry_the_referenced_message_and_its_author_while_it_exists) {
  const snowflake original = id_at(1), reply = id_at(2);
  auto o = msg(original, bob, "question");
  model::attachment a;
  a.id = 42;
  a.filename = "q.txt";
  o.attachments = {a};
  create(o);
  auto r = msg(reply, alice, "answer");
  r.type = model::message_type::reply;
  r.reference = model::message_reference{0, original, text_id, guild_id};
  auto created = create(r);
  ASSERT_TRUE(created.referenced);
  EXPECT_EQ(created.referenced->content, "question");
  EXPECT_EQ(created.referenced->attachments.size(), 1u);
  EXPECT_EQ(created.referenced_author->username, "bob");

  auto read = store_->message(text_id, reply, alice);
  ASSERT_TRUE(read && *read && (*read)->referenced);
  EXPECT_EQ((*read)->message.reference->message_id, original);
  EXPECT_EQ((*read)->message.reference->channel_id, text_id);
  EXPECT_EQ((*read)->referenced_author->id, bob);

  ASSERT_TRUE(store_->delete_message(text_id, original));
  read = store_->message(text_id, reply, alice);
  ASSERT_TRUE(read && *read);
  EXPECT_FALSE((*read)->referenced) << "deleted: the reference stays, the message is gone";
  EXPECT_TRUE((*read)->message.reference);
}

TEST_F(message_store_test, update_replaces_content_mentions_and_attachments) {
  auto m = msg(id_at(1), alice, "<@11>");
  m.mention_users = {bob};
  model::attachment keep, drop, added;
  keep.id = 1;
  keep.filename = "keep";
  drop.id = 2;
  drop.filename = "drop";
  added.id = 3;
  added.filename = "added";
  m.attachments = {keep, drop};
  create(m);

  m.content = "<@12> edited";
  m.mention_users = {carol};
  m.edited_ms = t0 + 99;
  m.flags = model::message_flag::suppress_embeds;
  m.embeds_json = "[]";
  m.attachments = {added, keep};
  auto removed = store_->update_message(m);
  ASSERT_TRUE(removed) << removed.error().message();
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_EQ((*removed)[0].id, 2u);
  EXPECT_EQ((*removed)[0].filename, "drop");

  auto read = store_->message(text_id, m.id, alice);
  ASSERT_TRUE(read && *read);
  const auto& r = (*read)->message;
  EXPECT_EQ(r.content, "<@12> edited");
  EXPECT_EQ(r.edited_ms, t0 + 99);
  EXPECT_EQ(r.flags, model::message_flag::suppress_embeds);
  EXPECT_EQ(r.mention_users, (std::vector<snowflake>{carol}));
  ASSERT_EQ(r.attachments.size(), 2u);
  EXPECT_EQ(r.attachments[0].id, 3u);
  EXPECT_EQ(r.attachments[1].id, 1u);

  auto elsewhere = m;
  elsewhere.channel_id = other_id;
  auto missing = store_->update_message(elsewhere);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), store_errc::not_found);
}

TEST_F(message_store_test, deletes_return_what_was_deleted_and_cascade) {
  std::vector<snowflake> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(id_at(i));
    auto m = msg(ids.back(), i < 4 ? bob : alice, "m");
    model::attachment a;
    a.id = 900 + static_cast<snowflake>(i);
    a.filename = "f";
    m.attachments = {a};
    create(m);
  }
  auto one = store_->delete_message(text_id, ids[0]);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->message.id, ids[0]);
  ASSERT_EQ(one->message.attachments.size(), 1u);
  EXPECT_EQ(one->message.attachments[0].id, 900u);
  auto again = store_->delete_message(text_id, ids[0]);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), store_errc::not_found);
  EXPECT_EQ(store_->delete_message(other_id, ids[1]).error(), store_errc::not_found);

  auto bulk = store_->delete_messages(text_id, {ids[5], ids[1], ids[0], 12345});
  ASSERT_TRUE(bulk);
  ASSERT_EQ(bulk->size(), 2u);
  EXPECT_EQ((*bulk)[0].message.id, ids[5]);
  EXPECT_EQ((*bulk)[1].message.id, ids[1]);

  auto purge = store_->delete_messages_of_user(guild_id, bob, ids[3]);
  ASSERT_TRUE(purge);
  ASSERT_EQ(purge->size(), 1u) << "only bob's messages at or after since_id";
  EXPECT_EQ((*purge)[0].message.id, ids[3]);
  EXPECT_EQ((*purge)[0].message.attachments.size(), 1u);

  history_query q;
  auto left = page_ids(q);
  EXPECT_EQ(left, (std::vector<snowflake>{ids[4], ids[2]}));
  auto db = raw();
  auto count = db.query_int("SELECT COUNT(*) FROM attachments");
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 2) << "attachment rows cascade with their message";
}

TEST_F(message_store_test, history_queries_are_index_range_scans) {
  auto db = raw();
  const std::string cols = "SELECT m.id, m.content FROM messages m ";
  for (const std::string where : {"WHERE m.channel_id = 1 ORDER BY m.id DESC LIMIT 50",
                                  "WHERE m.channel_id = 1 AND m.id < 5 ORDER BY m.id DESC LIMIT 50",
                                  "WHERE m.channel_id = 1 AND m.id > 5 ORDER BY m.id LIMIT 50",
                                  "WHERE m.channel_id = 1 AND m.id >= 5 ORDER BY m.id LIMIT 25"}) {
    auto s = db.cached("EXPLAIN QUERY PLAN " + cols + where);
    ASSERT_TRUE(s);
    std::string plan;
    for (;;) {
      auto row = (*s)->step();
      ASSERT_TRUE(row);
      if (!*row) break;
      plan += std::string((*s)->column_text(3)) + "; ";
    }
    EXPECT_NE(plan.find("messages_by_channel"), std::string::npos) << where << ": " << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << where << ": " << plan;
  }
}

} // namespace
} // namespace parley::store
