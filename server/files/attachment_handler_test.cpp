// Tests for attachment downloads over a real fs_file_store: full GET, HEAD, ranges, 404s and the
// hand-off of other paths.
#include "server/files/attachment_handler.hpp"

#include <gtest/gtest.h>

#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "store/files/fs_file_store.hpp"

namespace parley::server::files {
namespace {

namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

class next_handler final : public http::request_handler {
 public:
  boost::asio::awaitable<http::response> handle(http::request& req, const http::peer_info&) override {
    ++calls;
    http::response res{bhttp::status::no_content, req.version()};
    co_return res;
  }
  int calls = 0;
};

class attachment_handler_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(store_.put(10, 20, content_)); }
  void TearDown() override { fs::remove_all(dir_); }

  http::response get(std::string target, bhttp::verb method = bhttp::verb::get, std::string range = {}) {
    http::request req{method, target, 11};
    if (!range.empty()) req.set(bhttp::field::range, range);
    boost::asio::io_context io;
    auto result = boost::asio::co_spawn(io, handler_.handle(req, {}), boost::asio::use_future);
    io.run();
    return result.get();
  }

  fs::path dir_ = fs::temp_directory_path() / ("parley_attachment_handler_" + std::to_string(std::random_device{}()));
  std::string content_ = "0123456789abcdef";
  store::fs_file_store store_{dir_};
  next_handler next_;
  attachment_handler handler_{store_, next_};
};

TEST_F(attachment_handler_test, serves_the_whole_file) {
  const auto res = get("/attachments/10/20/photo.PNG?ex=abc");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res.body(), content_);
  EXPECT_EQ(res[bhttp::field::content_type], "image/png");
  EXPECT_EQ(res[bhttp::field::accept_ranges], "bytes");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
}

TEST_F(attachment_handler_test, head_states_the_length_without_a_body) {
  const auto res = get("/attachments/10/20/notes.txt", bhttp::verb::head);
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[bhttp::field::content_length], "16");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; charset=utf-8");
}

TEST_F(attachment_handler_test, serves_one_range) {
  auto res = get("/attachments/10/20/a.bin", bhttp::verb::get, "bytes=2-5");
  EXPECT_EQ(res.result(), bhttp::status::partial_content);
  EXPECT_EQ(res.body(), "2345");
  EXPECT_EQ(res[bhttp::field::content_range], "bytes 2-5/16");
  EXPECT_EQ(res[bhttp::field::content_type], "application/octet-stream");

  res = get("/attachments/10/20/a.bin", bhttp::verb::get, "bytes=-3");
  EXPECT_EQ(res.body(), "def");
  res = get("/attachments/10/20/a.bin", bhttp::verb::head, "bytes=10-");
  EXPECT_EQ(res.result(), bhttp::status::partial_content);
  EXPECT_EQ(res[bhttp::field::content_length], "6");

  res = get("/attachments/10/20/a.bin", bhttp::verb::get, "bytes=16-");
  EXPECT_EQ(res.result(), bhttp::status::range_not_satisfiable);
  EXPECT_EQ(res[bhttp::field::content_range], "bytes */16");
}

TEST_F(attachment_handler_test, not_found_and_wrong_methods) {
  EXPECT_EQ(get("/attachments/10/21/a.png").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/11/20/a.png").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/10/20/").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/10/20").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/10/20/a/b").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/x/20/a.png").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/attachments/10/20/a.png", bhttp::verb::delete_).result(), bhttp::status::method_not_allowed);
  ASSERT_TRUE(store_.remove(10, 20));
  EXPECT_EQ(get("/attachments/10/20/a.png").result(), bhttp::status::not_found);
}

TEST_F(attachment_handler_test, other_paths_go_to_the_next_handler) {
  EXPECT_EQ(get("/healthz").result(), bhttp::status::no_content);
  EXPECT_EQ(get("/attachmentsX/10/20/a").result(), bhttp::status::no_content);
  EXPECT_EQ(next_.calls, 2);
}

TEST(attachment_content_type, by_extension_and_never_active_content) {
  EXPECT_EQ(attachment_content_type("a.JPG"), "image/jpeg");
  EXPECT_EQ(attachment_content_type("a.tar.gz"), "application/gzip");
  EXPECT_EQ(attachment_content_type("page.html"), "application/octet-stream");
  EXPECT_EQ(attachment_content_type("image.svg"), "application/octet-stream");
  EXPECT_EQ(attachment_content_type("noextension"), "application/octet-stream");
}

} // namespace
} // namespace parley::server::files
