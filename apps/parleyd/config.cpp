#include "apps/parleyd/config.hpp"

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <toml++/toml.h>

#include "apps/parleyd/rate_limits.hpp"

namespace parley::apps {

std::string config::base_url() const {
  if (!public_url.empty()) {
    std::string u = public_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
  }
  const bool tls = !tls_cert.empty();
  return std::string(tls ? "https://" : "http://") + listen_host + ":" + std::to_string(listen_port);
}

std::string config::gateway_url() const {
  std::string base = base_url();
  if (base.starts_with("https://")) base.replace(0, 5, "wss");
  else if (base.starts_with("http://")) base.replace(0, 4, "ws");
  return base + "/gateway";
}

std::string config::voice_endpoint_or_default() const {
  if (!voice_endpoint.empty()) return voice_endpoint;
  std::string base = base_url();
  const bool tls = base.starts_with("https://");
  if (const auto scheme = base.find("://"); scheme != std::string::npos) base.erase(0, scheme + 3);
  if (const auto path = base.find('/'); path != std::string::npos) base.erase(path);
  // Always an explicit port: D++ misparses an endpoint without one (voice.md §2).
  const auto bracket = base.rfind(']');
  const auto colon = base.rfind(':');
  if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket)) base += tls ? ":443" : ":80";
  return base;
}

namespace {

// Applies a TOML value to an option that neither a flag nor the environment set.
void apply_toml(CLI::App& app, const toml::table& file) {
  for (const auto* opt : app.get_options()) {
    if (opt->count() > 0 || opt->get_lnames().empty()) continue;
    std::string key = opt->get_lnames().front();
    for (auto& c : key) if (c == '-') c = '_';
    const auto* node = file.get(key);
    if (!node) continue;
    std::string text;
    if (auto s = node->value<std::string>()) text = *s;
    else if (auto i = node->value<std::int64_t>()) text = std::to_string(*i);
    else if (auto b = node->value<bool>()) text = *b ? "true" : "false";
    else if (const auto* arr = node->as_array()) {
      for (const auto& el : *arr)
        if (auto item = el.value<std::string>()) text += (text.empty() ? "" : ",") + *item;
    } else {
      throw CLI::ValidationError(key, "unsupported TOML value type");
    }
    auto* mutable_opt = const_cast<CLI::Option*>(opt);
    mutable_opt->add_result(text);
    mutable_opt->run_callback();  // results added after parsing reach the bound variable only through this
  }
}

} // namespace

