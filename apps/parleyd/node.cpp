#include "apps/parleyd/node.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "apps/parleyd/node_metrics.hpp"
#include "apps/parleyd/rate_limits.hpp"
#include "bus/inproc/inproc_bus.hpp"
#include "server/gateway/gateway_server.hpp"
#include "server/http/http_server.hpp"
#include "server/rest/rest_api.hpp"
#include "server/rest/routes.hpp"
#include "proto/media/image_probe.hpp"
#include "server/files/attachment_handler.hpp"
#include "server/site/site_handler.hpp"
#include "server/voice/upgrade_router.hpp"
#include "server/voice/voice_server.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/gateway_sessions.hpp"
#include "service/presence.hpp"
#include "service/voice_states.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/files/fs_file_store.hpp"

namespace parley::apps {

namespace asio = boost::asio;

namespace {

service::password_cost parse_cost(const std::string& s) {
  if (s == "minimal") return service::password_cost::minimal;
  if (s == "moderate") return service::password_cost::moderate;
  return service::password_cost::interactive;
}

// --voice-udp "host:port" (brackets around an IPv6 host); the listen host and any port by default.
server::voice::voice_options voice_options_of(const config& cfg) {
  server::voice::voice_options o;
  std::string host = cfg.listen_host;
  unsigned long port = 0;
  if (!cfg.voice_udp.empty()) {
    const auto colon = cfg.voice_udp.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("--voice-udp wants host:port");
    host = cfg.voice_udp.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    port = std::stoul(cfg.voice_udp.substr(colon + 1));
    if (port > 65535) throw std::runtime_error("--voice-udp: bad port");
  }
  o.udp_bind = {asio::ip::make_address(host), static_cast<unsigned short>(port)};
  o.public_ip = cfg.voice_public_ip;
  o.legacy_modes = cfg.voice_legacy_modes;
  return o;
}

void print_quickstart(const config& cfg) {
  const auto api = cfg.base_url() + "/api/v10";
  std::cout << "\nParley is running at " << cfg.base_url() << "  (gateway " << cfg.gateway_url() << ")\n\n"
            << "Create an account and keep its token:\n"
            << "  curl -s -X POST " << api << "/auth/register -H 'Content-Type: application/json' \\\n"
            << "       -d '{\"username\":\"alice\",\"password\":\"correct horse battery\"}'\n"
            << "Create a bot application with that token (the answer holds the bot's token in bot.token):\n"
            << "  curl -s -X POST " << api << "/applications -H 'Content-Type: application/json' \\\n"
            << "       -H 'Authorization: <user token>' -d '{\"name\":\"My Bot\"}'\n"
            << "Use the bot token as Discord's:\n"
            << "  curl -s " << api << "/users/@me -H 'Authorization: Bot <bot token>'\n\n"
            << "Stop with Ctrl-C (in-flight requests finish; the store is flushed).\n" << std::endl;
}

} // namespace

struct node::parts {
  explicit parts(const config& cfg)
      : ids(cfg.worker_id),
        passwords(parse_cost(cfg.password_cost)),
        store_pool(cfg.store_threads) {}

