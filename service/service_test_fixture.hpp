// A service context over a real SQLite store in a temporary directory, a fixed clock, and a bus
// that records what was published: the use cases are tested with the store they run against.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "bus/bus.hpp"
#include "service/context.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::service::testing {

class recording_bus final : public parley::bus::bus {
 public:
  void publish(parley::bus::event_ptr e) override {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(e));
  }
  void subscribe(std::function<void(const parley::bus::event_ptr&)>) override {}
  std::vector<parley::bus::event_ptr> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<parley::bus::event_ptr> events_;
};

class fixed_clock final : public clock {
 public:
  std::int64_t now_ms() const override { return now; }
  std::int64_t now = 1'800'000'000'000;
};

class service_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("parley-service-" + std::to_string(std::random_device{}()));
    store::sqlite_store::options o;
    o.path = dir_ / "parley.db";
    auto opened = store::sqlite_store::open(o);
    ASSERT_TRUE(opened) << opened.error().message();
    store_ = std::move(*opened);
    ctx_ = std::make_unique<context>(context{*store_, bus_, ids_, clock_, passwords_, nullptr, nullptr});
  }
  void TearDown() override {
    store_->close();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite_store> store_;
  recording_bus bus_;
  model::snowflake_generator ids_;
  fixed_clock clock_;
  password_hasher passwords_{password_cost::minimal};
  std::unique_ptr<context> ctx_;
};

} // namespace parley::service::testing
