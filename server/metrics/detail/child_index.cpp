// Sharded get-or-create of labelled metric children.
#include "server/metrics/detail/child_index.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <shared_mutex>

#include <boost/unordered/unordered_flat_map.hpp>

#include "server/metrics/text_format.hpp"

namespace parley::server::metrics::detail {
namespace {

std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

std::size_t hash_values(std::span<const std::string_view> values) noexcept {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ values.size();
  for (const auto v : values) {
    h = mix(h ^ std::hash<std::string_view>{}(v));
  }
  return static_cast<std::size_t>(h);
}

// The hash is computed once per lookup and carried in the key, so shard choice and map probe
// share it.
struct values_key {
  std::size_t hash;
  std::span<const std::string_view> values;
};

struct values_key_hash {
  using is_avalanching = void;
  std::size_t operator()(const values_key& k) const noexcept { return k.hash; }
};

struct values_key_equal {
  bool operator()(const values_key& a, const values_key& b) const noexcept {
    return a.hash == b.hash && std::equal(a.values.begin(), a.values.end(), b.values.begin(), b.values.end());
  }
};

} // namespace

struct child_index::shard {
  std::shared_mutex mutex;
  // Keys view the values stored in the child itself.
  boost::unordered_flat_map<values_key, child_node*, values_key_hash, values_key_equal> map;
};

child_index::child_index(std::vector<std::string> label_names, factory make, const void* context)
    : label_names_{std::move(label_names)},
      make_{make},
      context_{context},
      shards_{std::make_unique<shard[]>(shard_count)} {}

child_index::~child_index() = default;

child_node& child_index::get(std::span<const std::string_view> values) {
  if (values.size() != label_names_.size()) [[unlikely]] {
    assert(!"metric label value count differs from the family's label names");
    std::vector<std::string_view> fixed(label_names_.size());
    std::copy_n(values.begin(), std::min(values.size(), fixed.size()), fixed.begin());
    return get(fixed);
  }
  const auto hash = hash_values(values);
  auto& s = shards_[(hash >> 32) % shard_count];
  {
    const std::shared_lock lock{s.mutex};
    if (const auto it = s.map.find(values_key{hash, values}); it != s.map.end()) {
      return *it->second;
    }
  }
  return create(s, hash, values);
}

child_node& child_index::create(shard& s, std::size_t hash, std::span<const std::string_view> values) {
  const std::unique_lock lock{s.mutex};
  if (const auto it = s.map.find(values_key{hash, values}); it != s.map.end()) {
    return *it->second; // another thread created it between our locks
  }
  auto node = make_(context_);
  std::size_t total = 0;
  for (const auto v : values) {
    total += v.size();
  }
  node->storage_.reserve(total);
  for (const auto v : values) {
    node->storage_ += v;
  }
  std::size_t offset = 0;
  node->views_.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    node->views_.emplace_back(node->storage_.data() + offset, values[i].size());
    offset += values[i].size();
    if (i > 0) {
      node->label_text_ += ',';
    }
    node->label_text_ += label_names_[i];
    node->label_text_ += "=\"";
    append_escaped_label_value(node->label_text_, values[i]);
    node->label_text_ += '"';
  }

  auto& child = *node;
  {
    const std::lock_guard order_lock{order_mutex_};
    order_.push_back(std::move(node));
  }
  s.map.emplace(values_key{hash, child.views_}, &child);
  return child;
}

std::vector<const child_node*> child_index::children() const {
  const std::lock_guard lock{order_mutex_};
  std::vector<const child_node*> out;
  out.reserve(order_.size());
  for (const auto& node : order_) {
    out.push_back(node.get());
  }
  return out;
}

} // namespace parley::server::metrics::detail
