// Tests of the message request readers: mention syntax (mentions.hpp), embed limits (embed.hpp)
// and the create/edit bodies with their field errors (message_request.hpp, rest.md §6.6.1).
#include "model/message_request.hpp"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "model/embed.hpp"
#include "model/mentions.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

json::object body(std::string_view text) { return json::parse(text).as_object(); }

const json::value* error_at(const api_error& e, std::initializer_list<std::string_view> path) {
  const json::value* v = nullptr;
  const json::object* o = &e.errors();
  for (auto key : path) {
    v = o->if_contains(key);
    if (!v || !v->is_object()) return nullptr;
    o = &v->get_object();
  }
  return o->if_contains("_errors");
}

std::string first_code(const api_error& e, std::initializer_list<std::string_view> path) {
  const auto* errs = error_at(e, path);
  if (!errs) return "";
  return std::string(errs->as_array().at(0).at("code").as_string());
}

TEST(mentions, finds_users_roles_and_everyone_in_order_without_duplicates) {
  auto m = parse_mentions("hi <@12> and <@!34>, <@12> again, <@&56> @here <@&56> <@x> <@> <@&> <@99999999999999999999999>");
  EXPECT_EQ(m.users, (std::vector<snowflake>{12, 34}));
  EXPECT_EQ(m.roles, (std::vector<snowflake>{56}));
  EXPECT_TRUE(m.here);
  EXPECT_FALSE(m.everyone);
  EXPECT_TRUE(parse_mentions("@everyone").everyone);
  auto none = parse_mentions("<@12 <@!> <@&12");
  EXPECT_TRUE(none.users.empty());
  EXPECT_TRUE(none.roles.empty());
  EXPECT_EQ(parse_mentions("<<@1>>").users, (std::vector<snowflake>{1}));
}

TEST(embeds, limits_are_enforced_with_field_paths) {
  auto errors = api_error::invalid_form_body();
  auto ok = parse_embeds(json::parse(R"([{"title":"t","description":"d","color":255,"type":"video",
      "provider":{"name":"x"},"fields":[{"name":"n","value":"v","inline":true}],"footer":{"text":"f"},
      "image":{"url":"https://x/y.png","width":5}}])"), "embeds", errors);
  ASSERT_TRUE(ok) << json::serialize(errors.to_json());
  const auto& e = ok->at(0).as_object();
  EXPECT_EQ(e.at("type"), "rich") << "type is Discord's to set";
  EXPECT_FALSE(e.contains("provider"));
  EXPECT_FALSE(e.at("image").as_object().contains("width"));
  EXPECT_EQ(e.at("fields").at(0).at("inline"), true);

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_embeds(json::parse(R"([{"title":")" + std::string(257, 'a') + R"("}])"), "embeds", errors));
  EXPECT_EQ(first_code(errors, {"embeds", "0", "title"}), "BASE_TYPE_MAX_LENGTH");

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_embeds(json::parse(R"([{"fields":[{"name":"n"}]},{"color":16777216}])"), "embeds", errors));
  EXPECT_EQ(first_code(errors, {"embeds", "0", "fields", "0", "value"}), "BASE_TYPE_REQUIRED");
  EXPECT_TRUE(error_at(errors, {"embeds", "1", "color"}));

  errors = api_error::invalid_form_body();
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(json::object{{"title", "t"}});
  EXPECT_FALSE(parse_embeds(eleven, "embeds", errors));

  errors = api_error::invalid_form_body();  // 2 × 3001 characters: each within 4096, together over 6000
  json::array big{json::object{{"description", std::string(3001, 'x')}}, json::object{{"description", std::string(3001, 'x')}}};
  EXPECT_FALSE(parse_embeds(big, "embeds", errors));
  EXPECT_EQ(first_code(errors, {"embeds"}), "BASE_TYPE_MAX_LENGTH");
  big.pop_back();
  errors = api_error::invalid_form_body();
  EXPECT_TRUE(parse_embeds(big, "embeds", errors));
}

TEST(message_create, reads_what_discord_js_and_discord_py_send) {
  auto errors = api_error::invalid_form_body();
  auto js = parse_message_create(body(R"({"content":"hi","tts":false,"enforce_nonce":true,"nonce":"1234",
      "message_reference":{"message_id":"123456789012345678","fail_if_not_exists":false}})"), errors);
  ASSERT_TRUE(js) << json::serialize(errors.to_json());
  EXPECT_EQ(js->content, "hi");
  EXPECT_EQ(js->nonce_json, "\"1234\"");
  EXPECT_TRUE(js->enforce_nonce);
  ASSERT_TRUE(js->reference);
  EXPECT_EQ(js->reference->message_id, 123456789012345678u);
  EXPECT_FALSE(js->reference->fail_if_not_exists);
  EXPECT_TRUE(js->mentions.parse_users && js->mentions.replied_user) << "default: everything";

  auto py = parse_message_create(body(R"({"content":"x","components":[],"tts":false,"nonce":1234,
      "message_reference":{"message_id":1234567890123456789,"channel_id":5,"guild_id":6}})"), errors);
  ASSERT_TRUE(py);
  EXPECT_EQ(py->nonce_json, "1234") << "an integer nonce stays an integer";
  EXPECT_EQ(py->reference->message_id, 1234567890123456789u) << "64-bit integer ids keep their precision";
  EXPECT_TRUE(py->reference->fail_if_not_exists);
  EXPECT_FALSE(py->has_components);
}

