// An echo bot on the SDK (issue 6 item 6; docs/sdk.md "SDK: the Asio runtime"): it asks the REST
// API for the gateway URL (GET /gateway/bot), keeps a gateway session with parley::client::client,
// and answers every message starting with "!echo" with "echo: <the rest>" through the REST client.
//
// Usage: parley_example_echo_bot <base url, e.g. http://127.0.0.1:8080> <bot token>
#include "client/rest/rest_client.hpp"
#include "client/runtime/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace asio = boost::asio;
namespace rest = parley::client::rest;
namespace gw = parley::client;

asio::awaitable<void> run(asio::io_context& io, rest::rest_client& api, std::string token,
                          std::unique_ptr<gw::client>& bot) {
  auto gateway = co_await api.get_gateway_bot();
  if (!gateway) {
    std::fprintf(stderr, "GET /gateway/bot: %s\n", gateway.error().describe().c_str());
    co_return;
  }
  gw::client_options options;
  options.gateway_url = gateway->url;
  options.token = std::move(token);
  options.intents = 1 | (1 << 9) | (1 << 15); // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
  bot = std::make_unique<gw::client>(io.get_executor(), std::move(options));

  auto self = std::make_shared<std::uint64_t>(0);
  bot->on<gw::ready>([self](const gw::ready& r) {
    *self = r.user_id;
    std::printf("ready as %llu, session %s\n", static_cast<unsigned long long>(r.user_id), r.session_id.c_str());
  });
  bot->on<gw::message_create>([self, &api, &io](const gw::message_create& m) {
    if (m.author_id == *self || !m.content.starts_with("!echo")) return;
    rest::message_create reply;
    const auto start = m.content.find_first_not_of(' ', 5); // after "!echo"
    reply.content = "echo: " + (start == std::string::npos ? std::string() : m.content.substr(start));
    reply.reply_to = m.id;
    // The REST client lives on the io_context's only thread, like the gateway client.
    asio::co_spawn(io, [&api, channel = m.channel_id, reply = std::move(reply)]() mutable -> asio::awaitable<void> {
      if (auto sent = co_await api.create_message(channel, std::move(reply)); !sent)
        std::fprintf(stderr, "reply failed: %s\n", sent.error().describe().c_str());
    }, asio::detached);
  });
  bot->on<gw::disconnected>([](const gw::disconnected& d) {
    std::printf("disconnected (%u%s), %s\n", d.code, d.error ? (", " + d.error.message()).c_str() : "",
                d.will_reconnect ? (d.will_resume ? "resuming" : "identifying again") : "stopped");
  });
  bot->start();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <base url> <bot token>\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0); // one line per event, also into a pipe
  asio::io_context io; // one thread: the REST client and the gateway client share it
  rest::rest_client_options rest_options;
  rest_options.base_url = argv[1];
  rest_options.authorization = rest::bot_authorization(argv[2]);
  auto api = rest::rest_client::create(io.get_executor(), std::move(rest_options));
  if (!api) {
    std::fprintf(stderr, "bad base url: %s\n", api.error().message().c_str());
    return 2;
  }
  std::unique_ptr<gw::client> bot;
  asio::co_spawn(io, run(io, **api, argv[2], bot), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    if (bot) bot->stop([&io] { io.stop(); });
    else io.stop();
  });
  io.run();
}
