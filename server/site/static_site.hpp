// The browser client's files: the copy embedded in the binary, or (development, --web-root) the
// files of a directory read at each request so edits show without a rebuild.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/site/static_asset.hpp"

namespace parley::server::site {

class static_site {
 public:
  // Empty `web_root`: the embedded files, prepared once here.
  explicit static_site(std::filesystem::path web_root = {});

  // `path` comes from resolve_web_path (already safe to append). Null when there is no such file.
  // Thread-safe: the embedded table is immutable after construction.
  std::shared_ptr<const static_asset> find(std::string_view path) const;

  bool from_disk() const { return !web_root_.empty(); }
  std::size_t file_count() const { return embedded_.size(); }

 private:
  // Heterogeneous lookup: a request path (string_view) finds its file without a copy.
  struct path_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::filesystem::path web_root_;
  std::unordered_map<std::string, std::shared_ptr<const static_asset>, path_hash, std::equal_to<>> embedded_;
};

} // namespace parley::server::site
