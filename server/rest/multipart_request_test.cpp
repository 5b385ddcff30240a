// Tests for multipart message bodies (rest.md §5): payload_json and form fields, file parts and
// their placeholders, limits with Discord's status and codes, filename cleaning.
#include "server/rest/multipart_request.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace parley::server::rest {
namespace {

constexpr std::string_view content_type = "multipart/form-data; boundary=BOUNDARY";

struct part {
  std::string name;
  std::string filename;  // "" = a plain field
  std::string type;
  std::string bytes;
};

std::string build(const std::vector<part>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += "--BOUNDARY\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
    body += "\r\n";
    if (!p.type.empty()) body += "Content-Type: " + p.type + "\r\n";
    body += "\r\n" + p.bytes + "\r\n";
  }
  return body + "--BOUNDARY--\r\n";
}

TEST(multipart_request, payload_json_and_files) {
  const auto body = build({{"payload_json", "", "application/json", R"({"content":"hi","attachments":[{"id":3}]})"},
                           {"files[3]", "cat%20pic.png", "image/png", std::string("\x89PNG\0", 5)},
                           {"file", "old.txt", "", "legacy"},
                           {"file7", "../../etc/passwd", "text/plain\x01", "x"}});
  auto r = read_multipart(content_type, body, {});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(boost::json::serialize(r->body), R"({"content":"hi","attachments":[{"id":3}]})");
  ASSERT_EQ(r->uploads.size(), 3u);
  EXPECT_EQ(r->uploads[0].placeholder, 3);
  EXPECT_EQ(r->uploads[0].filename, "cat_pic.png");
  EXPECT_EQ(r->uploads[0].content_type, "image/png");
  EXPECT_EQ(r->uploads[0].bytes, std::string("\x89PNG\0", 5));
  EXPECT_EQ(r->uploads[1].placeholder, 0);
  EXPECT_EQ(r->uploads[1].filename, "old.txt");
  EXPECT_EQ(r->uploads[1].content_type, "");
  EXPECT_EQ(r->uploads[2].placeholder, 7);
  EXPECT_EQ(r->uploads[2].filename, "passwd");
  EXPECT_EQ(r->uploads[2].content_type, "");  // control character: dropped
}

TEST(multipart_request, form_fields_without_payload_json) {
  const auto body = build({{"content", "", "", "hello"}, {"tts", "", "", "true"}, {"nonce", "", "", "123"}});
  auto r = read_multipart(content_type, body, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(boost::json::serialize(r->body), R"({"content":"hello","tts":true,"nonce":"123"})");
  EXPECT_TRUE(r->uploads.empty());
}

TEST(multipart_request, sizes_give_413_40005) {
  upload_limits limits;
  limits.max_file_size = 10;
  limits.max_total_size = 15;
  auto one_big = read_multipart(content_type, build({{"files[0]", "a", "", std::string(11, 'x')}}), limits);
  ASSERT_FALSE(one_big);
  EXPECT_EQ(one_big.error().status(), 413);
  EXPECT_EQ(one_big.error().code(), model::json_code::entity_too_large);
  EXPECT_TRUE(read_multipart(content_type, build({{"files[0]", "a", "", std::string(10, 'x')}}), limits));
  auto total = read_multipart(
      content_type, build({{"files[0]", "a", "", std::string(8, 'x')}, {"files[1]", "b", "", std::string(8, 'x')}}),
      limits);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().status(), 413);
}

TEST(multipart_request, too_many_files_is_400) {
  upload_limits limits;
  limits.max_files = 2;
  std::vector<part> parts;
  for (int i = 0; i < 3; ++i) parts.push_back({"files[" + std::to_string(i) + "]", "f", "", "x"});
  auto r = read_multipart(content_type, build(parts), limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status(), 400);
  EXPECT_EQ(r.error().code(), model::json_code::invalid_form_body);
  EXPECT_TRUE(r.error().errors().contains("files"));
}

TEST(multipart_request, malformed_requests_are_400) {
  const auto status_code = [](std::string_view ct, const std::string& body) {
    auto r = read_multipart(ct, body, {});
    EXPECT_FALSE(r);
    return r ? std::pair{0, 0} : std::pair{r.error().status(), static_cast<int>(r.error().code())};
  };
  EXPECT_EQ(status_code("multipart/form-data", build({})), (std::pair{400, 50035}));  // no boundary
  EXPECT_EQ(status_code(content_type, "--BOUNDARY\r\nContent-Disposition: form-data; name=a\r\n\r\nx"),
            (std::pair{400, 50035}));
  EXPECT_EQ(status_code(content_type, build({{"payload_json", "", "", "{not json"}})), (std::pair{400, 50109}));
  EXPECT_EQ(status_code(content_type, build({{"payload_json", "", "", "[1]"}})), (std::pair{400, 50035}));
  EXPECT_EQ(status_code(content_type, build({{"payload_json", "", "", "{}"}, {"payload_json", "", "", "{}"}})),
            (std::pair{400, 50035}));
  EXPECT_EQ(status_code(content_type, build({{"files[1]", "a", "", "x"}, {"files[1]", "b", "", "y"}})),
            (std::pair{400, 50035}));
  EXPECT_EQ(status_code(content_type, build({{"attachment", "a.png", "", "x"}})), (std::pair{400, 50035}));
  EXPECT_EQ(status_code(content_type, build({{"files[-1]", "a.png", "", "x"}})), (std::pair{400, 50035}));
}

TEST(multipart_request, upload_filename_is_url_safe) {
  EXPECT_EQ(upload_filename("report 2024.pdf"), "report_2024.pdf");
  EXPECT_EQ(upload_filename("%E2%82%ACuro.txt"), "uro.txt");
  EXPECT_EQ(upload_filename("C:\\Users\\me\\a&b?.txt"), "a_b_.txt");
  EXPECT_EQ(upload_filename(".."), "unknown");
  EXPECT_EQ(upload_filename(""), "unknown");
  EXPECT_EQ(upload_filename("dir/"), "unknown");
  EXPECT_EQ(upload_filename("100%"), "100_");
  EXPECT_EQ(upload_filename(std::string(300, 'a')).size(), 255u);
}

} // namespace
} // namespace parley::server::rest
