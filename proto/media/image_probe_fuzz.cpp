// Fuzz target for image dimension probing: any bytes give no answer or positive dimensions, and
// the answer depends only on the bytes (probing a copy gives the same result).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "proto/media/image_probe.hpp"

namespace media = parley::proto::media;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto info = media::probe_image(input);
  if (!info) return 0;
  if (info->width <= 0 || info->height <= 0) std::abort();
  const std::string copy(input);
  const auto again = media::probe_image(copy);
  if (!again || again->width != info->width || again->height != info->height || again->format != info->format)
    std::abort();
  return 0;
}
