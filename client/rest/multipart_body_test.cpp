// Tests of multipart upload bodies (rest.md §5), read back with the project's form-data parser.
#include "client/rest/multipart_body.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "proto/multipart/content_type.hpp"
#include "proto/multipart/form_data.hpp"

namespace parley::client::rest {
namespace {

TEST(MultipartBody, PayloadJsonAndFilesWithAttachmentIds) {
  std::vector<file_upload> files{{"a.txt", "hello", "text/plain", ""},
                                 {"b.bin", std::string("\0\r\n--x", 6), "", "alt text"}};
  const auto body = make_multipart_body(boost::json::object{{"content", "hi"}}, files, "BOUNDARY123");
  EXPECT_EQ(body.content_type, "multipart/form-data; boundary=BOUNDARY123");
  const auto boundary = proto::multipart::form_data_boundary(body.content_type);
  ASSERT_TRUE(boundary);
  const auto parts = proto::multipart::parse_form_data(body.data, *boundary);
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "payload_json");
  EXPECT_EQ((*parts)[0].content_type, "application/json");
  const auto payload = boost::json::parse((*parts)[0].body);
  EXPECT_EQ(payload.at("content"), "hi");
  const auto& attachments = payload.at("attachments").as_array();
  ASSERT_EQ(attachments.size(), 2u);
  EXPECT_EQ(attachments[0].at("id"), 0);
  EXPECT_EQ(attachments[0].at("filename"), "a.txt");
  EXPECT_FALSE(attachments[0].as_object().contains("description"));
  EXPECT_EQ(attachments[1].at("id"), 1);
  EXPECT_EQ(attachments[1].at("description"), "alt text");
  EXPECT_EQ((*parts)[1].name, "files[0]");
  EXPECT_EQ((*parts)[1].filename, "a.txt");
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].body, "hello");
  EXPECT_EQ((*parts)[2].name, "files[1]");
  EXPECT_EQ((*parts)[2].content_type, "application/octet-stream");
  EXPECT_EQ((*parts)[2].body, std::string_view(files[1].data)) << "binary bytes unchanged";
}

TEST(MultipartBody, CallerAttachmentsAreKeptAndFilenamesCannotBreakHeaders) {
  boost::json::object payload{{"attachments", boost::json::array{boost::json::object{{"id", 7}}}}};
  std::vector<file_upload> files{{"evil\"\r\nX: y.txt", "x", "text/plain\r\nInjected: 1", ""}};
  const auto body = make_multipart_body(payload, files, "b0undary");
  EXPECT_EQ(body.data.find("\r\nX: y"), std::string::npos);
  EXPECT_EQ(body.data.find("\r\nInjected"), std::string::npos);
  const auto parts = proto::multipart::parse_form_data(body.data, "b0undary");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[1].filename, "evil%22%0D%0AX: y.txt");
  const auto json = boost::json::parse((*parts)[0].body);
  EXPECT_EQ(json.at("attachments").as_array().size(), 1u);
  EXPECT_EQ(json.at("attachments").as_array()[0].at("id"), 7);
}

TEST(MultipartBody, NoFiles) {
  const auto body = make_multipart_body(boost::json::object{{"content", "x"}}, {}, "b");
  const auto parts = proto::multipart::parse_form_data(body.data, "b");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_FALSE(boost::json::parse((*parts)[0].body).as_object().contains("attachments"));
}

} // namespace
} // namespace parley::client::rest
