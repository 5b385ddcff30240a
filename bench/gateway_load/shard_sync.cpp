// File barriers between load-generator shards.
#include "bench/gateway_load/shard_sync.hpp"

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace parley::bench::gateway_load {

shard_sync::shard_sync(std::string dir, unsigned index, unsigned count)
    : dir_(std::move(dir)), index_(index), count_(count) {}

bool shard_sync::post(std::string_view name, std::string_view content) const {
  if (!active()) return true;
  const std::string path = dir_ + "/" + std::string(name);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return false;
  // An empty marker has no bytes to write (and fwrite must not see the empty view's null pointer).
  const bool wrote = content.empty() || std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool closed = std::fclose(f) == 0;
  return wrote && closed && std::rename(tmp.c_str(), path.c_str()) == 0;
}

bool shard_sync::posted(std::string_view name) const {
  if (!active()) return true;
  struct stat st{};
  return ::stat((dir_ + "/" + std::string(name)).c_str(), &st) == 0;
}

unsigned shard_sync::count_posted(std::string_view prefix) const {
  unsigned n = 0;
  for (unsigned i = 0; i < count_; ++i)
    if (posted(std::string(prefix) + "." + std::to_string(i))) ++n;
  return n;
}

} // namespace parley::bench::gateway_load
