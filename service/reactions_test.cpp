// Tests of the reaction, pin, typing and search use cases (rest.md §7.5, gateway.md §11.1, §11.5)
// against a real store: permissions (READ_MESSAGE_HISTORY, ADD_REACTIONS for new emoji,
// MANAGE_MESSAGES, PIN_MESSAGES), errors (10003, 10008, 30003, 50013), the events and their
// fields, private channels, and search visibility (a message in a channel the caller cannot read
// is never found).
#include "service/reactions.hpp"

#include <boost/json/serialize.hpp>

#include "model/application.hpp"
#include "model/emoji.hpp"
#include "model/permission_bits.hpp"
#include "model/timestamp.hpp"
#include "service/community_test_fixture.hpp"
#include "service/pins.hpp"
#include "service/search.hpp"
#include "service/typing.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

model::emoji_ref thumbs() { return model::emoji_ref{std::nullopt, "\xF0\x9F\x91\x8D", false}; }
model::emoji_ref heart() { return model::emoji_ref{std::nullopt, "\xE2\x9D\xA4", false}; }

class conversation_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    join(guild_id, carol);
    auto chans = store_->channels_of_guild(guild_id);
    ASSERT_TRUE(chans);
    for (const auto& c : *chans)
      if (c.type == model::channel_type::guild_text) text_id = c.id;
    ASSERT_NE(text_id, 0u);
    // A second text channel that carol may not see.
    model::channel secret;
    secret.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
    secret.guild_id = guild_id;
    secret.type = model::channel_type::guild_text;
    secret.name = "secret";
    secret.overwrites.push_back({carol.id, model::permission_overwrite::kind::member, 0, perm::view_channel});
    ASSERT_TRUE(store_->create_channel(secret, nullptr));
    secret_id = secret.id;
    view.attachment_base_url = "http://h:1";
    take_events();
  }

  model::snowflake post(const model::user& author, std::string content, model::snowflake channel = 0,
                        std::vector<model::snowflake> mentions = {}) {
    model::message m;
    m.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
    m.channel_id = channel ? channel : text_id;
    m.guild_id = guild_id;
    m.author_id = author.id;
    m.content = std::move(content);
    m.mention_users = std::move(mentions);
    auto r = store_->create_message(m, author.id, std::nullopt);
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    ++clock_.now;
    return m.id;
  }
  // Member overwrite on a channel (allow, deny) for u.
  void overwrite(model::snowflake channel, const model::user& u, model::permissions allow, model::permissions deny) {
    ASSERT_TRUE(store_->put_overwrite(channel, {u.id, model::permission_overwrite::kind::member, allow, deny}, nullptr));
  }
  static json_code code(const model::api_error& e) { return e.code(); }

  model::user alice, bob, carol;
  model::snowflake guild_id = 0, text_id = 0, secret_id = 0;
  message_view view;
};

// ---- reactions

TEST_F(conversation_test, add_publishes_reaction_add_with_member_and_author) {
  const auto m = post(alice, "hi");
  reactions svc(*ctx_);
  ASSERT_TRUE(svc.add(bob, text_id, m, thumbs()));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = *events[0];
  EXPECT_EQ(e.name, "MESSAGE_REACTION_ADD");
  EXPECT_EQ(e.to.scope, bus::audience::kind::channel);
  EXPECT_EQ(e.to.id, text_id);
  const auto& d = e.data.as_object();
  EXPECT_EQ(d.at("user_id").as_string(), model::to_string(bob.id));
  EXPECT_EQ(d.at("channel_id").as_string(), model::to_string(text_id));
  EXPECT_EQ(d.at("message_id").as_string(), model::to_string(m));
  EXPECT_EQ(d.at("guild_id").as_string(), model::to_string(guild_id));
  EXPECT_EQ(d.at("message_author_id").as_string(), model::to_string(alice.id));
  EXPECT_TRUE(d.at("emoji").at("id").is_null());
  EXPECT_EQ(d.at("emoji").at("name").as_string(), thumbs().name);
  EXPECT_EQ(d.at("burst"), false);
  EXPECT_EQ(d.at("type"), 0);
  EXPECT_EQ(d.at("member").at("user").at("id").as_string(), model::to_string(bob.id));
  // The same reaction again: fine, nothing new to tell.
  ASSERT_TRUE(svc.add(bob, text_id, m, thumbs()));
  EXPECT_TRUE(take_events().empty());
  auto read = store_->message(text_id, m, bob.id);
  ASSERT_TRUE(read && *read);
  ASSERT_EQ((*read)->message.reactions.size(), 1u);
  EXPECT_EQ((*read)->message.reactions[0].count, 1);
}

