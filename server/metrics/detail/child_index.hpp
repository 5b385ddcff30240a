// The labelled children of one metric family: a sharded concurrent map from label values to a
// child that lives as long as the family, so callers may keep the reference. Lookups of existing
// children take one shard's shared lock; creation takes it exclusively.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server::metrics::detail {

// A child's label values and their rendered form. The metric itself lives in a derived class.
class child_node {
 public:
  child_node() = default;
  child_node(const child_node&) = delete;
  child_node& operator=(const child_node&) = delete;
  virtual ~child_node() = default;

  std::span<const std::string_view> values() const noexcept { return views_; }
  // `a="x",b="y"`, escaped; empty without labels.
  std::string_view label_text() const noexcept { return label_text_; }

  virtual void append_samples(std::string& out, std::string_view name) const = 0;

 private:
  friend class child_index;
  std::string storage_;                 // the values back to back; views_ point into it
  std::vector<std::string_view> views_;
  std::string label_text_;
};

class child_index {
 public:
  using factory = std::unique_ptr<child_node> (*)(const void* context);

  // `make(context)` builds a new child; context must outlive the index.
  child_index(std::vector<std::string> label_names, factory make, const void* context);
  ~child_index();
  child_index(const child_index&) = delete;
  child_index& operator=(const child_index&) = delete;

  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  // The child for these values (one per label name, in order), created on first use. Safe from
  // any thread; the reference stays valid for the index's lifetime. A wrong value count is a bug
  // (asserted); release builds pad with "" or drop the extra values.
  child_node& get(std::span<const std::string_view> values);

  // The children in creation order; the pointers stay valid for the index's lifetime.
  std::vector<const child_node*> children() const;

 private:
  struct shard;
  static constexpr std::size_t shard_count = 8;

  child_node& create(shard& s, std::size_t hash, std::span<const std::string_view> values);

  std::vector<std::string> label_names_;
  factory make_;
  const void* context_;
  std::unique_ptr<shard[]> shards_;
  mutable std::mutex order_mutex_; // guards order_; taken after a shard's exclusive lock
  std::vector<std::unique_ptr<child_node>> order_;
};

} // namespace parley::server::metrics::detail
