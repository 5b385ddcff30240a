// Which server and token a command uses: flags, then the environment, then the saved login; the
// gateway options built from it.
#include "apps/parley/server_login.hpp"

#include <map>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace parley::apps {
namespace {

struct fake_env {
  std::map<std::string, std::string> vars;
  std::function<const char*(const char*)> get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

client_config saved_login() {
  client_config c;
  c.server = "http://saved";
  c.token = "saved-token";
  c.status = "idle";
  return c;
}

TEST(ServerLogin, FlagsBeatEnvironmentBeatsConfig) {
  std::string problem;
  client_command command;
  fake_env env;
  auto from_config = resolve_login(command, saved_login(), env.get(), problem);
  ASSERT_TRUE(from_config);
  EXPECT_EQ(from_config->server, "http://saved");
  EXPECT_EQ(from_config->authorization, "saved-token");
  EXPECT_EQ(from_config->status, "idle");
  EXPECT_TRUE(from_config->from_config);

  env.vars = {{"PARLEY_TOKEN", "Bot env-token"}};
  auto from_env = resolve_login(command, saved_login(), env.get(), problem);
  EXPECT_EQ(from_env->server, "http://saved");  // the environment gave only the token
  EXPECT_EQ(from_env->authorization, "Bot env-token");
  EXPECT_TRUE(from_env->bot);
  EXPECT_FALSE(from_env->from_config);

  command.token = "flag-token";
  command.server = "http://flag";
  env.vars["PARLEY_SERVER"] = "http://env";
  auto from_flags = resolve_login(command, saved_login(), env.get(), problem);
  EXPECT_EQ(from_flags->server, "http://flag");
  EXPECT_EQ(from_flags->authorization, "flag-token");
  EXPECT_FALSE(from_flags->bot);
}

TEST(ServerLogin, NothingKnownIsAUsageProblem) {
  std::string problem;
  fake_env env;
  EXPECT_FALSE(resolve_login(client_command{}, std::nullopt, env.get(), problem));
  EXPECT_NE(problem.find("parley login"), std::string::npos);
  client_command only_server;
  only_server.server = "http://s";
  EXPECT_FALSE(resolve_login(only_server, std::nullopt, env.get(), problem));
}

TEST(ServerLogin, GatewayOptions) {
  server_login bot;
  bot.authorization = "Bot abc";
  bot.bot = true;
  bot.status = "dnd";
  const auto options = make_gateway_options("ws://h/gateway", bot);
  EXPECT_EQ(options.token, "abc");  // Identify takes the token without "Bot "
  EXPECT_EQ(options.intents & ((1u << 1) | (1u << 8) | (1u << 15)), 0u);  // no privileged intents for bots
  ASSERT_TRUE(options.presence);
  EXPECT_EQ(options.presence->at("status"), "dnd");
  server_login user;
  user.authorization = "user-token";
  const auto user_options = make_gateway_options("ws://h/gateway", user);
  EXPECT_EQ(user_options.token, "user-token");
  EXPECT_EQ(user_options.intents, client_intents(false));
  EXPECT_NE(user_options.intents & (1u << 8), 0u);  // presences for the member list
}

} // namespace
} // namespace parley::apps
