#include "model/guild_request.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::model {
namespace {

namespace json = boost::json;
namespace p = permission;

json::value parse(std::string_view text) { return json::parse(text); }

// The error codes recorded under a dotted path of the errors tree.
std::vector<std::string> codes_at(const api_error& e, std::string_view dotted) {
  const json::object* node = &e.errors();
  std::string_view rest = dotted;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    const auto* child = node->if_contains(rest.substr(0, dot));
    if (!child || !child->is_object()) return {};
    node = &child->get_object();
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  }
  std::vector<std::string> out;
  if (const auto* list = node->if_contains("_errors"))
    for (const auto& item : list->as_array()) out.emplace_back(item.at("code").as_string());
  return out;
}

TEST(parse_permissions, accepts_strings_and_integers) {
  auto e = api_error::invalid_form_body();
  EXPECT_EQ(parse_permissions(parse(R"("6755399441058816")"), "permissions", e),
            p::view_channel | p::send_messages | p::pin_messages | p::bypass_slowmode);
  EXPECT_EQ(parse_permissions(parse("2048"), "permissions", e), p::send_messages);
  EXPECT_EQ(parse_permissions(parse(R"("0")"), "permissions", e), 0u);
  EXPECT_EQ(parse_permissions(parse(std::to_string(p::all)), "permissions", e), p::all);
  EXPECT_FALSE(e.has_field_errors());
}

TEST(parse_permissions, rejects_undefined_bits) {
  auto e = api_error::invalid_form_body();
  EXPECT_FALSE(parse_permissions(parse(R"("140737488355328")"), "permissions", e));  // bit 47
  EXPECT_FALSE(parse_permissions(parse(R"("9007199254740992")"), "role.permissions", e));  // bit 53
  EXPECT_EQ(codes_at(e, "permissions"), std::vector<std::string>{"PERMISSIONS_UNKNOWN_BITS"});
  EXPECT_EQ(codes_at(e, "role.permissions"), std::vector<std::string>{"PERMISSIONS_UNKNOWN_BITS"});
}

TEST(parse_permissions, rejects_non_numbers) {
  for (const char* bad : {R"("")", R"("-1")", R"("+8")", R"("8 ")", R"("0x8")", R"("18446744073709551616")",
                          "-1", "1.5", "true", "null", "[]", "{}"}) {
    auto e = api_error::invalid_form_body();
    EXPECT_FALSE(parse_permissions(parse(bad), "permissions", e)) << bad;
    EXPECT_EQ(codes_at(e, "permissions"), std::vector<std::string>{"NUMBER_TYPE_COERCE"}) << bad;
  }
}

TEST(parse_overwrites, reads_every_form_clients_send) {
  auto e = api_error::invalid_form_body();
  const auto got = parse_overwrites(parse(R"([
      {"id":"41771983423143937","type":0,"allow":"1024","deny":"2048"},
      {"id":80351110224678912,"type":1,"allow":null},
      {"id":"5","type":"role","deny":8192}])"),
                                    "permission_overwrites", e);
  ASSERT_TRUE(got) << json::serialize(e.to_json());
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0], (permission_overwrite{41771983423143937, permission_overwrite::kind::role, 1024, 2048}));
  EXPECT_EQ((*got)[1], (permission_overwrite{80351110224678912, permission_overwrite::kind::member, 0, 0}));
  EXPECT_EQ((*got)[2], (permission_overwrite{5, permission_overwrite::kind::role, 0, 8192}));
}

TEST(parse_overwrites, reports_each_bad_entry_under_its_index) {
  auto e = api_error::invalid_form_body();
  EXPECT_FALSE(parse_overwrites(parse(R"([
      {"id":"1","type":0},
      {"type":2,"allow":"140737488355328"},
      "nope",
      {"id":"1","type":1}])"),
                                "permission_overwrites", e));
  EXPECT_EQ(codes_at(e, "permission_overwrites.1.id"), std::vector<std::string>{"BASE_TYPE_REQUIRED"});
  EXPECT_EQ(codes_at(e, "permission_overwrites.1.type"), std::vector<std::string>{"BASE_TYPE_CHOICES"});
  EXPECT_EQ(codes_at(e, "permission_overwrites.1.allow"), std::vector<std::string>{"PERMISSIONS_UNKNOWN_BITS"});
  EXPECT_EQ(codes_at(e, "permission_overwrites.2"), std::vector<std::string>{"MODEL_TYPE_CONVERT"});
  EXPECT_EQ(codes_at(e, "permission_overwrites.3.id"), std::vector<std::string>{"DUPLICATE_OVERWRITE"});
  EXPECT_TRUE(codes_at(e, "permission_overwrites.0").empty());
}

TEST(parse_overwrites, limits_and_type) {
  auto e = api_error::invalid_form_body();
  EXPECT_FALSE(parse_overwrites(parse(R"({"id":"1"})"), "permission_overwrites", e));
  EXPECT_EQ(codes_at(e, "permission_overwrites"), std::vector<std::string>{"BASE_TYPE_LIST"});

  json::array many;
  for (int i = 0; i <= static_cast<int>(max_overwrites_per_channel); ++i)
    many.push_back(json::object{{"id", std::to_string(i + 1)}, {"type", 0}});
  auto e2 = api_error::invalid_form_body();
  EXPECT_FALSE(parse_overwrites(many, "permission_overwrites", e2));
  EXPECT_EQ(codes_at(e2, "permission_overwrites"), std::vector<std::string>{"BASE_TYPE_MAX_LENGTH"});
  many.pop_back();
  auto e3 = api_error::invalid_form_body();
  EXPECT_TRUE(parse_overwrites(many, "permission_overwrites", e3));
}

TEST(parse_channel_type, only_allowed_types) {
  auto e = api_error::invalid_form_body();
  EXPECT_EQ(parse_channel_type(parse("2"), "type", creatable_guild_channel_types(), e), channel_type::guild_voice);
  EXPECT_EQ(parse_channel_type(parse("16"), "type", creatable_guild_channel_types(), e), channel_type::guild_media);
  EXPECT_FALSE(e.has_field_errors());
  for (const char* bad : {"1", "3", "6", "11", "14", "17", "-1", "99999999999999999999", "2.5"}) {
    auto e2 = api_error::invalid_form_body();
    EXPECT_FALSE(parse_channel_type(parse(bad), "type", creatable_guild_channel_types(), e2)) << bad;
    EXPECT_EQ(codes_at(e2, "type"), std::vector<std::string>{"BASE_TYPE_CHOICES"}) << bad;
  }
  auto e3 = api_error::invalid_form_body();
  EXPECT_FALSE(parse_channel_type(parse(R"("0")"), "type", creatable_guild_channel_types(), e3));
  EXPECT_EQ(codes_at(e3, "type"), std::vector<std::string>{"NUMBER_TYPE_COERCE"});
  EXPECT_EQ(e3.errors().at("type").at("_errors").as_array().size(), 1u);
}

} // namespace
} // namespace parley::model
