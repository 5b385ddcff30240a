// The terminal client's saved login (issue 6 item 4): which server, which token, whose account,
// and the status the user last chose. Stored as a small JSON object in
// $XDG_CONFIG_HOME/parley/config.json (else ~/.config/parley/config.json), mode 0600, because the
// token is a password equivalent.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"

namespace parley::apps {

struct client_config {
  std::string server;    // base URL, e.g. "http://127.0.0.1:8080"
  std::string token;     // the Authorization header value: a user token, or "Bot <token>"
  std::string user_id;   // of the logged-in account, for display only
  std::string username;
  std::string status = "online";  // presence sent in Identify by chat and tail (`parley status`)
};

// The config file path from the environment (XDG Base Directory: XDG_CONFIG_HOME if set and
// absolute, else $HOME/.config). `getenv` is injected so tests need no real environment.
// Fails with errc::no_such_file_or_directory when neither variable is usable.
result<std::filesystem::path> config_path(const std::function<const char*(const char*)>& getenv);

// Parses the file's text; unknown keys are ignored, a wrong type or bad JSON is an error
// (errc::invalid_argument), so a damaged file is reported instead of silently logging out.
result<client_config> parse_client_config(std::string_view text);
std::string serialize_client_config(const client_config& config);

// nullopt when the file does not exist.
result<std::optional<client_config>> load_client_config(const std::filesystem::path& path);
// Creates the directory (0700) if needed and replaces the file atomically; the new file is 0600
// from its creation, never readable by others even briefly.
result<void> save_client_config(const std::filesystem::path& path, const client_config& config);
// Succeeds when the file is already gone.
result<void> remove_client_config(const std::filesystem::path& path);

} // namespace parley::apps
