// Which server and token a client command uses (issue 6 item 4): --server/--token, else
// PARLEY_SERVER/PARLEY_TOKEN, else the saved login of `parley login`; and
// the REST client and gateway options built from them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "apps/parley/client_config.hpp"
#include "apps/parley/command_line.hpp"
#include "client/rest/rest_client.hpp"
#include "client/runtime/client_options.hpp"

namespace parley::apps {

struct server_login {
  std::string server;
  std::string authorization;  // as sent in REST's Authorization header
  std::string status = "online";
  bool bot = false;           // the token is "Bot ..."
  bool from_config = false;   // server and token both came from the config file
};

// Fails with a message for the user when no server or token is known. `getenv` is injected for tests.
result<server_login> resolve_login(const client_command& command, const std::optional<client_config>& saved,
                                   const std::function<const char*(const char*)>& getenv, std::string& problem);

// Gateway intents for the client: everything a chat needs (messages, typing, presences, members,
// DMs); for a bot only the intents that need no privilege, so its Identify is never refused
// with 4014 (gateway.md §5.1).
std::uint64_t client_intents(bool bot);

result<std::unique_ptr<client::rest::rest_client>> make_rest_client(boost::asio::any_io_executor executor,
                                                                 const server_login& login);
client::client_options make_gateway_options(std::string gateway_url, const server_login& login);

} // namespace parley::apps
