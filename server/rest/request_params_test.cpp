#include "server/rest/request_params.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace parley::server::rest {
namespace {

// A call over `target` with the given X-Audit-Log-Reason (none when empty).
struct fake_call {
  explicit fake_call(std::string target, std::string_view reason = {}) : target_(std::move(target)) {
    req.target(target_);
    if (!reason.empty()) req.set("X-Audit-Log-Reason", reason);
    url = *boost::urls::parse_origin_form(target_);
    me.id = 7;
    call.emplace(api_call{req, {}, url.params(), nullptr, me, {}, {}});
  }
  std::string target_;
  http::request req;
  boost::urls::url_view url;
  model::user me;
  std::optional<api_call> call;
};

TEST(actor_of, decodes_the_reason_and_caps_it_at_512_code_points) {
  fake_call plain("/x", "needs%20a%20break%20%E2%9C%93");
  EXPECT_EQ(actor_of(*plain.call).reason, "needs a break \xE2\x9C\x93");
  EXPECT_EQ(actor_of(*plain.call).user.id, 7u);
  fake_call none("/x");
  EXPECT_FALSE(actor_of(*none.call).reason);
  fake_call broken("/x", "100%");  // not percent-encoding: kept as sent
  EXPECT_EQ(actor_of(*broken.call).reason, "100%");
  std::string long_reason;
  for (int i = 0; i < 600; ++i) long_reason += "%C3%A9";
  fake_call capped("/x", long_reason);
  const auto r = actor_of(*capped.call).reason;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 1024u) << "512 two-byte characters, none cut in half";
}

TEST(query_reader, reads_values_and_collects_field_errors) {
  fake_call good("/x?limit=5&after=123&with_counts=True&query=a%20b");
  query_reader q(*good.call);
  EXPECT_EQ(q.integer("limit", 1, 1, 100), 5);
  EXPECT_EQ(q.snowflake("after"), 123u);
  EXPECT_TRUE(q.boolean("with_counts", false));
  EXPECT_EQ(q.string("query"), "a b");
  EXPECT_EQ(q.integer("missing", 42, 1, 100), 42);
  EXPECT_TRUE(q.ok());

  fake_call bad("/x?limit=0&after=-1&with_counts=maybe&n=1x");
  query_reader b(*bad.call);
  EXPECT_EQ(b.integer("limit", 50, 1, 100), 50);
  EXPECT_FALSE(b.snowflake("after"));
  EXPECT_FALSE(b.boolean("with_counts", false));
  EXPECT_FALSE(b.optional_integer("n", 0, 10));
  ASSERT_FALSE(b.ok());
  for (const char* key : {"limit", "after", "with_counts", "n"}) EXPECT_TRUE(b.error().errors().contains(key)) << key;
}

} // namespace
} // namespace parley::server::rest
