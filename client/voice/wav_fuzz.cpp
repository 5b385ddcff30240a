// libFuzzer target for the WAV reader (wav.hpp): arbitrary bytes, fed whole and in two parts at
// a split taken from the first byte, must give the same outcome without a crash.
#include "client/voice/wav.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using parley::client::voice::wav_reader;
  std::span<const std::uint8_t> input(data, size);
  wav_reader whole;
  auto a = whole.feed(input);
  std::vector<std::int16_t> samples_whole;
  whole.take_samples(samples_whole);

  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  wav_reader parts;
  auto b1 = parts.feed(input.first(split));
  auto b2 = b1 ? parts.feed(input.subspan(split)) : b1;
  std::vector<std::int16_t> samples_parts;
  parts.take_samples(samples_parts);
  if (a.has_value() != b2.has_value() || samples_whole != samples_parts) std::abort();
  if (whole.finish().has_value() != parts.finish().has_value()) std::abort();
  return 0;
}
