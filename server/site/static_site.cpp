// Embedded or on-disk browser client files; see static_site.hpp.
#include "server/site/static_site.hpp"

#include <fstream>
#include <iterator>

#include "server/site/embedded_files.hpp"

namespace parley::server::site {

static_site::static_site(std::filesystem::path web_root) : web_root_(std::move(web_root)) {
  if (!web_root_.empty()) return;
  for (const auto& f : embedded_web_files())
    embedded_.emplace(std::string(f.path), std::make_shared<const static_asset>(make_static_asset(f.path, std::string(f.bytes))));
}

std::shared_ptr<const static_asset> static_site::find(std::string_view path) const {
  if (web_root_.empty()) {
    auto it = embedded_.find(path);
    return it == embedded_.end() ? nullptr : it->second;
  }
  if (path.empty() || path.front() != '/') return nullptr;
  const auto file = web_root_ / std::filesystem::path(path.substr(1));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return nullptr;
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return std::make_shared<const static_asset>(make_static_asset(path, std::move(bytes)));
}

} // namespace parley::server::site
