// Tests for the multipart/form-data body parser: a discord.py/discord.js-shaped body, every
// truncation of it, RFC 2046 tolerances, limits and malformed inputs.
#include "proto/multipart/form_data.hpp"

#include <gtest/gtest.h>

#include "proto/multipart/error.hpp"

namespace parley::proto::multipart {
namespace {

using namespace std::string_literals;

constexpr std::string_view boundary = "xYzZY";

// Binary content with CR, LF, NUL and a near-miss of the delimiter.
const std::string png_bytes = "\x89PNG\r\n\x1a\n\0\0\r\n--xYzZ\r\n-"s;

std::string discord_body() {
  return "--xYzZY\r\n"
         "Content-Disposition: form-data; name=\"payload_json\"\r\n"
         "Content-Type: application/json\r\n"
         "\r\n"
         "{\"content\":\"hi\",\"attachments\":[{\"id\":0}]}\r\n"
         "--xYzZY\r\n"
         "Content-Disposition: form-data; name=\"files[0]\"; filename=\"a \\\"b\\\".png\"\r\n"
         "Content-Type: image/png\r\n"
         "\r\n" +
         png_bytes +
         "\r\n"
         "--xYzZY--\r\n";
}

void expect_discord_parts(const std::vector<form_part>& parts) {
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "payload_json");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_EQ(parts[0].content_type, "application/json");
  EXPECT_EQ(parts[0].body, R"({"content":"hi","attachments":[{"id":0}]})");
  EXPECT_EQ(parts[1].name, "files[0]");
  EXPECT_EQ(parts[1].filename, "a \"b\".png");
  EXPECT_EQ(parts[1].content_type, "image/png");
  EXPECT_EQ(parts[1].body, png_bytes);
}

TEST(multipart_form_data, parses_a_message_upload) {
  const auto body = discord_body();
  auto parts = parse_form_data(body, boundary);
  ASSERT_TRUE(parts) << parts.error().message();
  expect_discord_parts(*parts);
  // The bodies are views into the input, not copies.
  EXPECT_GE(parts->at(1).body.data(), body.data());
  EXPECT_LT(parts->at(1).body.data(), body.data() + body.size());
}

// Whole-buffer parser: every proper prefix of a valid body is an error (never a crash or a
// shorter, wrongly accepted part list), and the full body parses.
TEST(multipart_form_data, every_truncation_is_refused) {
  const auto body = discord_body();
  // Without the trailing CRLF (the epilogue) the body is still complete.
  const std::size_t complete = body.size() - 2;
  for (std::size_t n = 0; n < complete; ++n) {
    const std::string prefix = body.substr(0, n);  // own buffer: ASan sees reads past n
    auto parts = parse_form_data(prefix, boundary);
    EXPECT_FALSE(parts) << "prefix of " << n << " bytes accepted";
  }
  for (std::size_t n = complete; n <= body.size(); ++n) {
    const std::string prefix = body.substr(0, n);  // the parts are views: keep it alive
    auto parts = parse_form_data(prefix, boundary);
    ASSERT_TRUE(parts) << n;
    expect_discord_parts(*parts);
  }
}

// The same body split into two pieces at every offset and joined again (what a reader does with
// the pieces it receives) parses the same: no state may leak between the pieces.
TEST(multipart_form_data, split_and_joined_at_every_offset) {
  const auto body = discord_body();
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    std::string joined = body.substr(0, cut);
    joined += body.substr(cut);
    auto parts = parse_form_data(joined, boundary);
    ASSERT_TRUE(parts) << cut;
    expect_discord_parts(*parts);
  }
}

