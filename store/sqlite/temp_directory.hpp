// Test helper: a fresh directory under the system temp directory, removed with its contents
// when the object goes away.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>

namespace parley::store::sqlite {

class temp_directory {
 public:
  temp_directory() {
    static std::atomic<unsigned> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
        ("parley-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(now));
    std::filesystem::create_directories(path_);
  }
  ~temp_directory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

} // namespace parley::store::sqlite
