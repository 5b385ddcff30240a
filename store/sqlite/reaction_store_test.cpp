// Tests of sqlite_store against the reaction, pin and search parts of message_store
// (store/message_store.hpp): add/remove with their "changed" and "emoji was new" answers, user
// lists by type and page, bulk removals, the reaction summary in reads, pins with the channel's
// last_pin_ms and the pin limit, and search with every filter, safe quoting of user text, sort,
// paging and total_results.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/permission_bits.hpp"
#include "store/sqlite/search_queries.hpp"
#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store {
namespace {

using sqlite::temp_directory;

constexpr std::int64_t t0 = 1700000000000;
constexpr snowflake guild_id = 2000, text_id = 2001, other_id = 2002;
constexpr snowflake alice = 20, bob = 21, carol = 22;

snowflake id_at(std::int64_t ms) { return model::snowflake_at(static_cast<std::uint64_t>(t0 + ms)); }

model::emoji_ref thumbs() { return model::emoji_ref{std::nullopt, "\xF0\x9F\x91\x8D", false}; }
model::emoji_ref blob(std::string name = "blob") { return model::emoji_ref{snowflake{777}, std::move(name), false}; }

class reaction_store_test : public ::testing::Test {
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

  snowflake post(std::int64_t ms, snowflake author, std::string content, snowflake channel = text_id,
                 std::vector<snowflake> mentions = {}, int has = 0) {
    model::message m;
    m.id = id_at(ms);
    m.channel_id = channel;
    m.guild_id = guild_id;
    m.author_id = author;
    m.content = std::move(content);
    m.mention_users = std::move(mentions);
    m.has = has;
    auto r = store_->create_message(m, alice, std::nullopt);
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    return m.id;
  }
  std::optional<std::int64_t> last_pin_ms(snowflake channel) {
    auto c = store_->channel_by_id(channel);
    EXPECT_TRUE(c && *c);
    return (c && *c) ? (*c)->last_pin_ms : std::nullopt;
  }
  std::vector<snowflake> search_ids(search_query q) {
    auto r = store_->search_messages(q, alice);
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    std::vector<snowflake> ids;
    if (r)
      for (const auto& rec : r->messages) ids.push_back(rec.message.id);
    return ids;
  }
  search_query everywhere() {
    search_query q;
    q.channel_ids = {text_id, other_id};
    return q;
  }

  temp_directory dir_;
  std::unique_ptr<sqlite_store> store_;
};

// ---- reactions

TEST_F(reaction_store_test, add_reports_new_emoji_and_duplicates) {
  const auto m = post(1, alice, "hi");
  auto first = store_->add_reaction(text_id, m, bob, thumbs(), 0, t0 + 10);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->changed);
  EXPECT_TRUE(first->emoji_was_new);
  auto again = store_->add_reaction(text_id, m, bob, thumbs(), 0, t0 + 11);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed);
  EXPECT_FALSE(again->emoji_was_new);
  auto second_user = store_->add_reaction(text_id, m, carol, thumbs(), 0, t0 + 12);
  ASSERT_TRUE(second_user);
  EXPECT_TRUE(second_user->changed);
  EXPECT_FALSE(second_user->emoji_was_new);
  // A burst reaction of the same user is a different reaction.
  auto burst = store_->add_reaction(text_id, m, bob, thumbs(), 1, t0 + 13);
  ASSERT_TRUE(burst);
  EXPECT_TRUE(burst->changed);
}

TEST_F(reaction_store_test, message_must_be_in_the_channel) {
  const auto m = post(1, alice, "hi");
  EXPECT_EQ(store_->add_reaction(other_id, m, bob, thumbs(), 0, t0).error(), store_errc::not_found);
  EXPECT_EQ(store_->add_reaction(text_id, m + 1, bob, thumbs(), 0, t0).error(), store_errc::not_found);
  EXPECT_EQ(store_->remove_reaction(other_id, m, bob, thumbs().key(), 0).error(), store_errc::not_found);
  EXPECT_EQ(store_->reaction_users(other_id, m, thumbs().key(), {}).error(), store_errc::not_found);
  EXPECT_EQ(store_->remove_all_reactions(other_id, m).error(), store_errc::not_found);
  EXPECT_EQ(store_->remove_emoji_reactions(other_id, m, thumbs().key()).error(), store_errc::not_found);
}