  node_metrics metrics;  // first: the store, listener and REST front record into it until they stop
  std::optional<server::ratelimit::rate_limiter> limiter;  // none with --rate-limit off
  std::unique_ptr<store::sqlite_store> store;
  std::unique_ptr<store::fs_file_store> files;  // attachment bytes under <data>/attachments
  bus::inproc_bus bus;
  model::snowflake_generator ids;
  service::system_clock clock;
  service::password_hasher passwords;
  std::optional<service::context> ctx;
  std::optional<service::accounts> accounts;
  std::optional<service::applications> applications;
  std::optional<service::gateway_sessions> gateway_sessions;
  std::optional<service::presences> presences;
  std::optional<service::voice_states> voice_states;  // in memory, like presences
  // Community use cases (guilds, channels, roles, members, bans, invites, audit log).
  std::optional<service::guilds> guilds;
  std::optional<service::channels> channels;
  std::optional<service::roles> roles;
  std::optional<service::members> members;
  std::optional<service::bans> bans;
  std::optional<service::invites> invites;
  std::optional<service::audit_log> audit_log;
  // DMs, group DMs and read states.
  std::optional<service::private_channels> private_channels;
  std::optional<service::read_states> read_states;
  // Messages (issue 5): attachment URLs start at message_view's base, set once the server listens.
  service::message_view message_view;
  std::optional<service::messages> messages;
  // Reactions, pins, typing and message search (issue 5).
  std::optional<service::reactions> reactions;
  std::optional<service::pins> pins;
  std::optional<service::typing> typing;
  std::optional<service::search> search;

  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  asio::thread_pool store_pool;
  std::optional<asio::ssl::context> tls;
  server::rest::gateway_info gateway;
  std::unique_ptr<server::site::site_handler> site;
  std::unique_ptr<server::files::attachment_handler> attachments;  // /attachments/..., then site
  std::unique_ptr<server::rest::rest_api> api;
  std::unique_ptr<server::gateway::gateway_server> gateway_role;
  std::unique_ptr<server::voice::voice_server> voice_role;  // voice gateway + SFU
  std::unique_ptr<server::voice::upgrade_router> upgrades;  // voice upgrades to voice_role, others to gateway_role
  std::unique_ptr<server::http::http_server> http;
  std::vector<std::thread> threads;
};

node::node(config cfg) : cfg_(std::move(cfg)) {}

node::~node() {
  if (!parts_) return;
  for (auto& io : parts_->ios) io->stop();
  for (auto& t : parts_->threads)
    if (t.joinable()) t.join();
}

void node::start() {
  parts_ = std::make_unique<parts>(cfg_);
  auto& p = *parts_;

  store::sqlite_store::options so;
  so.path = cfg_.data_dir / "parley.db";
  so.readers = std::clamp(cfg_.store_threads, 2u, 8u);  // reads are short; each reader has its own page cache
  auto opened = store::sqlite_store::open(so);
  if (!opened) throw std::runtime_error("cannot open the store at " + so.path.string() + ": " + opened.error().message());
  p.store = std::move(*opened);
  p.store->set_latency_observer(p.metrics.store_observer());

  p.files = std::make_unique<store::fs_file_store>(cfg_.data_dir / "attachments");
  p.ctx.emplace(service::context{*p.store, p.bus, p.ids, p.clock, p.passwords, p.files.get(), nullptr});
  p.accounts.emplace(*p.ctx);
  p.applications.emplace(*p.ctx);
  p.presences.emplace(p.bus);
  p.voice_states.emplace(*p.ctx, cfg_.voice_endpoint_or_default());
  p.ctx->voice = &*p.voice_states;  // GUILD_CREATE on a join lists who is in voice
  p.voice_states->subscribe_to(p.bus);  // before the gateway's subscription: a state ends before its member
  p.gateway_sessions.emplace(*p.ctx, &*p.presences, &*p.voice_states);
  p.guilds.emplace(*p.ctx);
  p.channels.emplace(*p.ctx);
  p.roles.emplace(*p.ctx);
  p.members.emplace(*p.ctx);
  p.members->set_voice_states(&*p.voice_states);
  p.bans.emplace(*p.ctx);
  p.invites.emplace(*p.ctx);
  p.audit_log.emplace(*p.ctx);
  p.private_channels.emplace(*p.ctx);
  p.read_states.emplace(*p.ctx);
  service::messages_options message_options;
  message_options.image_size = [](std::string_view, std::string_view bytes) -> std::optional<std::pair<int, int>> {
    if (const auto image = proto::media::probe_image(bytes)) return std::pair{image->width, image->height};
    return std::nullopt;
  };
  p.messages.emplace(*p.ctx, p.message_view, std::move(message_options));
  p.reactions.emplace(*p.ctx);
  p.pins.emplace(*p.ctx, p.message_view);
  p.typing.emplace(*p.ctx);
  p.search.emplace(*p.ctx, p.message_view);
  p.channels->set_private_channels(&*p.private_channels);

  const unsigned threads = cfg_.threads ? cfg_.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) {
    p.ios.push_back(std::make_unique<asio::io_context>(1));
    p.guards.push_back(asio::make_work_guard(*p.ios.back()));
  }

  if (!cfg_.tls_cert.empty()) {
    p.tls.emplace(asio::ssl::context::tls_server);
    p.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    p.tls->use_certificate_chain_file(cfg_.tls_cert.string());
    p.tls->use_private_key_file(cfg_.tls_key.string(), asio::ssl::context::pem);
  }

  p.gateway.url = cfg_.gateway_url();
  p.site = std::make_unique<server::site::site_handler>(
      [&p] {
        // Gateway connections are counted by the gateway itself; read them when scraped.
        if (p.gateway_role) p.metrics.gateway_sessions().set(static_cast<double>(p.gateway_role->connection_count()));
        if (p.voice_role) p.voice_role->refresh_metrics();
        return p.metrics.registry().render();
      },
      [] { return true; }, server::site::site_options{cfg_.web_root});
  p.attachments = std::make_unique<server::files::attachment_handler>(*p.files, *p.site);
  p.api = std::make_unique<server::rest::rest_api>(p.store_pool, *p.accounts, *p.attachments);
  p.api->set_upload_limits({cfg_.attachments_max_file_size, cfg_.attachments_max_files,
                            cfg_.attachments_max_total_size});
  server::rest::add_account_routes(*p.api, *p.accounts);
  server::rest::add_application_routes(*p.api, *p.applications);
  server::rest::add_gateway_routes(*p.api, p.gateway);
  server::rest::add_guild_routes(*p.api, *p.guilds, *p.audit_log);
  server::rest::add_channel_routes(*p.api, *p.channels);
  server::rest::add_role_routes(*p.api, *p.roles);
  server::rest::add_member_routes(*p.api, *p.members, *p.bans);
  server::rest::add_invite_routes(*p.api, *p.invites);
  server::rest::add_private_channel_routes(*p.api, *p.private_channels);
  server::rest::add_read_state_routes(*p.api, *p.read_states);
  server::rest::add_message_routes(*p.api, *p.messages);
  server::rest::add_reaction_routes(*p.api, *p.reactions);
  server::rest::add_pin_routes(*p.api, *p.pins);
  server::rest::add_typing_routes(*p.api, *p.typing);
  server::rest::add_search_routes(*p.api, *p.search);
  p.api->set_metrics(p.metrics.registry());
  p.limiter = make_rest_limiter(cfg_);
  if (p.limiter) p.api->set_rate_limiter(&*p.limiter);

