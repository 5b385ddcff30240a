// The wall clock as the service layer sees it: injected, so tests can fix time.
#pragma once

#include <chrono>
#include <cstdint>

namespace parley::service {

class clock {
 public:
  virtual ~clock() = default;
  virtual std::int64_t now_ms() const = 0;  // Unix milliseconds
};

class system_clock final : public clock {
 public:
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

} // namespace parley::service