TEST_F(reaction_store_test, summary_in_reads_counts_types_and_viewer) {
  const auto m = post(1, alice, "hi");
  ASSERT_TRUE(store_->add_reaction(text_id, m, bob, blob(), 0, t0 + 10));
  ASSERT_TRUE(store_->add_reaction(text_id, m, alice, thumbs(), 0, t0 + 20));
  ASSERT_TRUE(store_->add_reaction(text_id, m, carol, thumbs(), 1, t0 + 21));
  // Another name for the same custom emoji id counts with it and keeps the first name.
  ASSERT_TRUE(store_->add_reaction(text_id, m, carol, blob("renamed"), 0, t0 + 22));
  auto as_alice = store_->message(text_id, m, alice);
  ASSERT_TRUE(as_alice && *as_alice);
  const auto& reactions = (*as_alice)->message.reactions;
  ASSERT_EQ(reactions.size(), 2u);
  EXPECT_EQ(reactions[0].emoji.key(), "777");  // first added comes first
  EXPECT_EQ(reactions[0].emoji.name, "blob");
  EXPECT_EQ(reactions[0].count, 2);
  EXPECT_FALSE(reactions[0].me);
  EXPECT_EQ(reactions[1].emoji.name, thumbs().name);
  EXPECT_EQ(reactions[1].count, 2);
  EXPECT_EQ(reactions[1].burst_count, 1);
  EXPECT_TRUE(reactions[1].me);
  EXPECT_FALSE(reactions[1].me_burst);
  auto as_carol = store_->message(text_id, m, carol);
  ASSERT_TRUE(as_carol && *as_carol);
  EXPECT_TRUE((*as_carol)->message.reactions[0].me);
  EXPECT_FALSE((*as_carol)->message.reactions[1].me);
  EXPECT_TRUE((*as_carol)->message.reactions[1].me_burst);
}

TEST_F(reaction_store_test, remove_own_and_users_page) {
  const auto m = post(1, alice, "hi");
  for (auto u : {carol, alice, bob}) ASSERT_TRUE(store_->add_reaction(text_id, m, u, thumbs(), 0, t0));
  ASSERT_TRUE(store_->add_reaction(text_id, m, carol, thumbs(), 1, t0));
  auto all = store_->reaction_users(text_id, m, thumbs().key(), {});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, alice);  // ascending ids
  EXPECT_EQ((*all)[1].username, "bob");
  EXPECT_EQ((*all)[2].id, carol);

  reaction_users_query page;
  page.after = alice;
  page.limit = 1;
  auto next = store_->reaction_users(text_id, m, thumbs().key(), page);
  ASSERT_TRUE(next);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].id, bob);

  reaction_users_query bursts;
  bursts.type = 1;
  auto burst_users = store_->reaction_users(text_id, m, thumbs().key(), bursts);
  ASSERT_TRUE(burst_users);
  ASSERT_EQ(burst_users->size(), 1u);
  EXPECT_EQ((*burst_users)[0].id, carol);

  auto removed = store_->remove_reaction(text_id, m, bob, thumbs().key(), 0);
  ASSERT_TRUE(removed);
  EXPECT_TRUE(removed->changed);
  auto absent = store_->remove_reaction(text_id, m, bob, thumbs().key(), 0);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->changed);
  auto left = store_->reaction_users(text_id, m, thumbs().key(), {});
  ASSERT_TRUE(left);
  EXPECT_EQ(left->size(), 2u);
  auto none = store_->reaction_users(text_id, m, "nope", {});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(reaction_store_test, remove_emoji_and_remove_all) {
  const auto m = post(1, alice, "hi");
  const auto other = post(2, alice, "other");
  ASSERT_TRUE(store_->add_reaction(text_id, m, bob, thumbs(), 0, t0));
  ASSERT_TRUE(store_->add_reaction(text_id, m, carol, thumbs(), 1, t0));
  ASSERT_TRUE(store_->add_reaction(text_id, m, bob, blob(), 0, t0));
  ASSERT_TRUE(store_->add_reaction(text_id, other, bob, blob(), 0, t0));

  auto gone = store_->remove_emoji_reactions(text_id, m, thumbs().key());
  ASSERT_TRUE(gone);
  ASSERT_TRUE(*gone);
  EXPECT_EQ((*gone)->name, thumbs().name);
  EXPECT_FALSE((*gone)->id);
  auto again = store_->remove_emoji_reactions(text_id, m, thumbs().key());
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);

  auto cleared = store_->remove_all_reactions(text_id, m);
  ASSERT_TRUE(cleared);
  EXPECT_EQ(*cleared, 1u);  // only the blob was left
  auto read = store_->message(text_id, m, alice);
  ASSERT_TRUE(read && *read);
  EXPECT_TRUE((*read)->message.reactions.empty());
  // The other message keeps its reaction.
  auto kept = store_->message(text_id, other, alice);
  ASSERT_TRUE(kept && *kept);
  EXPECT_EQ((*kept)->message.reactions.size(), 1u);
  // Reactions go with their message.
  ASSERT_TRUE(store_->delete_message(text_id, other));
  auto after_delete = store_->add_reaction(text_id, other, bob, blob(), 0, t0);
  EXPECT_EQ(after_delete.error(), store_errc::not_found);
}

// ---- pins

