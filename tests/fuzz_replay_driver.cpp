// Replay driver for fuzz targets outside the libFuzzer build: feeds every file of the given corpus
// directories, then a fixed sequence of pseudo-random inputs, to LLVMFuzzerTestOneInput. It keeps
// each target compiling and its seeds exercised under the sanitizer build; real fuzzing happens in
// the clang build (PARLEY_FUZZ).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[i], ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++files;
    }
  }
  std::mt19937_64 rng(0x5eed);
  std::vector<std::uint8_t> buf;
  for (int round = 0; round < 20000; ++round) {
    buf.resize(rng() % 512);
    for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
    LLVMFuzzerTestOneInput(buf.data(), buf.size());
  }
  std::cout << "replayed " << files << " corpus files and 20000 random inputs\n";
  return 0;
}