TEST_F(conversation_test, add_needs_history_and_add_reactions_for_new_emoji) {
  const auto m = post(alice, "hi");
  reactions svc(*ctx_);
  ASSERT_TRUE(svc.add(alice, text_id, m, thumbs()));
  overwrite(text_id, bob, 0, perm::add_reactions);
  // Joining an existing emoji needs no ADD_REACTIONS; a new one does.
  EXPECT_TRUE(svc.add(bob, text_id, m, thumbs()));
  auto fresh = svc.add(bob, text_id, m, heart());
  ASSERT_FALSE(fresh);
  EXPECT_EQ(fresh.error().status(), 403);
  EXPECT_EQ(code(fresh.error()), json_code::missing_permissions);
  overwrite(text_id, bob, 0, perm::read_message_history);
  auto no_history = svc.add(bob, text_id, m, thumbs());
  ASSERT_FALSE(no_history);
  EXPECT_EQ(code(no_history.error()), json_code::missing_permissions);
  // Unknown message, unknown channel, hidden channel.
  auto unknown = svc.add(alice, text_id, m + 1, thumbs());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status(), 404);
  EXPECT_EQ(code(unknown.error()), json_code::unknown_message);
  const auto hidden = post(alice, "secret", secret_id);
  auto invisible = svc.add(carol, secret_id, hidden, thumbs());
  ASSERT_FALSE(invisible);
  EXPECT_EQ(code(invisible.error()), json_code::unknown_channel);
  // A message of another channel is unknown here.
  auto elsewhere = svc.add(alice, text_id, hidden, thumbs());
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(code(elsewhere.error()), json_code::unknown_message);
}

