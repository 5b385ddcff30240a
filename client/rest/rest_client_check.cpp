// parley_rest_client_check: drives the SDK's REST client through a scenario against a real server
// (tests/integration/test_sdk_rest.py runs it against parleyd). Exits 0 when every step passed,
// else prints the failing step with the server's error and exits 1.
//
//   parley_rest_client_check --base-url URL --token BOT_TOKEN [--ca-file PEM]
//                            [--user-token TOKEN] [--quick] [--expect-tls-failure]
// --user-token: a user account that joins the bot's guild by invite (joining is a user route) and
//   receives a DM from the bot. --quick: only the TLS smoke part (me, guild, message, upload).
// --expect-tls-failure: succeed only if the first call fails in the TLS handshake.
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <set>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/json/serialize.hpp>

#include "client/rest/rest_client.hpp"

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace parley::client::rest;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

struct options {
  std::string base_url;
  std::string token;
  std::string ca_file;
  std::string user_token;
  bool quick = false;
  bool expect_tls_failure = false;
};

struct check_failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void expect(bool condition, const std::string& what) {
  if (!condition) throw check_failed(what);
}

template <class T>
T need(rest_result<T>&& r, const std::string& step) {
  if (!r) throw check_failed(step + ": " + r.error().describe());
  std::cout << "ok: " << step << "\n";
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

template <class T>
rest_error need_error(rest_result<T>&& r, const std::string& step) {
  if (r) throw check_failed(step + ": succeeded but should have failed");
  std::cout << "ok: " << step << " (" << r.error().describe() << ")\n";
  return r.error();
}

std::unique_ptr<rest_client> make_client(asio::io_context& io, const options& o, std::string authorization) {
  rest_client_options co;
  co.base_url = o.base_url;
  co.authorization = std::move(authorization);
  co.ca_file = o.ca_file;
  co.request_timeout = milliseconds{15'000};
  auto c = rest_client::create(io.get_executor(), co);
  if (!c) throw check_failed("create client: " + c.error().message());
  return std::move(*c);
}

long long ms_since(steady::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady::now() - start).count();
}

asio::awaitable<void> tls_failure(asio::io_context& io, const options& o) {
  auto client = make_client(io, o, bot_authorization(o.token));
  auto r = co_await client->get_current_user();
  expect(!r, "the server's certificate was accepted without its CA");
  expect(r.error().status == 0 && r.error().ec.category() == asio::error::get_ssl_category(),
         "expected a TLS verification error, got: " + r.error().describe());
  std::cout << "ok: untrusted certificate refused (" << r.error().describe() << ")\n";
}

asio::awaitable<void> scenario(asio::io_context& io, const options& o) {
  auto bot = make_client(io, o, bot_authorization(o.token));

  const auto me = need(co_await bot->get_current_user(), "get current user");
  expect(me.bot, "GET /users/@me: the token is not a bot's");
  const auto guild = need(co_await bot->create_guild("SDK check"), "create guild");
  expect(guild.name == "SDK check" && guild.owner_id == me.id, "created guild has the wrong name or owner");
  const auto text = need(co_await bot->create_guild_channel(guild.id, "sdk-check"), "create channel");
  expect(text.guild_id == guild.id && text.name == "sdk-check" && text.type == 0, "created channel is wrong");
  const auto first = need(co_await bot->create_message(text.id, "hello over TLS?"), "create message");
  expect(first.content == "hello over TLS?" && first.author.id == me.id, "message content or author is wrong");
  message_create upload;
  upload.content = "a file";
  upload.files.push_back({"hello.txt", "hello file", "text/plain", "greeting"});
  const auto uploaded = need(co_await bot->create_message(text.id, std::move(upload)), "upload a file");
  expect(uploaded.attachments.size() == 1 && uploaded.attachments[0].filename == "hello.txt" &&
             uploaded.attachments[0].size == 10,
         "the uploaded attachment is wrong: " + json::serialize(uploaded.raw));
  if (o.quick) co_return;

  const auto gateway = need(co_await bot->get_gateway_bot(), "get gateway/bot");
  expect(!gateway.url.empty() && gateway.shards >= 1, "gateway/bot answer is incomplete");
  const auto fetched = need(co_await bot->get_guild(guild.id), "get guild");
  expect(fetched.id == guild.id, "get guild returned another guild");
  const auto channels = need(co_await bot->get_guild_channels(guild.id), "list guild channels");
  bool listed = false;
  for (const auto& c : channels) listed = listed || c.id == text.id;
  expect(listed, "the new channel is not in the guild's channel list");
  need(co_await bot->trigger_typing(text.id), "typing");

  // History: more messages than the server's per-channel send limit (5 per 5 s), sent one after
  // the other: the client must plan the waits from the headers instead of failing.
  const int burst = 7;
  const auto waits_before = bot->statistics().limiter_waits;
  const auto burst_start = steady::now();
  std::vector<snowflake> ids{first.id, uploaded.id};
  for (int i = 0; i < burst; ++i) {
    auto m = need(co_await bot->create_message(text.id, "burst " + std::to_string(i)),
                  "send burst message " + std::to_string(i));
    ids.push_back(m.id);
  }
  std::cout << "   burst of " << burst << " took " << ms_since(burst_start) << " ms, limiter waits "
            << bot->statistics().limiter_waits - waits_before << ", 429s " << bot->statistics().rate_limited << "\n";
  expect(bot->statistics().limiter_waits > waits_before, "the send limit never made the client wait");

  message_create reply;
  reply.content = "a reply with an embed";
  reply.reply_to = first.id;
  reply.embeds.push_back(json::object{{"title", "Embed title"}, {"description", "raw JSON embed"}});
  const auto replied = need(co_await bot->create_message(text.id, std::move(reply)), "reply with an embed");
  expect(replied.referenced_message_id == first.id, "the reply does not reference the first message");
  const auto* embeds = replied.raw.if_contains("embeds");
  expect(embeds && embeds->is_array() && embeds->get_array().size() == 1 &&
             embeds->get_array()[0].at("title") == "Embed title",
         "the embed did not come back: " + json::serialize(replied.raw));
  ids.push_back(replied.id);

  // Page backwards through the whole channel, 3 at a time.
  std::vector<snowflake> paged;
  snowflake before = 0;
  for (int page = 0; page < 20; ++page) {
    auto batch = need(co_await bot->get_messages(text.id, history_query::older_than(before, 3)),
                      "history page " + std::to_string(page));
    if (batch.empty()) break;
    expect(batch.size() <= 3, "a history page exceeds its limit");
    for (const auto& m : batch) {
      expect(paged.empty() || m.id < paged.back(), "history is not newest first without gaps or repeats");
      paged.push_back(m.id);
    }
    before = batch.back().id;
  }
  std::set<snowflake> sent(ids.begin(), ids.end());
  for (const auto id : paged) sent.erase(id);
  expect(sent.empty(), "paging history missed " + std::to_string(sent.size()) + " messages");
  const auto after = need(co_await bot->get_messages(text.id, history_query::newer_than(first.id, 2)), "history after");
  expect(after.size() == 2 && after[0].id > first.id && after[1].id > first.id, "history after= is wrong");
  const auto around = need(co_await bot->get_messages(text.id, history_query::around_id(ids[3], 3)), "history around");
  bool centre = false;
  for (const auto& m : around) centre = centre || m.id == ids[3];
  expect(around.size() == 3 && centre, "history around= does not contain its centre");

  const auto edited = need(co_await bot->edit_message(text.id, first.id, "edited"), "edit message");
  expect(edited.content == "edited", "the edit did not change the content");
  need(co_await bot->add_reaction(text.id, first.id, "👍"), "add reaction");
  auto reacted = need(co_await bot->get_message(text.id, first.id), "get reacted message");
  const auto* reactions = reacted.raw.if_contains("reactions");
  expect(reactions && reactions->is_array() && reactions->get_array().size() == 1 &&
             reactions->get_array()[0].at("count") == 1,
         "the reaction is not on the message: " + json::serialize(reacted.raw));
  need(co_await bot->remove_own_reaction(text.id, first.id, "👍"), "remove reaction");
  reacted = need(co_await bot->get_message(text.id, first.id), "get unreacted message");
  reactions = reacted.raw.if_contains("reactions");
  expect(!reactions || reactions->is_null() || reactions->get_array().empty(), "the reaction is still there");
  need(co_await bot->delete_message(text.id, ids[2]), "delete message");
  const auto gone = need_error(co_await bot->get_message(text.id, ids[2]), "get deleted message");
  expect(gone.status == 404 && gone.code == 10008, "a deleted message should be 404 code 10008");
  const auto empty = need_error(co_await bot->create_message(text.id, ""), "send an empty message");
  expect(empty.status == 400 && empty.code == 50006, "an empty message should be 400 code 50006");

  const auto inv = need(co_await bot->create_invite(text.id, invite_create(3600)), "create invite");
  const auto looked_up = need(co_await bot->get_invite(inv.code), "get invite");
  expect(looked_up.guild_id == guild.id, "the invite points at another guild");
  const auto bot_join = need_error(co_await bot->join_invite(inv.code), "bots cannot accept invites");
  expect(bot_join.status == 403, "a bot accepting an invite should get 403");

  if (!o.user_token.empty()) {
    auto person = make_client(io, o, o.user_token);
    const auto person_me = need(co_await person->get_current_user(), "user: get current user");
    const auto joined = need(co_await person->join_invite(inv.code), "user: join by invite");
    expect(joined.guild_id == guild.id, "the user joined another guild");
    const auto members = need(co_await bot->list_guild_members(guild.id, 100), "list guild members");
    bool found = false;
    for (const auto& m : members) found = found || m.member_user.id == person_me.id;
    expect(found && members.size() >= 2, "the joined user is not in the member list");
    need(co_await bot->get_guild_member(guild.id, person_me.id), "get guild member");
    const auto dm = need(co_await bot->create_dm(person_me.id), "create DM");
    expect(dm.type == 1, "the DM channel has the wrong type");
    need(co_await bot->create_message(dm.id, "hello in private"), "send a DM");
  }

  // Provoke a real 429: a second client with the same token (another process of the same bot)
  // does not know that the first one used up a channel's send bucket. It must wait the 429's
  // retry_after and then succeed, not fail.
  const auto fresh = need(co_await bot->create_guild_channel(guild.id, "sdk-hammer"), "create hammer channel");
  for (int i = 0; i < 5; ++i)
    need(co_await bot->create_message(fresh.id, "fill " + std::to_string(i)),
         "fill the send bucket " + std::to_string(i));
  auto other = make_client(io, o, bot_authorization(o.token));
  const auto hammer_start = steady::now();
  const auto late = need(co_await other->create_message(fresh.id, "after the wait"),
                         "send into an exhausted bucket");
  const auto waited = ms_since(hammer_start);
  std::cout << "   the second client got " << other->statistics().rate_limited << " 429(s) and waited " << waited
            << " ms\n";
  expect(other->statistics().rate_limited >= 1, "the server never answered 429: the bucket was not exhausted");
  expect(waited >= 500, "the client did not wait for retry_after");
  expect(late.content == "after the wait", "the late message is wrong");

  need(co_await bot->delete_channel(fresh.id), "delete channel");
  need(co_await bot->delete_guild(guild.id), "delete guild");
  need_error(co_await bot->get_guild(guild.id), "deleted guild is gone");
  std::cout << "requests sent: " << bot->statistics().requests_sent << ", connections opened: "
            << bot->pool().connections_opened() << "\n";
  expect(bot->pool().connections_opened() < bot->statistics().requests_sent / 4,
         "keep-alive: almost every request opened a connection");
}

int usage() {
  std::cerr << "usage: parley_rest_client_check --base-url URL --token BOT_TOKEN [--ca-file PEM] "
               "[--user-token TOKEN] [--quick] [--expect-tls-failure]\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "--base-url") ok = value(o.base_url);
    else if (arg == "--token") ok = value(o.token);
    else if (arg == "--ca-file") ok = value(o.ca_file);
    else if (arg == "--user-token") ok = value(o.user_token);
    else if (arg == "--quick") o.quick = true;
    else if (arg == "--expect-tls-failure") o.expect_tls_failure = true;
    else ok = false;
    if (!ok) return usage();
  }
  if (o.base_url.empty() || o.token.empty()) return usage();

  asio::io_context io;
  std::exception_ptr failure;
  bool finished = false;
  asio::co_spawn(io, o.expect_tls_failure ? tls_failure(io, o) : scenario(io, o), [&](std::exception_ptr e) {
    failure = e;
    finished = true;
  });
  io.run();
  try {
    if (failure) std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    std::cerr << "FAIL: " << e.what() << "\n";
    return 1;
  }
  if (!finished) {
    std::cerr << "FAIL: the scenario did not finish\n";
    return 1;
  }
  std::cout << "PASS\n";
  return 0;
}