TEST(message_create, rejects_long_content_long_nonce_and_conflicting_allowed_mentions) {
  auto errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"content":")" + std::string(2001, 'a') + R"("})"), errors));
  EXPECT_EQ(first_code(errors, {"content"}), "BASE_TYPE_MAX_LENGTH");
  errors = api_error::invalid_form_body();
  std::string two_thousand_wide;
  for (int i = 0; i < 2000; ++i) two_thousand_wide += "\xC3\xA9";  // é: 2000 characters, 4000 bytes
  EXPECT_TRUE(parse_message_create(body(R"({"content":")" + two_thousand_wide + R"("})"), errors));

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"nonce":"12345678901234567890123456"})"), errors));
  EXPECT_TRUE(error_at(errors, {"nonce"}));

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"content":"x","allowed_mentions":{"parse":["users"],"users":["1"]}})"), errors));
  EXPECT_EQ(first_code(errors, {"allowed_mentions"}), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE");

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"allowed_mentions":{"parse":["bogus"]}})"), errors));
  EXPECT_EQ(first_code(errors, {"allowed_mentions", "parse", "0"}), "BASE_TYPE_CHOICES");

  errors = api_error::invalid_form_body();
  auto am = parse_message_create(body(R"({"allowed_mentions":{"parse":["roles"],"users":["7"]},"flags":4100,"tts":true})"), errors);
  ASSERT_TRUE(am);
  EXPECT_FALSE(am->mentions.parse_users);
  EXPECT_TRUE(am->mentions.parse_roles);
  EXPECT_FALSE(am->mentions.parse_everyone);
  EXPECT_FALSE(am->mentions.replied_user);
  EXPECT_EQ(am->mentions.users, (std::vector<snowflake>{7}));
  EXPECT_EQ(am->flags, 4100 & message_flag::settable_on_create);
  EXPECT_TRUE(am->tts);

  errors = api_error::invalid_form_body();
  auto masked = parse_message_create(body(R"({"content":"x","flags":3})"), errors);
  ASSERT_TRUE(masked);
  EXPECT_EQ(masked->flags, 0) << "CROSSPOSTED and IS_CROSSPOST are not settable";

  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"message_reference":{"channel_id":"1"},"tts":"yes"})"), errors));
  EXPECT_TRUE(error_at(errors, {"message_reference", "message_id"}));
  EXPECT_TRUE(error_at(errors, {"tts"}));
}

TEST(message_create, attachments_metadata_refers_to_uploads_by_placeholder) {
  auto errors = api_error::invalid_form_body();
  auto r = parse_message_create(body(R"({"attachments":[{"id":0,"description":"alt"},{"id":"1","filename":"b.txt"}]})"), errors);
  ASSERT_TRUE(r) << json::serialize(errors.to_json());
  ASSERT_EQ(r->attachments.size(), 2u);
  EXPECT_EQ(r->attachments[0].id, 0u);
  EXPECT_EQ(r->attachments[0].description, "alt");
  EXPECT_EQ(r->attachments[1].filename, "b.txt");
  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_create(body(R"({"attachments":[{"filename":"x"}]})"), errors));
  EXPECT_TRUE(error_at(errors, {"attachments", "0", "id"}));
}

TEST(message_edit, fields_are_optional_and_null_clears) {
  auto errors = api_error::invalid_form_body();
  auto r = parse_message_edit(body(R"({"content":null,"embeds":null,"flags":4})"), errors);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content, "");
  ASSERT_TRUE(r->embeds);
  EXPECT_TRUE(r->embeds->empty());
  EXPECT_EQ(r->flags, 4);
  EXPECT_FALSE(r->attachments);
  EXPECT_FALSE(r->components_json);
  auto just_flags = parse_message_edit(body(R"({"flags":0})"), errors);
  ASSERT_TRUE(just_flags);
  EXPECT_FALSE(just_flags->content);
  errors = api_error::invalid_form_body();
  EXPECT_FALSE(parse_message_edit(body(R"({"content":")" + std::string(2001, 'a') + R"("})"), errors));
}

TEST(message_has, derives_search_bits) {
  message m;
  m.content = "see https://example.com";
  attachment a;
  a.content_type = "image/png";
  m.attachments = {a};
  m.embeds_json = R"([{"type":"rich"}])";
  EXPECT_EQ(message_has_bits(m), message_has::link | message_has::file | message_has::image | message_has::embed);
  EXPECT_EQ(message_has_bits(message{}), 0);
}

} // namespace
} // namespace parley::model
