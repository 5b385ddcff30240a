// The client subcommands' command line: what each parse sets, and what is refused.
#include "apps/parley/command_line.hpp"

#include <gtest/gtest.h>

namespace parley::apps {
namespace {

// Parses like main() (argv[0] first); nullopt when CLI11 refuses the line.
std::optional<client_command> parse(std::vector<std::string> args) {
  CLI::App app;
  app.require_subcommand(0, 1);
  client_command out;
  add_client_commands(app, out);
  std::vector<const char*> argv{"parley"};
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
  } catch (const CLI::ParseError&) {
    return std::nullopt;
  }
  return out;
}

TEST(CommandLine, NoSubcommandMeansChat) {
  auto c = parse({});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, client_action::none);
  EXPECT_EQ(parse({"chat"})->action, client_action::chat);
}

TEST(CommandLine, Login) {
  auto c = parse({"login", "--server", "http://h:1", "--username", "alice", "--password-stdin"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, client_action::login);
  EXPECT_EQ(c->server, "http://h:1");
  EXPECT_EQ(c->username, "alice");
  EXPECT_TRUE(c->password_stdin);
  EXPECT_FALSE(parse({"login", "--username", "alice"}));  // --server is required
  EXPECT_FALSE(parse({"login", "--server", "http://h"}));
}

TEST(CommandLine, SendJoinsWordsAndTakesConnectionOptions) {
  auto c = parse({"send", "123", "hello", "there", "--json", "--token", "Bot x", "--server", "http://s"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, client_action::send);
  EXPECT_EQ(c->channel_id, 123u);
  EXPECT_EQ(joined_text(c->words), "hello there");
  EXPECT_TRUE(c->json);
  EXPECT_EQ(c->token, "Bot x");
  EXPECT_EQ(c->server, "http://s");
  auto from_stdin = parse({"send", "123"});
  ASSERT_TRUE(from_stdin);
  EXPECT_TRUE(from_stdin->words.empty());
  EXPECT_FALSE(parse({"send"}));
  EXPECT_FALSE(parse({"send", "general"}));  // ids are numbers
}

TEST(CommandLine, HistoryLimitsAndBefore) {
  auto c = parse({"history", "9", "--limit", "100", "--before", "77"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, client_action::history);
  EXPECT_EQ((std::pair{c->limit, c->before}), (std::pair{100, std::uint64_t{77}}));
  EXPECT_EQ(parse({"history", "9"})->limit, 50);
  EXPECT_FALSE(parse({"history", "9", "--limit", "0"}));
  EXPECT_FALSE(parse({"history", "9", "--limit", "101"}));
}

TEST(CommandLine, OtherCommands) {
  EXPECT_EQ(parse({"guilds", "--json"})->action, client_action::guilds);
  EXPECT_EQ(parse({"channels", "5"})->guild_id, 5u);
  EXPECT_EQ(parse({"tail", "6"})->channel_id, 6u);
  auto dm = parse({"dm", "7", "hi"});
  EXPECT_EQ((std::pair{dm->action, dm->user_id}), (std::pair{client_action::dm, std::uint64_t{7}}));
  EXPECT_EQ(parse({"logout"})->action, client_action::logout);
  EXPECT_FALSE(parse({"logout", "--json"}));  // nothing to print as JSON
  auto status = parse({"status", "dnd", "--stay"});
  EXPECT_EQ((std::pair{status->status, status->stay}), (std::pair{std::string("dnd"), true}));
  EXPECT_FALSE(parse({"status", "busy"}));
  EXPECT_FALSE(parse({"status"}));
  EXPECT_FALSE(parse({"frobnicate"}));
}

TEST(CommandLine, EachSubcommandKeepsItsOwnOptions) {
  // Every subcommand binds --token to the same field: one that was not given must not reset it.
  auto c = parse({"guilds", "--token", "abc"});
  EXPECT_EQ(c->token, "abc");
  EXPECT_TRUE(parse({"tail", "1"})->token.empty());
}

} // namespace
} // namespace parley::apps
