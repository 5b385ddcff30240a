#include "model/api_error.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::model {
namespace {

TEST(api_error, nested_field_errors_mirror_the_body) {
  auto e = api_error::invalid_form_body();
  e.field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable.");
  e.field("embeds.0.title", "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
  e.field("username", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length.");
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(boost::json::value(e.to_json()), boost::json::parse(R"({
    "message":"Invalid Form Body","code":50035,
    "errors":{
      "username":{"_errors":[{"code":"USERNAME_ALREADY_TAKEN","message":"Username is unavailable."},
                             {"code":"BASE_TYPE_BAD_LENGTH","message":"Must be between 2 and 32 in length."}]},
      "embeds":{"0":{"title":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 256 or fewer in length."}]}}}}})"));
}

TEST(api_error, plain_errors_have_no_errors_key) {
  const auto e = api_error::not_found(json_code::unknown_user, "User");
  EXPECT_EQ(boost::json::serialize(e.to_json()), R"({"message":"Unknown User","code":10013})");
  EXPECT_EQ(e.status(), 404);
}

} // namespace
} // namespace parley::model
