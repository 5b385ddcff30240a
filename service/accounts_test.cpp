#include "service/accounts.hpp"

#include "service/service_test_fixture.hpp"

namespace parley::service {
namespace {

using testing::service_fixture;

boost::json::object body(std::string_view username, std::string_view password = "correct horse battery") {
  return {{"username", username}, {"password", password}};
}

std::string first_error_code(const model::api_error& e, std::string_view field) {
  return std::string(e.errors().at(field).at("_errors").at(0).at("code").as_string());
}

class accounts_test : public service_fixture {};

TEST_F(accounts_test, register_then_authenticate_with_each_header_form) {
  accounts a(*ctx_);
  auto r = a.register_user(body("alice"));
  ASSERT_TRUE(r);
  for (const std::string& header : {r->token, "Bot " + r->token, "Bearer " + r->token}) {
    auto u = a.authenticate(header);
    ASSERT_TRUE(u) << header;
    EXPECT_EQ(u->id, r->user_id);
    EXPECT_EQ(u->username, "alice");
  }
  EXPECT_EQ(a.authenticate("Bot nope").error().status(), 401);
  EXPECT_EQ(a.authenticate("").error().status(), 401);
}

TEST_F(accounts_test, password_is_stored_as_argon2id_not_in_clear) {
  accounts a(*ctx_);
  auto r = a.register_user(body("bob", "my secret words"));
  ASSERT_TRUE(r);
  auto u = store_->user_by_id(r->user_id);
  ASSERT_TRUE(u && *u);
  EXPECT_TRUE((*u)->password_hash.starts_with("$argon2id$"));
  EXPECT_EQ((*u)->password_hash.find("my secret words"), std::string::npos);
}

TEST_F(accounts_test, duplicate_username_and_email_are_field_errors) {
  accounts a(*ctx_);
  auto first = body("carol");
  first["email"] = "Carol@Example.org";
  ASSERT_TRUE(a.register_user(first));
  auto again = a.register_user(body("carol"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), model::json_code::invalid_form_body);
  EXPECT_EQ(first_error_code(again.error(), "username"), "USERNAME_ALREADY_TAKEN");
  auto other = body("carol2");
  other["email"] = "carol@example.ORG";
  auto taken = a.register_user(other);
  ASSERT_FALSE(taken);
  EXPECT_EQ(first_error_code(taken.error(), "email"), "EMAIL_ALREADY_REGISTERED");
}

TEST_F(accounts_test, every_bad_field_is_reported_at_once) {
  accounts a(*ctx_);
  boost::json::object b{{"username", "No Good"}, {"password", "short"}, {"email", "nope"}};
  auto r = a.register_user(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(first_error_code(r.error(), "username"), "USERNAME_INVALID_CHARACTERS");
  EXPECT_EQ(first_error_code(r.error(), "password"), "BASE_TYPE_BAD_LENGTH");
  EXPECT_EQ(first_error_code(r.error(), "email"), "EMAIL_TYPE_INVALID_EMAIL");
}

TEST_F(accounts_test, login_and_logout) {
  accounts a(*ctx_);
  ASSERT_TRUE(a.register_user(body("dave")));
  auto bad = a.login({{"login", "dave"}, {"password", "wrong one"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(first_error_code(bad.error(), "login"), "INVALID_LOGIN");
  EXPECT_EQ(first_error_code(bad.error(), "password"), "INVALID_LOGIN");
  auto unknown = a.login({{"login", "nobody"}, {"password", "correct horse battery"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(first_error_code(unknown.error(), "login"), "INVALID_LOGIN");

  auto ok = a.login({{"login", "DAVE"}, {"password", "correct horse battery"}});
  ASSERT_TRUE(ok);
  ASSERT_TRUE(a.authenticate(ok->token));
  ASSERT_TRUE(a.logout(ok->token));
  EXPECT_FALSE(a.authenticate(ok->token));
  EXPECT_TRUE(a.logout(ok->token)) << "logging out twice is fine";
}

TEST_F(accounts_test, update_self_publishes_user_update_to_the_user) {
  accounts a(*ctx_);
  auto r = a.register_user(body("erin"));
  ASSERT_TRUE(r);
  auto me = a.authenticate(r->token);
  auto updated = a.update_self(*me, {{"global_name", "Erin E."}});
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->global_name, "Erin E.");
  EXPECT_EQ((*store_->user_by_id(r->user_id))->global_name, "Erin E.");
  const auto events = bus_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "USER_UPDATE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::user);
  EXPECT_EQ(events[0]->to.id, r->user_id);
  EXPECT_EQ(events[0]->data.at("global_name"), "Erin E.");

  auto bad = a.update_self(*updated, {{"username", "Not Valid"}});
  EXPECT_FALSE(bad);
  EXPECT_EQ(bus_.events().size(), 1u) << "nothing published for a refused change";
}

TEST_F(accounts_test, ids_come_from_the_clock) {
  accounts a(*ctx_);
  clock_.now = 1'900'000'000'000;
  auto r = a.register_user(body("frank"));
  ASSERT_TRUE(r);
  EXPECT_EQ(model::snowflake_time_ms(r->user_id), 1'900'000'000'000u);
}

TEST(token_shape, first_part_is_the_user_id) {
  const auto t = issue_token(1234567890123456789ULL, 1'800'000'000'000);
  EXPECT_EQ(token_user_id(t.secret), 1234567890123456789ULL);
  EXPECT_EQ(t.hash, hash_token(t.secret));
  EXPECT_NE(t.hash, hash_token(t.secret + "x"));
  EXPECT_EQ(std::count(t.secret.begin(), t.secret.end(), '.'), 2);
}

} // namespace
} // namespace parley::service
