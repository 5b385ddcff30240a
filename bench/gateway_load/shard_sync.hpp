// Barrier files that line up the phases of several load-generator processes (--shard i/n) in
// one directory: shard 0 reads the server's baseline and writes "go"; every shard writes
// "ready.<i>" when its clients are identified and "done.<i>" when its fan-out deliveries are in;
// shard 0 writes "end" after its last measurement. Files are created atomically (write + rename).
#pragma once

#include <string>
#include <string_view>

namespace parley::bench::gateway_load {

class shard_sync {
 public:
  shard_sync() = default; // inactive: every wait succeeds at once
  shard_sync(std::string dir, unsigned index, unsigned count);

  bool active() const noexcept { return count_ > 1; }
  unsigned index() const noexcept { return index_; }
  unsigned count() const noexcept { return count_; }

  // Creates <dir>/<name>. Returns false if it could not.
  bool post(std::string_view name, std::string_view content = {}) const;
  bool posted(std::string_view name) const;
  // How many of "<prefix>.0" .. "<prefix>.<count-1>" exist.
  unsigned count_posted(std::string_view prefix) const;
  bool all_posted(std::string_view prefix) const { return !active() || count_posted(prefix) == count_; }

 private:
  std::string dir_;
  unsigned index_ = 0;
  unsigned count_ = 1;
};

} // namespace parley::bench::gateway_load
