// Tests for Identify validation, field by field (gateway.md §3.3, §5, §6).
#include "proto/gateway/identify.hpp"

#include "proto/gateway/close_code.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

result<identify> parse(std::string_view d_json, int version = 10) {
  return parse_identify(boost::json::parse(d_json), version);
}

error_code error_of(std::string_view d_json, int version = 10) {
  auto r = parse(d_json, version);
  return r ? error_code{} : r.error();
}

constexpr std::string_view minimal = R"({"token":"abc","properties":{},"intents":513})";

TEST(identify, discord_js_payload) {
  auto r = parse(R"({"token":"tok","properties":{"browser":"@discordjs/ws 1.2.3","device":"@discordjs/ws 1.2.3","os":"linux"},
    "intents":3276541,"compress":false,"shard":[0,1],"large_threshold":50,
    "presence":{"activities":[],"afk":false,"since":null,"status":"online"}})");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->token, "tok");
  EXPECT_EQ(r->properties.os, "linux");
  EXPECT_EQ(r->properties.browser, "@discordjs/ws 1.2.3");
  EXPECT_EQ(r->properties.device, "@discordjs/ws 1.2.3");
  EXPECT_EQ(r->intents, 3276541u);
  EXPECT_FALSE(r->compress);
  ASSERT_TRUE(r->shard);
  EXPECT_EQ(*r->shard, (shard_info{0, 1}));
  EXPECT_EQ(r->large_threshold, 50);
  ASSERT_TRUE(r->presence);
  EXPECT_EQ(r->presence->status, status::online);
  EXPECT_TRUE(r->presence->activities.empty());
}

TEST(identify, discord_py_payload) {
  auto r = parse(R"({"token":"tok","properties":{"os":"linux","browser":"discord.py","device":"discord.py"},
    "compress":true,"large_threshold":250,"intents":3243773})");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->compress);
  EXPECT_EQ(r->large_threshold, 250);
  EXPECT_FALSE(r->shard);
  EXPECT_FALSE(r->presence);
}

TEST(identify, token) {
  auto bot = parse(R"({"token":"Bot abc.def","properties":{},"intents":0})");
  ASSERT_TRUE(bot);
  EXPECT_EQ(bot->token, "abc.def");
  auto only_once = parse(R"({"token":"Bot Bot x","properties":{},"intents":0})");
  ASSERT_TRUE(only_once);
  EXPECT_EQ(only_once->token, "Bot x");
  auto lower = parse(R"({"token":"bot x","properties":{},"intents":0})");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->token, "bot x");
  EXPECT_EQ(error_of(R"({"properties":{},"intents":0})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":null,"properties":{},"intents":0})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":123,"properties":{},"intents":0})"), close_code::unknown_opcode);
}

TEST(identify, d_must_be_an_object) {
  EXPECT_EQ(error_of("null"), close_code::unknown_opcode);
  EXPECT_EQ(error_of("[]"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"("token")"), close_code::unknown_opcode);
}

TEST(identify, properties) {
  auto legacy = parse(R"({"token":"t","properties":{"$os":"win","$browser":"b","$device":"d"},"intents":0})");
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->properties.os, "win");
  EXPECT_EQ(legacy->properties.browser, "b");
  EXPECT_EQ(legacy->properties.device, "d");
  auto both = parse(R"({"token":"t","properties":{"$os":"old","os":"new"},"intents":0})");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->properties.os, "new");
  EXPECT_EQ(both->properties.browser, "");
  EXPECT_EQ(error_of(R"({"token":"t","intents":0})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":"t","properties":[],"intents":0})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{"os":1},"intents":0})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{"$device":false},"intents":0})"), close_code::unknown_opcode);
}

TEST(identify, intents) {
  EXPECT_EQ(error_of(R"({"token":"t","properties":{}})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":null})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":"513"})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":-1})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":1.5})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":131072})"), close_code::invalid_intents); // bit 17
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":4194304})"), close_code::invalid_intents); // bit 22
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":67108864})"), close_code::invalid_intents); // bit 26
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":18446744073709551615})"), close_code::invalid_intents);
  auto all = parse(R"({"token":"t","properties":{},"intents":53608447})"); // every assigned bit
  ASSERT_TRUE(all);
  EXPECT_EQ(all->intents, 53608447u);
  // Before v8 intents were optional.
  auto v7 = parse(R"({"token":"t","properties":{}})", 7);
  ASSERT_TRUE(v7);
  EXPECT_EQ(v7->intents, 0u);
}

TEST(identify, large_threshold_is_clamped) {
  auto at = [](std::string_view value) {
    auto r = parse(std::string(R"({"token":"t","properties":{},"intents":0,"large_threshold":)") + std::string(value) + "}");
    return r ? r->large_threshold : -1;
  };
  EXPECT_EQ(at("0"), 50);
  EXPECT_EQ(at("-5"), 50);
  EXPECT_EQ(at("50"), 50);
  EXPECT_EQ(at("100"), 100);
  EXPECT_EQ(at("250"), 250);
  EXPECT_EQ(at("251"), 250);
  EXPECT_EQ(at("9999999999999"), 250);
  EXPECT_EQ(at("null"), 50);
  EXPECT_EQ(at("\"100\""), -1);
  EXPECT_EQ(at("100.5"), -1);
}

TEST(identify, compress_must_be_boolean) {
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":0,"compress":1})"), close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":0,"compress":"true"})"), close_code::unknown_opcode);
}

TEST(identify, shard) {
  auto shard_error = [](std::string_view value) {
    return error_of(std::string(R"({"token":"t","properties":{},"intents":0,"shard":)") + std::string(value) + "}");
  };
  EXPECT_EQ(shard_error("[0,1]"), error_code{});
  EXPECT_EQ(shard_error("[3,4]"), error_code{});
  EXPECT_EQ(shard_error("null"), error_code{});
  for (const char* bad : {"[1,1]", "[4,4]", "[5,4]", "[-1,4]", "[0,0]", "[0,-1]", "[0]", "[0,1,2]", "[]",
                          "\"0,1\"", "{}", "[\"0\",\"1\"]", "[0.0,1]", "[0,4294967296]", "7"}) {
    EXPECT_EQ(shard_error(bad), close_code::invalid_shard) << bad;
  }
  auto big = parse(R"({"token":"t","properties":{},"intents":0,"shard":[4294967294,4294967295]})");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->shard->id, 4294967294u);
}

TEST(identify, intents_checked_before_shard) {
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":131072,"shard":[2,1]})"), close_code::invalid_intents);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"shard":[2,1]})"), close_code::invalid_intents);
}

TEST(identify, presence_errors_are_4001) {
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":0,"presence":{"status":"away"}})"),
            close_code::unknown_opcode);
  EXPECT_EQ(error_of(R"({"token":"t","properties":{},"intents":0,"presence":[]})"), close_code::unknown_opcode);
}

TEST(identify, discord_py_legacy_presence) {
  auto r = parse(R"({"token":"t","properties":{},"intents":0,
    "presence":{"status":null,"game":{"name":"chess","type":0},"since":0.0,"afk":false}})");
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->presence);
  EXPECT_EQ(r->presence->status, status::online);
  ASSERT_EQ(r->presence->activities.size(), 1u);
  EXPECT_EQ(r->presence->activities[0].name, "chess");
  EXPECT_EQ(r->presence->since, 0);
}

TEST(identify, minimal_is_valid) { EXPECT_TRUE(parse(minimal)); }

} // namespace
} // namespace parley::proto::gateway
