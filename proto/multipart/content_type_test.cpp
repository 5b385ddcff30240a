// Tests for the multipart/form-data Content-Type: media type check and boundary parameter.
#include "proto/multipart/content_type.hpp"

#include <gtest/gtest.h>

#include "proto/multipart/error.hpp"

namespace parley::proto::multipart {
namespace {

TEST(multipart_content_type, recognises_form_data_case_insensitively) {
  EXPECT_TRUE(is_form_data("multipart/form-data; boundary=x"));
  EXPECT_TRUE(is_form_data("Multipart/Form-Data"));
  EXPECT_TRUE(is_form_data("  multipart/form-data ;boundary=x"));
  EXPECT_FALSE(is_form_data("multipart/mixed; boundary=x"));
  EXPECT_FALSE(is_form_data("application/json"));
  EXPECT_FALSE(is_form_data(""));
}

TEST(multipart_content_type, reads_bare_and_quoted_boundaries) {
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4").value(),
            "----WebKitFormBoundary7MA4");
  EXPECT_EQ(form_data_boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b:c\"").value(), "a b:c");
  EXPECT_EQ(form_data_boundary("multipart/form-data;boundary=\"q\\\"x\";").error(), errc::invalid_boundary);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=abc; other=1").value(), "abc");
}

TEST(multipart_content_type, refuses_bad_headers) {
  EXPECT_EQ(form_data_boundary("application/json").error(), errc::not_form_data);
  EXPECT_EQ(form_data_boundary("multipart/form-data").error(), errc::missing_boundary);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=\"\"").error(), errc::invalid_boundary);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=" + std::string(71, 'a')).error(),
            errc::invalid_boundary);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=" + std::string(70, 'a')).value().size(), 70u);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=\"ends with space \"").error(), errc::invalid_boundary);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=\"unterminated").error(), errc::malformed_parameters);
  EXPECT_EQ(form_data_boundary("multipart/form-data; =x").error(), errc::malformed_parameters);
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary").error(), errc::malformed_parameters);
  EXPECT_EQ(form_data_boundary("multipart/form-data garbage; boundary=x").error(), errc::not_form_data);
}

TEST(multipart_content_type, errors_have_messages) {
  const error_code ec = errc::truncated;
  EXPECT_EQ(std::string(ec.category().name()), "parley.multipart");
  EXPECT_NE(ec.message(), "unknown multipart error");
}

} // namespace
} // namespace parley::proto::multipart