TEST_F(conversation_test, remove_own_and_others) {
  const auto m = post(alice, "hi");
  reactions svc(*ctx_);
  ASSERT_TRUE(svc.add(bob, text_id, m, thumbs()));
  ASSERT_TRUE(svc.add(carol, text_id, m, thumbs()));
  take_events();
  // carol may not remove bob's reaction (no MANAGE_MESSAGES), but her own.
  auto denied = svc.remove(carol, text_id, m, thumbs(), bob.id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(code(denied.error()), json_code::missing_permissions);
  ASSERT_TRUE(svc.remove(carol, text_id, m, thumbs(), carol.id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "MESSAGE_REACTION_REMOVE");
  const auto& d = events[0]->data.as_object();
  EXPECT_EQ(d.at("user_id").as_string(), model::to_string(carol.id));
  EXPECT_EQ(d.at("emoji").at("name").as_string(), thumbs().name);
  EXPECT_EQ(d.at("burst"), false);
  EXPECT_EQ(d.at("guild_id").as_string(), model::to_string(guild_id));
  // Removing what is not there: no error, no event.
  ASSERT_TRUE(svc.remove(carol, text_id, m, thumbs(), carol.id));
  EXPECT_TRUE(take_events().empty());
  // The owner (all permissions) removes bob's.
  ASSERT_TRUE(svc.remove(alice, text_id, m, thumbs(), bob.id));
  EXPECT_EQ(count(take_events(), "MESSAGE_REACTION_REMOVE"), 1u);
  auto users = svc.users(alice, text_id, m, thumbs(), {});
  ASSERT_TRUE(users);
  EXPECT_TRUE(users->empty());
}

TEST_F(conversation_test, users_lists_in_id_order_with_paging) {
  const auto m = post(alice, "hi");
  reactions svc(*ctx_);
  for (const auto* u : {&carol, &alice, &bob}) ASSERT_TRUE(svc.add(*u, text_id, m, thumbs()));
  auto all = svc.users(bob, text_id, m, thumbs(), {});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, alice.id);
  EXPECT_EQ((*all)[2].id, carol.id);
  store::reaction_users_query q;
  q.after = alice.id;
  q.limit = 1;
  auto page = svc.users(bob, text_id, m, thumbs(), q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, bob.id);
  overwrite(text_id, carol, 0, perm::read_message_history);
  auto denied = svc.users(carol, text_id, m, thumbs(), {});
  ASSERT_FALSE(denied);
  EXPECT_EQ(code(denied.error()), json_code::missing_permissions);
  auto unknown = svc.users(bob, text_id, m + 1, thumbs(), {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code(unknown.error()), json_code::unknown_message);
}

TEST_F(conversation_test, remove_all_and_emoji_need_manage_messages) {
  const auto m = post(alice, "hi");
  reactions svc(*ctx_);
  ASSERT_TRUE(svc.add(bob, text_id, m, thumbs()));
  ASSERT_TRUE(svc.add(bob, text_id, m, heart()));
  take_events();
  auto denied_all = svc.remove_all(bob, text_id, m);
  ASSERT_FALSE(denied_all);
  EXPECT_EQ(code(denied_all.error()), json_code::missing_permissions);
  auto denied_emoji = svc.remove_emoji(bob, text_id, m, thumbs());
  ASSERT_FALSE(denied_emoji);
  EXPECT_EQ(code(denied_emoji.error()), json_code::missing_permissions);

  ASSERT_TRUE(svc.remove_emoji(alice, text_id, m, thumbs()));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "MESSAGE_REACTION_REMOVE_EMOJI");
  EXPECT_EQ(events[0]->data.at("emoji").at("name").as_string(), thumbs().name);
  EXPECT_EQ(events[0]->data.at("message_id").as_string(), model::to_string(m));

  ASSERT_TRUE(svc.remove_all(alice, text_id, m));
  events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "MESSAGE_REACTION_REMOVE_ALL");
  EXPECT_EQ(events[0]->data.at("channel_id").as_string(), model::to_string(text_id));
  EXPECT_EQ(events[0]->data.at("guild_id").as_string(), model::to_string(guild_id));
  // Nothing left: no event.
  ASSERT_TRUE(svc.remove_all(alice, text_id, m));
  EXPECT_TRUE(take_events().empty());
  auto unknown = svc.remove_all(alice, text_id, m + 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code(unknown.error()), json_code::unknown_message);
}

TEST_F(conversation_test, reactions_in_a_dm_go_to_recipients_without_member) {
  model::channel c;
  c.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  c.type = model::channel_type::dm;
  auto dm = store_->open_dm(c, alice.id, bob.id);
  ASSERT_TRUE(dm);
  const auto dm_id = dm->channel.channel.id;
  const auto m = post(alice, "psst", dm_id);
  reactions svc(*ctx_);
  ASSERT_TRUE(svc.add(bob, dm_id, m, thumbs()));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = *events[0];
  EXPECT_EQ(e.to.guild_id, 0u);
  EXPECT_EQ(e.to.users.size(), 2u);
  EXPECT_FALSE(e.data.as_object().contains("guild_id"));
  EXPECT_FALSE(e.data.as_object().contains("member"));
  // A third party cannot see the DM; nobody removes another's reaction in a DM.
  auto outsider = svc.add(carol, dm_id, m, thumbs());
  ASSERT_FALSE(outsider);
  EXPECT_EQ(code(outsider.error()), json_code::unknown_channel);
  auto others = svc.remove(alice, dm_id, m, thumbs(), bob.id);
  ASSERT_FALSE(others);
  EXPECT_EQ(code(others.error()), json_code::missing_permissions);
}

// ---- typing