std::variant<config, int> load_config(int argc, char** argv) {
  config c;
  CLI::App app{"parleyd: a self-hosted server speaking Discord's REST, gateway and voice protocols"};
  // A repeated option takes its last value (scripts append overrides to a base command line).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  std::string listen = c.listen_host + ":" + std::to_string(c.listen_port);
  std::string data = c.data_dir.string();
  std::string config_file, tls_cert, tls_key, roles = "api,gateway,voice";

  app.add_option("--config", config_file, "TOML configuration file (keys are the long option names with '_')")
      ->envname("PARLEY_CONFIG");
  app.add_option("--listen", listen, "address:port to listen on (HTTP, HTTPS, WebSocket)")->envname("PARLEY_LISTEN");
  app.add_option("--data", data, "data directory (SQLite database, attachments)")->envname("PARLEY_DATA");
  app.add_option("--public-url", c.public_url, "base URL given to clients; gateway and voice URLs derive from it")
      ->envname("PARLEY_PUBLIC_URL");
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain: enables HTTPS/WSS on the listen port")
      ->envname("PARLEY_TLS_CERT");
  app.add_option("--tls-key", tls_key, "PEM private key for --tls-cert")->envname("PARLEY_TLS_KEY");
  app.add_option("--log-level", c.log_level, "trace, debug, info, warn, error")
      ->envname("PARLEY_LOG_LEVEL")->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--threads", c.threads, "network threads (0 = one per core)")->envname("PARLEY_THREADS");
  app.add_option("--store-threads", c.store_threads, "threads running store work")
      ->envname("PARLEY_STORE_THREADS")->check(CLI::Range(1u, 256u));
  app.add_option("--worker-id", c.worker_id, "snowflake worker id of this node (0-31)")
      ->envname("PARLEY_WORKER_ID")->check(CLI::Range(0u, 31u));
  app.add_option("--password-cost", c.password_cost, "argon2id cost: interactive, moderate, or minimal (tests only)")
      ->envname("PARLEY_PASSWORD_COST")->check(CLI::IsMember({"interactive", "moderate", "minimal"}));
  app.add_option("--gateway-write-coalesce", c.write_coalesce_us,
                 "microseconds a gateway write pass may wait during a large fan-out, so several events share each "
                 "connection's write; again while events keep arriving, up to a quarter of the last pass (0: write at once)")
      ->envname("PARLEY_GATEWAY_WRITE_COALESCE")->capture_default_str()->check(CLI::Range(0u, 100000u));
  app.add_option("--heartbeat-interval", c.heartbeat_interval_ms, "gateway heartbeat interval in ms")
      ->envname("PARLEY_HEARTBEAT_INTERVAL")->check(CLI::Range(1000u, 600000u));
  app.add_option("--header-timeout", c.header_timeout_ms, "ms a client has to send a request's headers")
      ->envname("PARLEY_HEADER_TIMEOUT")->check(CLI::Range(100u, 600000u));
  app.add_option("--body-limit", c.body_limit, "largest JSON request body in bytes")->envname("PARLEY_BODY_LIMIT");
  app.add_option("--attachments-max-file-size", c.attachments_max_file_size, "largest uploaded file in bytes")
      ->envname("PARLEY_ATTACHMENTS_MAX_FILE_SIZE")->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
  app.add_option("--attachments-max-files", c.attachments_max_files, "most files on one message")
      ->envname("PARLEY_ATTACHMENTS_MAX_FILES")->check(CLI::Range(std::size_t{1}, std::size_t{100}));
  app.add_option("--attachments-max-total-size", c.attachments_max_total_size,
                 "largest total of the files of one request in bytes")
      ->envname("PARLEY_ATTACHMENTS_MAX_TOTAL_SIZE")->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
  app.add_option("--role", roles, "roles of this process: any of api,gateway,voice")->envname("PARLEY_ROLE");
  app.add_flag("--print-quickstart", c.print_quickstart, "print how to create an account and a bot at start");
  app.add_option("--web-root", c.web_root, "serve the browser client from this directory (development)")
      ->envname("PARLEY_WEB_ROOT");
  app.add_option("--voice-endpoint", c.voice_endpoint,
                 "host:port given to voice clients (default: the host and port of the public URL)")
      ->envname("PARLEY_VOICE_ENDPOINT");
  app.add_option("--voice-udp", c.voice_udp, "UDP host:port of the voice SFU (default: the listen host, any port)")
      ->envname("PARLEY_VOICE_UDP");
  app.add_option("--voice-public-ip", c.voice_public_ip, "the SFU's address told to voice clients (default: the UDP host)")
      ->envname("PARLEY_VOICE_PUBLIC_IP");
  app.add_flag("--voice-legacy-modes", c.voice_legacy_modes, "also offer the deprecated xsalsa20 voice encryption modes")
      ->envname("PARLEY_VOICE_LEGACY_MODES");
  std::string rate_limit = "on";
  app.add_option("--rate-limit", rate_limit, "REST rate limits: on, or off (load tests only)")
      ->envname("PARLEY_RATE_LIMIT")->check(CLI::IsMember({"on", "off"}))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--rate-limit-global", c.rate_limit_global, "REST requests per second per caller, over all routes")
      ->envname("PARLEY_RATE_LIMIT_GLOBAL")->check(CLI::Range(1u, 1000000u))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--rate-limit-route", c.rate_limit_routes,
                 "override a route's limit: 'METHOD /path=COUNT/WINDOW' (window in ms, s, m or h); repeatable")
      ->envname("PARLEY_RATE_LIMIT_ROUTE")->delimiter(',')
      ->check(CLI::Validator([](std::string& v) -> std::string {
        return parse_route_limit(v) ? std::string() : "want 'METHOD /path=COUNT/WINDOW', e.g. 'POST /auth/login=10/60s'";
      }, "ROUTE=COUNT/WINDOW"));

  try {
    app.parse(argc, argv);
    if (!config_file.empty()) apply_toml(app, toml::parse_file(config_file));
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const toml::parse_error& e) {
    std::cerr << "parleyd: " << config_file << ": " << e.description() << " at line " << e.source().begin.line << "\n";
    return 2;
  }

  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "parleyd: --listen wants address:port\n";
    return 2;
  }
  c.listen_host = listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[') c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  try {
    const auto port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
    c.listen_port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "parleyd: bad port in --listen " << listen << "\n";
    return 2;
  }
  c.rate_limit = rate_limit == "on";
  c.data_dir = data;
  c.tls_cert = tls_cert;
  c.tls_key = tls_key;
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    std::cerr << "parleyd: --tls-cert and --tls-key go together\n";
    return 2;
  }
  c.roles.clear();
  for (std::size_t pos = 0; pos <= roles.size();) {
    const auto comma = roles.find(',', pos);
    const auto role = roles.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (role != "api" && role != "gateway" && role != "voice") {
      std::cerr << "parleyd: unknown role '" << role << "'\n";
      return 2;
    }
    c.roles.push_back(role);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return c;
}

} // namespace parley::apps