  server::http::server_options ho;
  ho.listen = {asio::ip::make_address(cfg_.listen_host), cfg_.listen_port};
  ho.body_limit = cfg_.body_limit;
  ho.body_limit_for = [api = p.api.get(), base = cfg_.body_limit](const server::http::request& head) {
    return api->body_limit_for(head, base);
  };
  ho.header_timeout = std::chrono::milliseconds(cfg_.header_timeout_ms);
  ho.tls = p.tls ? &*p.tls : nullptr;
  std::vector<asio::io_context*> ios;
  for (auto& io : p.ios) ios.push_back(io.get());
  server::gateway::gateway_options go;
  go.heartbeat_interval = std::chrono::milliseconds(cfg_.heartbeat_interval_ms);
  go.write_coalesce = std::chrono::microseconds(cfg_.write_coalesce_us);
  p.gateway_role = std::make_unique<server::gateway::gateway_server>(ios, p.store_pool, *p.gateway_sessions, *p.presences,
                                                                     p.bus, go);
  p.voice_role = std::make_unique<server::voice::voice_server>(*p.ios.front(), *p.voice_states, voice_options_of(cfg_));
  p.voice_role->attach_metrics(p.metrics.registry());
  p.upgrades = std::make_unique<server::voice::upgrade_router>(*p.voice_role, *p.gateway_role);
  p.http = std::make_unique<server::http::http_server>(ios, ho, *p.api, p.upgrades.get(), p.metrics.connection_observer());
  p.http->start();
  if (cfg_.listen_port == 0) cfg_.listen_port = p.http->port();
  p.gateway.url = cfg_.gateway_url();  // after binding: port 0 became a real port
  p.message_view.attachment_base_url = cfg_.base_url();
  p.gateway_role->set_resume_gateway_url(p.gateway.url);
  p.voice_states->set_endpoint(cfg_.voice_endpoint_or_default());
  p.voice_role->start();
  p.gateway.session_start_limit = [g = p.gateway_role.get()](model::snowflake bot) {
    const auto l = g->start_limit(bot);
    return boost::json::object{{"total", l.total}, {"remaining", l.remaining},
                               {"reset_after", l.reset_after.count()}, {"max_concurrency", l.max_concurrency}};
  };

  for (auto& io : p.ios) p.threads.emplace_back([ctx = io.get()] { ctx->run(); });
  spdlog::info("listening on {}:{} (tls {}), {} network threads, {} store threads, data in {}", cfg_.listen_host,
               p.http->port(), p.tls ? "on" : "off", threads, cfg_.store_threads, cfg_.data_dir.string());
  // Tests and scripts wait for this line to learn the port.
  std::cout << "parleyd listening on " << cfg_.base_url() << std::endl;
  if (cfg_.print_quickstart) print_quickstart(cfg_);
}

int node::run() {
  auto& p = *parts_;
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait([&](const boost::system::error_code&, int sig) { received = sig; });
  signals_io.run();
  spdlog::info("signal {}: shutting down", received);

  p.http->drain();
  // Gateway sessions get op 7 (reconnect) first, then their sockets close.
  p.gateway_role->shutdown();
  p.voice_role->shutdown();  // 4015 to every voice socket; the UDP thread stops
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (p.http->open_connections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  while (p.gateway_role->connection_count() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (p.http->open_connections() > 0)
    spdlog::warn("{} connections still open at the shutdown deadline", p.http->open_connections());

  // Whatever is still open after the grace period is dropped; then every network thread runs
  // out of work and returns, so nothing is destroyed while a handler still refers to it.
  p.http->abort_all();
  p.gateway_role->abort_all();
  p.voice_role->abort_all();
  p.guards.clear();
  const auto hard_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto all_stopped = [&] {
    return std::all_of(p.ios.begin(), p.ios.end(), [](const auto& io) { return io->stopped(); });
  };
  while (!all_stopped() && std::chrono::steady_clock::now() < hard_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const bool clean = all_stopped();
  if (!clean) {
    spdlog::warn("network threads still busy at the hard deadline; stopping them");
    for (auto& io : p.ios) io->stop();
  }
  for (auto& t : p.threads) t.join();
  p.threads.clear();
  p.store_pool.join();
  p.store->close();
  spdlog::info("stopped");
  if (!clean) {
    // Handlers were left pending: destroying the objects they refer to would be unsafe. The
    // store is flushed and closed, so leaving without destructors loses nothing.
    spdlog::default_logger()->flush();
    std::_Exit(0);
  }
  return 0;
}

} // namespace parley::apps