TEST_F(conversation_test, typing_publishes_typing_start) {
  clock_.now = 1'800'000'123'456;
  typing svc(*ctx_);
  ASSERT_TRUE(svc.start(bob, text_id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  const auto& d = events[0]->data.as_object();
  EXPECT_EQ(events[0]->name, "TYPING_START");
  EXPECT_EQ(d.at("timestamp"), 1'800'000'123);  // seconds
  EXPECT_EQ(d.at("user_id").as_string(), model::to_string(bob.id));
  EXPECT_EQ(d.at("guild_id").as_string(), model::to_string(guild_id));
  EXPECT_EQ(d.at("member").at("user").at("id").as_string(), model::to_string(bob.id));
  overwrite(text_id, bob, 0, perm::send_messages);
  auto denied = svc.start(bob, text_id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(code(denied.error()), json_code::missing_permissions);
  auto hidden = svc.start(carol, secret_id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(code(hidden.error()), json_code::unknown_channel);
  EXPECT_TRUE(take_events().empty());
}

// ---- pins

TEST_F(conversation_test, pin_publishes_update_pins_update_and_system_message) {
  const auto m = post(bob, "pin me");
  pins svc(*ctx_, view);
  ASSERT_TRUE(svc.pin(alice, text_id, m));
  auto events = take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]->name, "MESSAGE_UPDATE");
  EXPECT_EQ(events[0]->data.at("pinned"), true);
  EXPECT_EQ(events[0]->data.at("id").as_string(), model::to_string(m));
  EXPECT_EQ(events[1]->name, "CHANNEL_PINS_UPDATE");
  EXPECT_EQ(events[1]->data.at("channel_id").as_string(), model::to_string(text_id));
  EXPECT_EQ(events[1]->data.at("guild_id").as_string(), model::to_string(guild_id));
  EXPECT_EQ(events[1]->data.at("last_pin_timestamp").as_string(), model::format_iso8601(clock_.now));
  EXPECT_EQ(events[2]->name, "MESSAGE_CREATE");
  EXPECT_EQ(events[2]->data.at("type"), 6);
  EXPECT_EQ(events[2]->data.at("author").at("id").as_string(), model::to_string(alice.id));
  EXPECT_EQ(events[2]->data.at("message_reference").at("message_id").as_string(), model::to_string(m));
  // Pinning again changes nothing.
  ASSERT_TRUE(svc.pin(alice, text_id, m));
  EXPECT_TRUE(take_events().empty());

  auto page = svc.list(bob, text_id, 0, 50);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->has_more);
  EXPECT_EQ(page->items[0].message.at("id").as_string(), model::to_string(m));
  EXPECT_EQ(page->items[0].pinned_ms, clock_.now);

  ++clock_.now;
  ASSERT_TRUE(svc.unpin(alice, text_id, m));
  events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "MESSAGE_UPDATE");
  EXPECT_EQ(events[0]->data.at("pinned"), false);
  EXPECT_EQ(events[1]->name, "CHANNEL_PINS_UPDATE");
  EXPECT_TRUE(events[1]->data.at("last_pin_timestamp").is_null());
  ASSERT_TRUE(svc.unpin(alice, text_id, m));
  EXPECT_TRUE(take_events().empty());
}

TEST_F(conversation_test, pin_permissions_and_errors) {
  const auto m = post(bob, "pin me");
  pins svc(*ctx_, view);
  auto denied = svc.pin(bob, text_id, m);  // @everyone has neither PIN_MESSAGES nor MANAGE_MESSAGES
  ASSERT_FALSE(denied);
  EXPECT_EQ(code(denied.error()), json_code::missing_permissions);
  overwrite(text_id, bob, perm::pin_messages, 0);
  EXPECT_TRUE(svc.pin(bob, text_id, m));
  overwrite(text_id, carol, perm::manage_messages, 0);
  EXPECT_TRUE(svc.unpin(carol, text_id, m));
  auto unknown = svc.pin(bob, text_id, m + 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code(unknown.error()), json_code::unknown_message);
  auto hidden = svc.pin(carol, secret_id, m);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(code(hidden.error()), json_code::unknown_channel);
}

TEST_F(conversation_test, pin_limit_is_30003) {
  std::vector<model::snowflake> ids;
  for (std::size_t i = 0; i <= max_pins_per_channel; ++i) ids.push_back(post(bob, "m"));
  pins svc(*ctx_, view);
  for (std::size_t i = 0; i < max_pins_per_channel; ++i) ASSERT_TRUE(svc.pin(alice, text_id, ids[i])) << i;
  auto full = svc.pin(alice, text_id, ids.back());
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().status(), 400);
  EXPECT_EQ(static_cast<int>(full.error().code()), 30003);
}

