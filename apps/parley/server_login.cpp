// Which server and token a client command uses: see server_login.hpp.
#include "apps/parley/server_login.hpp"

#include "client/runtime/gateway_requests.hpp"

namespace parley::apps {

result<server_login> resolve_login(const client_command& command, const std::optional<client_config>& saved,
                                   const std::function<const char*(const char*)>& getenv, std::string& problem) {
  server_login login;
  login.server = command.server;
  login.authorization = command.token;
  if (const char* env = getenv("PARLEY_SERVER"); login.server.empty() && env) login.server = env;
  if (const char* env = getenv("PARLEY_TOKEN"); login.authorization.empty() && env) login.authorization = env;
  login.from_config = saved && login.server.empty() && login.authorization.empty();
  if (saved) {
    if (login.server.empty()) login.server = saved->server;
    if (login.authorization.empty()) login.authorization = saved->token;
    if (!saved->status.empty()) login.status = saved->status;
  }
  if (login.server.empty() || login.authorization.empty()) {
    problem = "not logged in: run `parley login --server URL --username NAME`, or pass --server and --token "
              "(or PARLEY_SERVER and PARLEY_TOKEN)";
    return make_error_code(boost::system::errc::invalid_argument);
  }
  login.bot = login.authorization.starts_with("Bot ");
  return login;
}

std::uint64_t client_intents(bool bot) {
  constexpr std::uint64_t guilds = 1, guild_members = 1 << 1, guild_presences = 1 << 8, guild_messages = 1 << 9,
                          guild_typing = 1 << 11, direct_messages = 1 << 12, direct_typing = 1 << 14,
                          message_content = 1 << 15;
  constexpr std::uint64_t unprivileged = guilds | guild_messages | guild_typing | direct_messages | direct_typing;
  return bot ? unprivileged : unprivileged | guild_members | guild_presences | message_content;
}

result<std::unique_ptr<client::rest::rest_client>> make_rest_client(boost::asio::any_io_executor executor,
                                                                 const server_login& login) {
  client::rest::rest_client_options options;
  options.base_url = login.server;
  options.authorization = login.authorization;
  options.user_agent = "DiscordBot (https://github.com/parley, 0.1) parley-cli";
  options.request_timeout = std::chrono::milliseconds{20'000};
  return client::rest::rest_client::create(std::move(executor), std::move(options));
}

client::client_options make_gateway_options(std::string gateway_url, const server_login& login) {
  client::client_options options;
  options.gateway_url = std::move(gateway_url);
  options.token = login.bot ? login.authorization.substr(4) : login.authorization;
  options.intents = client_intents(login.bot);
  options.browser = "parley-cli";
  options.cache = false;
  client::presence_params presence;
  presence.status = login.status;
  options.presence = client::presence_payload(presence);
  return options;
}

} // namespace parley::apps
