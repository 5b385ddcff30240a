// static_site: the embedded copy of web/ and the --web-root development mode.
#include "server/site/static_site.hpp"

#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "server/site/embedded_files.hpp"

namespace parley::server::site {
namespace {

TEST(static_site, embedded_client_is_complete) {
  const static_site site;
  EXPECT_FALSE(site.from_disk());
  ASSERT_EQ(site.file_count(), embedded_web_files().size());
  const auto index = site.find("/index.html");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("<script type=\"module\""), std::string::npos);
  for (const auto& f : embedded_web_files()) {
    const auto a = site.find(f.path);
    ASSERT_NE(a, nullptr) << f.path;
    EXPECT_EQ(a->body, f.bytes) << f.path;
  }
  EXPECT_EQ(site.find("/no-such-file.js"), nullptr);
}

TEST(static_site, web_root_reads_files_at_each_request) {
  const auto root = std::filesystem::temp_directory_path() / ("parley-site-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root / "js");
  {
    std::ofstream(root / "js" / "a.js") << "export const a = 1;\n";
  }
  const static_site site(root);
  EXPECT_TRUE(site.from_disk());
  auto a = site.find("/js/a.js");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->body, "export const a = 1;\n");
  const auto first_tag = a->etag;
  {
    std::ofstream(root / "js" / "a.js") << "export const a = 2;\n";
  }
  a = site.find("/js/a.js");
  ASSERT_NE(a, nullptr);
  EXPECT_NE(a->etag, first_tag);
  EXPECT_EQ(site.find("/js"), nullptr);  // a directory is not a file
  EXPECT_EQ(site.find("/missing.js"), nullptr);
  std::filesystem::remove_all(root);
}

} // namespace
} // namespace parley::server::site
