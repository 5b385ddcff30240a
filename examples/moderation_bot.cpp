// A moderation bot on the SDK (issue 6 item 6): it deletes messages containing a banned word and
// warns their author, and kicks the member mentioned in "!kick @user" when the one asking has
// KICK_MEMBERS (or ADMINISTRATOR, or owns the guild). Permissions are computed from the runtime's
// guild cache (roles from GUILD_CREATE) and the `member` of MESSAGE_CREATE (rest.md permission
// arithmetic: @everyone, then the member's roles; channel overwrites are left out for brevity).
//
// Usage: parley_example_moderation_bot <base url> <bot token> [banned word ...]   (default: "darn")
// The bot needs the MESSAGE_CONTENT intent enabled for its application to read message text.
#include "client/rest/rest_client.hpp"
#include "client/runtime/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace json = boost::json;
namespace rest = parley::client::rest;
namespace gw = parley::client;

constexpr std::uint64_t kick_members = 1 << 1, administrator = 1 << 3;

std::uint64_t to_id(const json::value* v) {
  return v && v->is_string() ? std::strtoull(v->get_string().c_str(), nullptr, 10) : 0;
}

// The author's guild-level permissions: @everyone's, OR the roles the member has.
std::uint64_t permissions_of(const gw::cached_guild& guild, std::uint64_t user_id, const json::object& member) {
  if (guild.owner_id == user_id) return ~std::uint64_t{0};
  std::vector<std::uint64_t> held{guild.id};  // the @everyone role has the guild's id
  if (const auto* roles = member.if_contains("roles"); roles && roles->is_array())
    for (const auto& r : roles->get_array()) held.push_back(to_id(&r));
  std::uint64_t allowed = 0;
  if (const auto* roles = guild.data.if_contains("roles"); roles && roles->is_array())
    for (const auto& r : roles->get_array())
      if (r.is_object() && std::count(held.begin(), held.end(), to_id(r.get_object().if_contains("id"))))
        allowed |= to_id(r.get_object().if_contains("permissions"));
  return allowed & administrator ? ~std::uint64_t{0} : allowed;
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

asio::awaitable<void> moderate(rest::rest_client& api, gw::message_create m, std::vector<std::string> banned,
                               std::uint64_t allowed) {
  const auto text = lowercase(m.content);
  const auto author = "<@" + std::to_string(m.author_id) + ">";
  for (const auto& word : banned) {
    if (text.find(word) == std::string::npos) continue;
    const rest::request_options why("banned word");
    if (auto r = co_await api.delete_message(m.channel_id, m.id, why); !r)
      std::fprintf(stderr, "delete failed: %s\n", r.error().describe().c_str());
    auto warned = co_await api.create_message(m.channel_id, author + ", please mind your language.");
    if (!warned) std::fprintf(stderr, "warning failed: %s\n", warned.error().describe().c_str());
    co_return;
  }
  if (!m.content.starts_with("!kick ")) co_return;
  if (!(allowed & kick_members)) {
    auto denied = co_await api.create_message(m.channel_id, author + ", you need Kick Members for that.");
    (void)denied;
    co_return;
  }
  const auto digits = m.content.find_first_of("0123456789");  // "<@123>" or "<@!123>"
  const auto target = digits == std::string::npos ? 0 : std::strtoull(m.content.c_str() + digits, nullptr, 10);
  const auto path = "/guilds/" + std::to_string(m.guild_id) + "/members/" + std::to_string(target);
  const std::optional<json::value> no_body;
  const rest::request_options reason("kicked by " + std::to_string(m.author_id));
  auto kicked = co_await api.request(boost::beast::http::verb::delete_, path, no_body, reason);
  const auto reply = kicked ? "Kicked <@" + std::to_string(target) + ">." : "Cannot kick: " + kicked.error().describe();
  auto said = co_await api.create_message(m.channel_id, reply);
  (void)said;
}

asio::awaitable<void> run(asio::io_context& io, rest::rest_client& api, std::string token,
                          std::vector<std::string> banned, std::unique_ptr<gw::client>& bot) {
  auto gateway = co_await api.get_gateway_bot();
  if (!gateway) {
    std::fprintf(stderr, "GET /gateway/bot: %s\n", gateway.error().describe().c_str());
    io.stop();
    co_return;
  }
  gw::client_options options;
  options.gateway_url = gateway->url;
  options.token = std::move(token);
  options.intents = 1 | (1 << 9) | (1 << 15);  // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
  options.cache = true;                        // guild roles and owners for the permission check
  bot = std::make_unique<gw::client>(io.get_executor(), std::move(options));

  auto self = std::make_shared<std::uint64_t>(0);
  bot->on<gw::ready>([self](const gw::ready& r) {
    *self = r.user_id;
    std::printf("moderating as %llu\n", static_cast<unsigned long long>(r.user_id));
    std::fflush(stdout);
  });
  bot->on<gw::message_create>([self, &io, &api, &bot, banned](const gw::message_create& m) {
    if (m.author_id == *self || m.guild_id == 0) return;
    const auto* guild = bot->cache()->guild(m.guild_id);
    const auto* member = m.data.if_contains("member");
    const auto allowed = guild && member && member->is_object()
                             ? permissions_of(*guild, m.author_id, member->get_object()) : 0;
    asio::co_spawn(io, moderate(api, m, banned, allowed), asio::detached);
  });
  bot->start();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <base url> <bot token> [banned word ...]\n", argv[0]);
    return 2;
  }
  std::vector<std::string> banned;
  for (int i = 3; i < argc; ++i) banned.push_back(lowercase(argv[i]));
  if (banned.empty()) banned.push_back("darn");

  asio::io_context io;  // one thread: the REST client and the gateway client share it
  rest::rest_client_options rest_options;
  rest_options.base_url = argv[1];
  rest_options.authorization = rest::bot_authorization(argv[2]);
  auto api = rest::rest_client::create(io.get_executor(), std::move(rest_options));
  if (!api) return std::fprintf(stderr, "bad base url: %s\n", api.error().message().c_str()), 2;

  std::unique_ptr<gw::client> bot;
  asio::co_spawn(io, run(io, **api, argv[2], std::move(banned), bot), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    if (bot) bot->stop([&io] { io.stop(); });
    else io.stop();
  });
  io.run();
}
