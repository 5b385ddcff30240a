// Image header probing: PNG (ISO/IEC 15948 §11.2.2 IHDR), GIF (GIF89a spec §18 logical screen
// descriptor), JPEG (ITU T.81 §B.2 marker segments, SOFn), WebP (RIFF container: VP8 key frame
// header per RFC 6386 §9.1, VP8L header, VP8X canvas size).
#include "proto/media/image_probe.hpp"

namespace parley::proto::media {
namespace {

std::uint32_t byte_at(std::string_view b, std::size_t i) noexcept { return static_cast<unsigned char>(b[i]); }
std::uint32_t be16(std::string_view b, std::size_t i) noexcept { return byte_at(b, i) << 8 | byte_at(b, i + 1); }
std::uint32_t be32(std::string_view b, std::size_t i) noexcept { return be16(b, i) << 16 | be16(b, i + 2); }
std::uint32_t le16(std::string_view b, std::size_t i) noexcept { return byte_at(b, i) | byte_at(b, i + 1) << 8; }
std::uint32_t le24(std::string_view b, std::size_t i) noexcept { return le16(b, i) | byte_at(b, i + 2) << 16; }
std::uint32_t le32(std::string_view b, std::size_t i) noexcept { return le16(b, i) | le16(b, i + 2) << 16; }

std::optional<image_info> sized(image_format f, std::uint32_t w, std::uint32_t h) noexcept {
  constexpr std::uint32_t max = 0x7fffffff;
  if (w == 0 || h == 0 || w > max || h > max) return std::nullopt;
  return image_info{f, static_cast<int>(w), static_cast<int>(h)};
}

std::optional<image_info> probe_png(std::string_view b) noexcept {
  // Signature (8), then the first chunk must be IHDR: length 13, type, width, height (big-endian).
  if (b.size() < 24 || b.substr(12, 4) != "IHDR" || be32(b, 8) != 13) return std::nullopt;
  return sized(image_format::png, be32(b, 16), be32(b, 20));
}

std::optional<image_info> probe_gif(std::string_view b) noexcept {
  if (b.size() < 10) return std::nullopt;
  return sized(image_format::gif, le16(b, 6), le16(b, 8));
}

bool is_sof(std::uint32_t marker) noexcept {
  // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

std::optional<image_info> probe_jpeg(std::string_view b) noexcept {
  std::size_t i = 2;  // after SOI
  while (i < b.size()) {
    if (byte_at(b, i) != 0xff) return std::nullopt;
    while (i < b.size() && byte_at(b, i) == 0xff) ++i;  // fill bytes
    if (i >= b.size()) return std::nullopt;
    const auto marker = byte_at(b, i++);
    if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;  // no length
    if (marker == 0xd9 || marker == 0xda || marker == 0x00) return std::nullopt;  // EOI / SOS before any SOF
    if (i + 2 > b.size()) return std::nullopt;
    const auto length = be16(b, i);
    if (length < 2) return std::nullopt;
    if (is_sof(marker)) {
      // length, precision (1), height (2), width (2)
      if (length < 7 || i + 7 > b.size()) return std::nullopt;
      return sized(image_format::jpeg, be16(b, i + 5), be16(b, i + 3));
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<image_info> probe_webp(std::string_view b) noexcept {
  if (b.size() < 16) return std::nullopt;
  const auto chunk = b.substr(12, 4);
  if (chunk == "VP8X") {
    if (b.size() < 30) return std::nullopt;
    // flags (1), reserved (3), canvas width - 1 (24 bits LE), canvas height - 1.
    return sized(image_format::webp, le24(b, 24) + 1, le24(b, 27) + 1);
  }
  if (chunk == "VP8 ") {
    if (b.size() < 30) return std::nullopt;
    // Frame tag (3 bytes; bit 0 clear on a key frame), start code 9d 01 2a, 14-bit sizes.
    if ((byte_at(b, 20) & 1) != 0 || byte_at(b, 23) != 0x9d || byte_at(b, 24) != 0x01 || byte_at(b, 25) != 0x2a)
      return std::nullopt;
    return sized(image_format::webp, le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  }
  if (chunk == "VP8L") {
    if (b.size() < 25) return std::nullopt;
    // Signature 0x2f, then width - 1 (14 bits) and height - 1 (14 bits), little-endian bit order.
    if (byte_at(b, 20) != 0x2f) return std::nullopt;
    const auto bits = le32(b, 21);
    return sized(image_format::webp, (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  return std::nullopt;
}

} // namespace

std::optional<image_info> probe_image(std::string_view b) noexcept {
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return probe_png(b);
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return probe_gif(b);
  if (b.size() >= 3 && byte_at(b, 0) == 0xff && byte_at(b, 1) == 0xd8 && byte_at(b, 2) == 0xff) return probe_jpeg(b);
  if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return probe_webp(b);
  return std::nullopt;
}

std::string_view mime_type(image_format format) noexcept {
  switch (format) {
    case image_format::png: return "image/png";
    case image_format::gif: return "image/gif";
    case image_format::jpeg: return "image/jpeg";
    case image_format::webp: return "image/webp";
  }
  return "application/octet-stream";
}

} // namespace parley::proto::media
