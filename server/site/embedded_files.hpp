// The browser client (web/) compiled into the binary: a generated .cpp (embed_files.cmake) defines
// embedded_web_files() with every file's bytes, so parleyd serves the client without a web root.
#pragma once

#include <span>
#include <string_view>

namespace parley::server::site {

struct embedded_file {
  std::string_view path;   // "/index.html", "/js/app.js"
  std::string_view bytes;  // static storage
};

std::span<const embedded_file> embedded_web_files();

} // namespace parley::server::site
