// Tests for image dimension probing: one header of each format (hand-built from the specs),
// every truncation of each, and near-misses that must give no answer.
#include "proto/media/image_probe.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::proto::media {
namespace {

using namespace std::string_literals;

// 640 x 480 PNG: signature, IHDR (length 13) width, height, depth 8, colour 6, ..., CRC.
const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x06\0\0\0\x12\x34\x56\x78"s;
// 300 x 200 GIF89a logical screen descriptor.
const std::string gif = "GIF89a\x2c\x01\xc8\x00\xf7\x00\x00"s;
// JPEG: SOI, APP0 (JFIF, 16 bytes), a fill byte, DQT (length 4), SOF2 (progressive) 1024 x 768.
const std::string jpeg = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                         "\xff\xff\xdb\x00\x04\x00\x00"
                         "\xff\xc2\x00\x11\x08\x03\x00\x04\x00\x03\x01\x22\x00"s;
// WebP lossy (VP8): key frame 400 x 300 (upper two bits of each size are the scale).
const std::string webp_lossy = "RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00\x50\x01\x00\x9d\x01\x2a\x90\x41\x2c\x01"s;
// WebP lossless (VP8L): 0x2f, then (w-1) | (h-1) << 14 = 99 | 49 << 14 → 100 x 50.
const std::string webp_lossless = "RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f\x63\x40\x0c\x00\x00\x00\x00\x00"s;
// WebP extended (VP8X): canvas 5000 x 70000 (24-bit sizes minus one).
const std::string webp_extended = "RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00\x87\x13\x00\x6f\x11\x01"s;

struct sample {
  const std::string* bytes;
  image_format format;
  int width, height;
};

const sample samples[] = {
    {&png, image_format::png, 640, 480},
    {&gif, image_format::gif, 300, 200},
    {&jpeg, image_format::jpeg, 1024, 768},
    {&webp_lossy, image_format::webp, 400, 300},
    {&webp_lossless, image_format::webp, 100, 50},
    {&webp_extended, image_format::webp, 5000, 70000},
};

TEST(image_probe, reads_each_format) {
  for (const auto& s : samples) {
    const auto info = probe_image(*s.bytes);
    ASSERT_TRUE(info) << s.width;
    EXPECT_EQ(info->format, s.format);
    EXPECT_EQ(info->width, s.width);
    EXPECT_EQ(info->height, s.height);
  }
  EXPECT_EQ(mime_type(image_format::jpeg), "image/jpeg");
  EXPECT_EQ(mime_type(image_format::webp), "image/webp");
}

// Cut short anywhere before the size fields: no answer, and no read past the end (ASan).
TEST(image_probe, every_truncation_gives_no_answer_or_the_right_one) {
  for (const auto& s : samples) {
    for (std::size_t n = 0; n < s.bytes->size(); ++n) {
      const std::string prefix = s.bytes->substr(0, n);
      const auto info = probe_image(prefix);
      if (info) {  // complete once the size fields are in
        EXPECT_EQ(info->width, s.width) << n;
        EXPECT_EQ(info->height, s.height) << n;
      }
    }
  }
  EXPECT_FALSE(probe_image(png.substr(0, 23)));
  EXPECT_TRUE(probe_image(png.substr(0, 24)));
  EXPECT_FALSE(probe_image(jpeg.substr(0, jpeg.size() - 6)));
}

TEST(image_probe, refuses_non_images_and_inconsistent_headers) {
  EXPECT_FALSE(probe_image(""));
  EXPECT_FALSE(probe_image("hello, world, this is plain text of some length"));
  std::string zero_width = png;
  zero_width[16] = zero_width[17] = zero_width[18] = zero_width[19] = '\0';
  EXPECT_FALSE(probe_image(zero_width));
  std::string not_ihdr = png;
  not_ihdr[12] = 'X';
  EXPECT_FALSE(probe_image(not_ihdr));
  std::string huge = png;
  huge[16] = '\x80';  // width ≥ 2^31 does not fit an int
  EXPECT_FALSE(probe_image(huge));
  // JPEG whose scan starts before any frame header.
  EXPECT_FALSE(probe_image("\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"s));
  // A segment length below 2 would loop forever if trusted.
  EXPECT_FALSE(probe_image("\xff\xd8\xff\xe1\x00\x00\xff\xc0\x00\x11\x08\x00\x10\x00\x10"s));
  // Garbage instead of a marker.
  EXPECT_FALSE(probe_image("\xff\xd8\xff\xe0\x00\x04\x00\x00\x12\x34"s));
  // A VP8 inter frame (bit 0 of the frame tag set) has no size.
  std::string inter = webp_lossy;
  inter[20] = '\x51';
  EXPECT_FALSE(probe_image(inter));
  std::string bad_signature = webp_lossless;
  bad_signature[20] = '\x2e';
  EXPECT_FALSE(probe_image(bad_signature));
  std::string other_chunk = webp_lossy;
  other_chunk[15] = 'Z';
  EXPECT_FALSE(probe_image(other_chunk));
}

} // namespace
} // namespace parley::proto::media