TEST(multipart_form_data, tolerates_preamble_padding_epilogue_and_empty_parts) {
  const std::string body =
      "This is a preamble.\r\n"
      "--xYzZY  \t\r\n"
      "content-disposition: FORM-DATA; name=content\r\n"
      "X-Other: ignored\r\n"
      "\r\n"
      "hello\r\n"
      "--xYzZY\r\n"
      "Content-Disposition: form-data; name=\"empty\"\r\n"
      "\r\n"
      "--xYzZY\r\n"
      "Content-Disposition: form-data; name=\"empty2\"\r\n"
      "\r\n"
      "\r\n"
      "--xYzZY--epilogue without CRLF";
  auto parts = parse_form_data(body, boundary);
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "content");
  EXPECT_EQ((*parts)[0].body, "hello");
  EXPECT_EQ((*parts)[0].content_type, "");
  EXPECT_EQ((*parts)[1].name, "empty");
  EXPECT_EQ((*parts)[1].body, "");
  EXPECT_EQ((*parts)[2].name, "empty2");
  EXPECT_EQ((*parts)[2].body, "");
}

TEST(multipart_form_data, zero_parts_is_valid) {
  auto parts = parse_form_data("--xYzZY--\r\n", boundary);
  ASSERT_TRUE(parts);
  EXPECT_TRUE(parts->empty());
}

TEST(multipart_form_data, filename_star_wins_when_utf8) {
  const std::string body =
      "--b\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; "
      "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\n"
      "x\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; name=\"file2\"; filename=\"plain.txt\"; filename*=ISO-8859-1''%A3.txt\r\n\r\n"
      "y\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; name=\"file3\"; filename*=UTF-8''bad%zz\r\n\r\n"
      "z\r\n"
      "--b--";
  auto parts = parse_form_data(body, "b");
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].filename, "\xE2\x82\xAC rates.txt");
  EXPECT_EQ((*parts)[1].filename, "plain.txt");
  EXPECT_FALSE((*parts)[2].filename);
}

TEST(multipart_form_data, enforces_limits) {
  const auto body = discord_body();
  form_limits small;
  small.max_body_size = body.size() - 1;
  EXPECT_EQ(parse_form_data(body, boundary, small).error(), errc::body_too_large);

  form_limits one_part;
  one_part.max_parts = 1;
  EXPECT_EQ(parse_form_data(body, boundary, one_part).error(), errc::too_many_parts);

  form_limits short_headers;
  short_headers.max_header_size = 40;  // the first part's headers are 85 bytes
  EXPECT_EQ(parse_form_data(body, boundary, short_headers).error(), errc::header_too_large);
  // A body that never ends its header block is refused at the limit, not scanned to its end.
  const std::string endless = "--b\r\nContent-Disposition: form-data; name=a" + std::string(100000, 'x');
  form_limits tight;
  tight.max_header_size = 1024;
  EXPECT_EQ(parse_form_data(endless, "b", tight).error(), errc::header_too_large);
  EXPECT_EQ(parse_form_data(endless, "b").error(), errc::header_too_large);
  EXPECT_EQ(parse_form_data(endless.substr(0, 200), "b").error(), errc::truncated);
}

TEST(multipart_form_data, refuses_malformed_bodies) {
  const auto parse = [](std::string_view body) { return parse_form_data(body, "b"); };
  EXPECT_EQ(parse("").error(), errc::no_opening_delimiter);
  EXPECT_EQ(parse("no boundary here").error(), errc::no_opening_delimiter);
  EXPECT_EQ(parse("--b").error(), errc::truncated);
  EXPECT_EQ(parse("--bX\r\n").error(), errc::malformed_delimiter);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nbody").error(), errc::truncated);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b junk\r\n").error(),
            errc::malformed_delimiter);
  EXPECT_EQ(parse("--b\r\nno colon\r\n\r\nx\r\n--b--").error(), errc::malformed_header);
  EXPECT_EQ(parse("--b\r\n: empty name\r\n\r\nx\r\n--b--").error(), errc::malformed_header);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; name=a\r\n folded\r\n\r\nx\r\n--b--").error(),
            errc::malformed_header);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\n"
                  "x\r\n--b--")
                .error(),
            errc::malformed_header);
  EXPECT_EQ(parse("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--").error(), errc::missing_disposition);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--").error(),
            errc::invalid_disposition);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n--b--").error(),
            errc::invalid_disposition);
  EXPECT_EQ(parse("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--").error(),
            errc::invalid_disposition);
  EXPECT_EQ(parse_form_data("--\r\n", "").error(), errc::invalid_boundary);
}

} // namespace
} // namespace parley::proto::multipart
