// parleyd's configuration: flags, then PARLEY_* environment variables, then an optional TOML file,
// then defaults (the first that sets a value wins).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <variant>
#include <string>
#include <vector>

namespace parley::apps {

struct config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "./data";
  std::string public_url;          // empty: derived from the listen address and TLS
  std::filesystem::path tls_cert;  // both set: HTTPS and WSS on the listen port (plain HTTP still accepted)
  std::filesystem::path tls_key;
  std::string log_level = "info";
  unsigned threads = 0;            // io threads; 0 = one per core
  unsigned store_threads = 32;     // use cases wait on group commits here: more threads, bigger batches
  unsigned worker_id = 0;          // snowflake worker id (0–31), one per node
  std::string password_cost = "interactive";
  std::uint32_t heartbeat_interval_ms = 41250;
  std::uint32_t write_coalesce_us = 1000;  // gateway fan-out write coalescing (0: off)
  std::size_t body_limit = 1 << 20;
  // Message uploads (rest.md §5); files live under <data_dir>/attachments.
  std::size_t attachments_max_file_size = 10 << 20;
  std::size_t attachments_max_files = 10;
  std::size_t attachments_max_total_size = 25 << 20;  // all files of one request
  std::uint32_t header_timeout_ms = 10000; // a client must send its headers within this
  std::vector<std::string> roles{"api", "gateway", "voice"};
  bool print_quickstart = false;
  std::filesystem::path web_root;  // empty: the browser client embedded in the binary
  std::string voice_endpoint;      // empty: derived from base_url()
  std::string voice_udp;           // the SFU's UDP "host:port"; empty: the listen host, any free port
  std::string voice_public_ip;     // Ready's ip; empty: the UDP host (127.0.0.1 when it is a wildcard)
  bool voice_legacy_modes = false; // also offer the deprecated xsalsa20 modes (voice.md §8.4)
  bool rate_limit = true;                      // --rate-limit off: no REST rate limits (load tests)
  std::uint32_t rate_limit_global = 50;        // REST requests per second per caller (user, else address)
  std::vector<std::string> rate_limit_routes;  // overrides, "METHOD /path=COUNT/WINDOW" (rate_limits.hpp)

  // The URL clients are given, without a trailing slash: "http://127.0.0.1:8080".
  std::string base_url() const;
  // ws(s)://host:port/gateway, no query string (discord.js appends one).
  std::string gateway_url() const;
  // VOICE_SERVER_UPDATE's endpoint, "host:port" with no scheme (voice.md §2): --voice-endpoint, else
  // the host and port of base_url() (the voice gateway is served on the HTTP port).
  std::string voice_endpoint_or_default() const;
};

// Parses argv; on --help or an error prints to stdout/stderr and returns the exit code to use.
std::variant<config, int> load_config(int argc, char** argv);

} // namespace parley::apps