TEST_F(reaction_store_test, pin_unpin_and_last_pin) {
  const auto a = post(1, alice, "a");
  const auto b = post(2, alice, "b");
  EXPECT_FALSE(last_pin_ms(text_id));
  auto pinned = store_->pin_message(text_id, a, t0 + 100, 250);
  ASSERT_TRUE(pinned);
  EXPECT_TRUE(*pinned);
  EXPECT_EQ(last_pin_ms(text_id), t0 + 100);
  auto twice = store_->pin_message(text_id, a, t0 + 150, 250);
  ASSERT_TRUE(twice);
  EXPECT_FALSE(*twice);
  EXPECT_EQ(last_pin_ms(text_id), t0 + 100);
  ASSERT_TRUE(store_->pin_message(text_id, b, t0 + 200, 250));
  EXPECT_EQ(last_pin_ms(text_id), t0 + 200);

  auto read = store_->message(text_id, a, alice);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->message.pinned_ms, t0 + 100);

  auto list = store_->pins(text_id, 0, 50, alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].message.message.id, b);  // newest pin first
  EXPECT_EQ((*list)[0].pinned_ms, t0 + 200);
  EXPECT_EQ((*list)[0].message.author.username, "alice");
  EXPECT_EQ((*list)[1].message.message.id, a);

  auto before = store_->pins(text_id, t0 + 200, 50, alice);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].message.message.id, a);
  auto limited = store_->pins(text_id, 0, 1, alice);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);

  auto unpinned = store_->unpin_message(text_id, b);
  ASSERT_TRUE(unpinned);
  EXPECT_TRUE(*unpinned);
  EXPECT_EQ(last_pin_ms(text_id), t0 + 100);  // follows the newest remaining pin
  auto not_pinned = store_->unpin_message(text_id, b);
  ASSERT_TRUE(not_pinned);
  EXPECT_FALSE(*not_pinned);
  ASSERT_TRUE(store_->unpin_message(text_id, a));
  EXPECT_FALSE(last_pin_ms(text_id));
  auto empty = store_->pins(text_id, 0, 50, alice);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST_F(reaction_store_test, pin_errors_and_limit) {
  const auto a = post(1, alice, "a");
  const auto b = post(2, alice, "b");
  const auto c = post(3, alice, "c");
  EXPECT_EQ(store_->pin_message(other_id, a, t0, 250).error(), store_errc::not_found);
  EXPECT_EQ(store_->unpin_message(other_id, a).error(), store_errc::not_found);
  ASSERT_TRUE(store_->pin_message(text_id, a, t0 + 1, 2));
  ASSERT_TRUE(store_->pin_message(text_id, b, t0 + 2, 2));
  EXPECT_EQ(store_->pin_message(text_id, c, t0 + 3, 2).error(), store_errc::conflict);
  // Re-pinning an already pinned message at the limit is not an error.
  auto again = store_->pin_message(text_id, a, t0 + 4, 2);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  // Pins of another channel do not count.
  const auto d = post(4, alice, "d", other_id);
  EXPECT_TRUE(store_->pin_message(other_id, d, t0 + 5, 2));
}

// ---- search

TEST_F(reaction_store_test, fts_query_quotes_every_term) {
  EXPECT_EQ(sqlite::fts_query("hello world"), "\"hello\" \"world\"");
  EXPECT_EQ(sqlite::fts_query("  a\t\"b\"  "), "\"a\" \"\"\"b\"\"\"");
  EXPECT_EQ(sqlite::fts_query("x OR y"), "\"x\" \"OR\" \"y\"");
  EXPECT_EQ(sqlite::fts_query("NEAR(a b) c*"), "\"NEAR(a\" \"b)\" \"c*\"");
  EXPECT_EQ(sqlite::fts_query(std::string("a\0b", 3)), "\"a\" \"b\"");
  EXPECT_FALSE(sqlite::fts_query(""));
  EXPECT_FALSE(sqlite::fts_query(" \n\t "));
  std::string many;
  for (int i = 0; i < 100; ++i) many += "t ";
  auto capped = sqlite::fts_query(many);
  ASSERT_TRUE(capped);
  EXPECT_EQ(static_cast<std::size_t>(std::count(capped->begin(), capped->end(), ' ')), sqlite::max_search_terms - 1);
}

