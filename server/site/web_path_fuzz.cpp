// Fuzz target: resolve_web_path on arbitrary request targets; a file result must stay inside the root.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/site/web_path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto r = parley::server::site::resolve_web_path(target);
  if (r.kind == parley::server::site::web_route_kind::file) {
    if (r.path.empty() || r.path.front() != '/' || r.path.find("..") != std::string::npos ||
        r.path.find("//") != std::string::npos || r.path.find('\\') != std::string::npos)
      std::abort();
  }
  return 0;
}