TEST_F(conversation_test, pin_list_pages_and_hides_without_history) {
  std::vector<model::snowflake> ids;
  pins svc(*ctx_, view);
  for (int i = 0; i < 3; ++i) {
    ids.push_back(post(bob, "m" + std::to_string(i)));
    ASSERT_TRUE(svc.pin(alice, text_id, ids.back()));
    ++clock_.now;
  }
  auto first = svc.list(bob, text_id, 0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->items[0].message.at("id").as_string(), model::to_string(ids[2]));
  auto rest = svc.list(bob, text_id, first->items[1].pinned_ms, 2);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_FALSE(rest->has_more);
  EXPECT_EQ(rest->items[0].message.at("id").as_string(), model::to_string(ids[0]));
  overwrite(text_id, carol, 0, perm::read_message_history);
  auto blind = svc.list(carol, text_id, 0, 50);
  ASSERT_TRUE(blind);
  EXPECT_TRUE(blind->items.empty());
}

// ---- search

TEST_F(conversation_test, parse_search_request_reads_and_bounds_parameters) {
  auto ok = parse_search_request({{"content", "hello"},
                                  {"author_id", model::to_string(bob.id)},
                                  {"author_id", model::to_string(carol.id)},
                                  {"author_id", model::to_string(bob.id)},
                                  {"mentions", "42"},
                                  {"has", "link"},
                                  {"has", "image"},
                                  {"min_id", "5"},
                                  {"max_id", "900"},
                                  {"sort_order", "asc"},
                                  {"sort_by", "relevance"},
                                  {"offset", "25"},
                                  {"limit", "10"},
                                  {"include_nsfw", "true"}});
  ASSERT_TRUE(ok) << json::serialize(ok.error().to_json());
  EXPECT_EQ(ok->content, "hello");
  EXPECT_EQ(ok->author_ids, (std::vector<model::snowflake>{bob.id, carol.id}));
  EXPECT_EQ(ok->mentions, (std::vector<model::snowflake>{42}));
  EXPECT_EQ(ok->has_all, model::message_has::link | model::message_has::image);
  EXPECT_EQ(ok->min_id, 5u);
  EXPECT_EQ(ok->max_id, 900u);
  EXPECT_TRUE(ok->oldest_first);
  EXPECT_EQ(ok->offset, 25u);
  EXPECT_EQ(ok->limit, 10u);

  auto bad = parse_search_request({{"author_id", "x"}, {"has", "gif"}, {"offset", "9976"}, {"limit", "26"},
                                   {"sort_order", "up"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(code(bad.error()), json_code::invalid_form_body);
  for (const char* field : {"author_id", "has", "offset", "limit", "sort_order"})
    EXPECT_TRUE(bad.error().errors().contains(field)) << field;
  EXPECT_FALSE(parse_search_request({{"limit", "0"}}));
  EXPECT_TRUE(parse_search_request({{"offset", "9975"}}));
  auto defaults = parse_search_request({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->limit, 25u);
  EXPECT_FALSE(defaults->content);
}

TEST_F(conversation_test, guild_search_only_finds_readable_channels) {
  const auto visible = post(bob, "needle in general");
  const auto secret = post(alice, "needle in secret", secret_id);
  post(alice, "haystack");
  search svc(*ctx_, view);
  search_request r;
  r.content = "needle";
  auto as_alice = svc.in_guild(alice, guild_id, r);
  ASSERT_TRUE(as_alice) << json::serialize(as_alice.error().to_json());
  EXPECT_EQ(as_alice->at("total_results"), 2);
  ASSERT_EQ(as_alice->at("messages").as_array().size(), 2u);
  EXPECT_EQ(as_alice->at("messages").at(0).at(0).at("id").as_string(), model::to_string(secret));
  EXPECT_TRUE(as_alice->at("threads").as_array().empty());
  EXPECT_TRUE(as_alice->at("members").as_array().empty());

  auto as_carol = svc.in_guild(carol, guild_id, r);
  ASSERT_TRUE(as_carol);
  EXPECT_EQ(as_carol->at("total_results"), 1);
  ASSERT_EQ(as_carol->at("messages").as_array().size(), 1u);
  EXPECT_EQ(as_carol->at("messages").at(0).at(0).at("id").as_string(), model::to_string(visible));
  // Asking for the hidden channel by id finds nothing either.
  r.channel_ids = {secret_id};
  auto narrowed = svc.in_guild(carol, guild_id, r);
  ASSERT_TRUE(narrowed);
  EXPECT_EQ(narrowed->at("total_results"), 0);
  // READ_MESSAGE_HISTORY counts as much as VIEW_CHANNEL.
  r.channel_ids.clear();
  overwrite(text_id, carol, 0, perm::read_message_history);
  auto no_history = svc.in_guild(carol, guild_id, r);
  ASSERT_TRUE(no_history);
  EXPECT_EQ(no_history->at("total_results"), 0);
  // Non-members learn nothing about the guild.
  const auto stranger = make_user("stranger");
  auto outside = svc.in_guild(stranger, guild_id, r);
  ASSERT_FALSE(outside);
  EXPECT_EQ(code(outside.error()), json_code::unknown_guild);
}

TEST_F(conversation_test, channel_search_with_filters) {
  const auto m1 = post(bob, "first words", 0, {carol.id});
  const auto m2 = post(carol, "second words");
  post(bob, "other words", secret_id);
  search svc(*ctx_, view);
  search_request r;
  r.author_ids = {bob.id};
  auto by_bob = svc.in_channel(alice, text_id, r);
  ASSERT_TRUE(by_bob);
  ASSERT_EQ(by_bob->at("total_results"), 1);
  EXPECT_EQ(by_bob->at("messages").at(0).at(0).at("id").as_string(), model::to_string(m1));
  r = {};
  r.mentions = {carol.id};
  auto mentioning = svc.in_channel(alice, text_id, r);
  ASSERT_TRUE(mentioning);
  ASSERT_EQ(mentioning->at("total_results"), 1);
  r = {};
  r.content = "words";
  r.oldest_first = true;
  auto ordered = svc.in_channel(alice, text_id, r);
  ASSERT_TRUE(ordered);
  ASSERT_EQ(ordered->at("messages").as_array().size(), 2u);
  EXPECT_EQ(ordered->at("messages").at(0).at(0).at("id").as_string(), model::to_string(m1));
  EXPECT_EQ(ordered->at("messages").at(1).at(0).at("id").as_string(), model::to_string(m2));

  auto hidden = svc.in_channel(carol, secret_id, r);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(code(hidden.error()), json_code::unknown_channel);
  overwrite(text_id, carol, 0, perm::read_message_history);
  auto no_history = svc.in_channel(carol, text_id, r);
  ASSERT_FALSE(no_history);
  EXPECT_EQ(code(no_history.error()), json_code::missing_permissions);
}

TEST_F(conversation_test, bots_without_message_content_read_redacted_pins_and_search_hits) {
  model::user bot;
  bot.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  bot.username = "robot";
  bot.discriminator = "0001";
  bot.bot = true;
  model::application app;
  app.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  app.name = "robot";
  app.owner_id = alice.id;
  app.bot_user_id = bot.id;
  app.verify_key = "k";
  store::token t;
  t.hash[0] = 7;
  t.user_id = bot.id;
  ASSERT_TRUE(store_->insert_application(app, bot, t));
  join(guild_id, bot);
  const auto others = post(alice, "classified words");
  const auto own = post(bot, "my own words");
  pins pin_svc(*ctx_, view);
  ASSERT_TRUE(pin_svc.pin(alice, text_id, others));
  auto page = pin_svc.list(bot, text_id, 0, 50);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].message.at("content"), "");
  search search_svc(*ctx_, view);
  search_request r;
  r.content = "words";
  auto hits = search_svc.in_guild(bot, guild_id, r);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->at("messages").as_array().size(), 2u);
  EXPECT_EQ(hits->at("messages").at(0).at(0).at("id").as_string(), model::to_string(own));
  EXPECT_EQ(hits->at("messages").at(0).at(0).at("content"), "my own words");
  EXPECT_EQ(hits->at("messages").at(1).at(0).at("content"), "");
  // People always read content.
  auto as_bob = pin_svc.list(bob, text_id, 0, 50);
  ASSERT_TRUE(as_bob);
  EXPECT_EQ(as_bob->items[0].message.at("content"), "classified words");
}

} // namespace
} // namespace parley::service