TEST_F(reaction_store_test, search_content_is_full_text_and_safe) {
  const auto hello = post(1, alice, "Hello brave new World");
  const auto accents = post(2, bob, "héllo again");
  const auto ops = post(3, bob, "cats AND dogs OR \"birds\"");
  post(4, carol, "nothing to see");
  auto q = everywhere();
  q.content = "hello";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{accents, hello}));  // newest first, diacritics folded
  q.content = "world HELLO";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{hello}));  // every term must match
  // FTS5 syntax in user text is only text: no error, no operator.
  for (const char* text : {"AND", "OR dogs", "\"birds", "cats NOT", "NEAR(cats dogs)", "dog*", "content:cats",
                           "(((", "^cats", "cats + dogs", "\xff\xfe", "caf\xC3", "\"\"\"\""}) {
    q.content = text;
    auto r = store_->search_messages(q, alice);
    ASSERT_TRUE(r) << text << ": " << r.error().message();
  }
  q.content = "OR dogs";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{ops}));
  q.content = "dog*";  // not a prefix query
  EXPECT_TRUE(search_ids(q).empty());
  q.content = "   ";  // no term: no content filter
  EXPECT_EQ(search_ids(q).size(), 4u);
}

TEST_F(reaction_store_test, search_follows_edits_and_deletes) {
  const auto m = post(1, alice, "original words");
  auto q = everywhere();
  q.content = "original";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m}));
  auto read = store_->message(text_id, m, alice);
  ASSERT_TRUE(read && *read);
  auto edited = (*read)->message;
  edited.content = "changed words";
  edited.edited_ms = t0 + 10;
  ASSERT_TRUE(store_->update_message(edited));
  EXPECT_TRUE(search_ids(q).empty());
  q.content = "changed";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m}));
  ASSERT_TRUE(store_->delete_message(text_id, m));
  EXPECT_TRUE(search_ids(q).empty());
}

TEST_F(reaction_store_test, search_filters) {
  using namespace model::message_has;
  const auto m1 = post(1, alice, "one", text_id, {bob}, link);
  const auto m2 = post(2, bob, "two", text_id, {carol}, link | image | file);
  const auto m3 = post(3, carol, "three", other_id, {bob, carol}, file);
  const auto m4 = post(4, bob, "four", other_id);

  auto q = everywhere();
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m4, m3, m2, m1}));
  q.oldest_first = true;
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m1, m2, m3, m4}));

  q = everywhere();
  q.channel_ids = {other_id};
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m4, m3}));
  q.channel_ids.clear();
  EXPECT_TRUE(search_ids(q).empty());

  q = everywhere();
  q.author_ids = {bob};
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m4, m2}));
  q.author_ids = {alice, carol};
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m3, m1}));

  q = everywhere();
  q.mentions = {bob};
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m3, m1}));
  q.mentions = {carol};
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m3, m2}));

  q = everywhere();
  q.has_all = file;
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m3, m2}));
  q.has_all = file | link;
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m2}));

  q = everywhere();
  q.min_id = m1;
  q.max_id = m4;
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m3, m2}));  // exclusive bounds
  q.max_id = m1;
  EXPECT_TRUE(search_ids(q).empty());
  q.min_id = 0;
  q.max_id = ~snowflake{0};  // past 2^63: unbounded
  EXPECT_EQ(search_ids(q).size(), 4u);
  q.max_id = 0;
  q.min_id = ~snowflake{0};
  EXPECT_TRUE(search_ids(q).empty());

  q = everywhere();  // filters combine
  q.author_ids = {bob};
  q.has_all = file;
  q.content = "two";
  EXPECT_EQ(search_ids(q), (std::vector<snowflake>{m2}));
}

TEST_F(reaction_store_test, search_pages_and_totals) {
  std::vector<snowflake> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(post(i + 1, alice, "word " + std::to_string(i)));
  auto q = everywhere();
  q.content = "word";
  q.limit = 3;
  auto first = store_->search_messages(q, bob);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->total_results, 7u);
  ASSERT_EQ(first->messages.size(), 3u);
  EXPECT_EQ(first->messages[0].message.id, ids[6]);
  EXPECT_EQ(first->messages[0].author.username, "alice");
  q.offset = 6;
  auto last = store_->search_messages(q, bob);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->total_results, 7u);
  ASSERT_EQ(last->messages.size(), 1u);
  EXPECT_EQ(last->messages[0].message.id, ids[0]);
  q.offset = 50;
  auto past = store_->search_messages(q, bob);
  ASSERT_TRUE(past);
  EXPECT_EQ(past->total_results, 7u);
  EXPECT_TRUE(past->messages.empty());
  q.offset = 0;
  q.limit = 25;
  auto whole = store_->search_messages(q, bob);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->total_results, 7u);
  EXPECT_EQ(whole->messages.size(), 7u);
  // The viewer's reactions are filled.
  ASSERT_TRUE(store_->add_reaction(text_id, ids[6], bob, thumbs(), 0, t0));
  q.limit = 1;
  auto with_reaction = store_->search_messages(q, bob);
  ASSERT_TRUE(with_reaction);
  ASSERT_EQ(with_reaction->messages[0].message.reactions.size(), 1u);
  EXPECT_TRUE(with_reaction->messages[0].message.reactions[0].me);
}

} // namespace
} // namespace parley::store
