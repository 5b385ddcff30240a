// What a parley::client::client needs to run one gateway session (one shard): the base gateway
// URL, the Identify parameters (gateway.md §3.3), the transport settings of §1.1 (encoding and
// compression), TLS trust, and the tuning of the sans-I/O core it drives.
#pragma once

#include "client/core/gateway_connection.hpp"
#include "client/core/random_source.hpp"
#include "client/runtime/identify_limiter.hpp"
#include "proto/gateway/connect_params.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace parley::client {

struct tls_options {
  // Verify the server's certificate chain and host name. Only turn off against a test server.
  bool verify_peer = true;
  // The system's CA store (OpenSSL's default paths) is always loaded; this PEM file adds anchors
  // (a private CA, a self-signed test certificate). Empty: none.
  std::string ca_file{};
};

struct client_options {
  // Where new sessions start (GET /gateway/bot's url): ws:// or wss://, with or without a path.
  std::string gateway_url = "wss://gateway.discord.gg";
  std::string token{}; // bot token without "Bot " (or a user token)
  std::uint64_t intents = 0;
  proto::gateway::encoding encoding = proto::gateway::encoding::json;
  proto::gateway::transport_compression compress = proto::gateway::transport_compression::none;
  std::optional<std::uint32_t> shard_id{}; // with shard_count: sent as Identify's `shard`
  std::uint32_t shard_count = 1;
  std::optional<boost::json::value> presence{}; // the initial presence (§8)
  std::string os = "linux";
  std::string browser = "parley";

  tls_options tls{};
  // Keep a cache of guilds, channels and members (guild_cache.hpp). Off by default.
  bool cache = false;
  // Shared by every client of one token (gateway.md §6.2); null: identify without waiting.
  std::shared_ptr<identify_limiter> identify_limits{};

  // The core's tuning: hello/close timeouts, the reconnect backoff, payload limits. Its `params`
  // are overwritten from encoding/compress above.
  gateway_options gateway{};
  // TCP connect plus TLS handshake; then the core's hello_timeout applies.
  std::chrono::milliseconds connect_timeout{10000};
  // After op 9, wait a random time in [min, max] before identifying again (gateway.md §3.8:
  // "commonly 1-5 s").
  std::chrono::milliseconds invalid_session_wait_min{1000};
  std::chrono::milliseconds invalid_session_wait_max{5000};
  // Jitter and WebSocket masking keys. Empty: std::random_device (the platform's CSPRNG).
  random_source random{};
};

} // namespace parley::client
