// The terminal client's config file: path resolution, parsing, and the 0600 atomic save.
#include "apps/parley/client_config.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace parley::apps {
namespace {

std::function<const char*(const char*)> env_of(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(ClientConfig, PathFollowsXdgThenHome) {
  EXPECT_EQ(*config_path(env_of({{"XDG_CONFIG_HOME", "/x/cfg"}, {"HOME", "/home/u"}})), "/x/cfg/parley/config.json");
  EXPECT_EQ(*config_path(env_of({{"HOME", "/home/u"}})), "/home/u/.config/parley/config.json");
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
  EXPECT_EQ(*config_path(env_of({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/home/u"}})),
            "/home/u/.config/parley/config.json");
  EXPECT_FALSE(config_path(env_of({})));
  EXPECT_FALSE(config_path(env_of({{"HOME", ""}})));
}

TEST(ClientConfig, RoundTrip) {
  client_config c;
  c.server = "http://127.0.0.1:8080";
  c.token = "Bot abc.def";
  c.user_id = "42";
  c.username = "alice \"quoted\"";
  c.status = "dnd";
  auto back = parse_client_config(serialize_client_config(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->server, c.server);
  EXPECT_EQ(back->token, c.token);
  EXPECT_EQ(back->user_id, c.user_id);
  EXPECT_EQ(back->username, c.username);
  EXPECT_EQ(back->status, "dnd");
}

TEST(ClientConfig, ParseRejectsDamageAndKeepsDefaults) {
  EXPECT_FALSE(parse_client_config("not json"));
  EXPECT_FALSE(parse_client_config("[]"));
  EXPECT_FALSE(parse_client_config(R"({"token": 5})"));
  auto minimal = parse_client_config(R"({"server":"http://h","token":"t","future_key":[1,2]})");
  ASSERT_TRUE(minimal);
  EXPECT_EQ(minimal->token, "t");
  EXPECT_EQ(minimal->status, "online");
}

class ClientConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parley-config-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ClientConfigFiles, SaveIsPrivateAndLoadReadsIt) {
  const auto path = dir_ / "new" / "parley" / "config.json";
  EXPECT_FALSE(*load_client_config(path));  // absent: no login, not an error
  const auto old_mask = ::umask(0);          // even with a permissive umask
  client_config c;
  c.server = "http://s";
  c.token = "secret";
  ASSERT_TRUE(save_client_config(path, c));
  ::umask(old_mask);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(path.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto loaded = load_client_config(path);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->token, "secret");

  c.token = "replaced";
  ASSERT_TRUE(save_client_config(path, c));
  EXPECT_EQ((*load_client_config(path))->token, "replaced");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));

  ASSERT_TRUE(remove_client_config(path));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(remove_client_config(path));  // already gone is fine
}

TEST_F(ClientConfigFiles, DamagedFileIsAnError) {
  const auto path = dir_ / "config.json";
  std::ofstream(path) << "{broken";
  EXPECT_FALSE(load_client_config(path));
}

} // namespace
} // namespace parley::apps
