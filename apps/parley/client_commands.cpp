// The scriptable client commands of `parley`: see client_commands.hpp. Each command runs one
// coroutine on a single-threaded io_context, shared by the REST client and, for tail and status,
// the gateway runtime (both require one executor).
#include "apps/parley/client_commands.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include "apps/parley/client_config.hpp"
#include "apps/parley/message_format.hpp"
#include "apps/parley/password_prompt.hpp"
#include "apps/parley/server_login.hpp"
#include "client/runtime/client.hpp"

namespace parley::apps {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace rest = client::rest;
using rest::rest_client;

int api_failure(const rest::rest_error& e) {
  std::cerr << "parley: " << e.describe() << "\n";
  return exit_api_error;
}

int usage_failure(const std::string& what) {
  std::cerr << "parley: " << what << "\n";
  return exit_usage;
}

// The message text: the words on the command line, else all of stdin minus one final newline.
std::string message_text(const client_command& c) {
  if (!c.words.empty()) return joined_text(c.words);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (text.ends_with("\n")) text.pop_back();
  if (text.ends_with("\r")) text.pop_back();
  return text;
}

result<std::filesystem::path> default_config_path() {
  return config_path([](const char* name) { return std::getenv(name); });
}

// Everything one command needs while it runs.
struct command_run {
  asio::io_context io;
  client_command command;
  server_login login;
  std::unique_ptr<rest_client> api;
  std::unique_ptr<client::client> gateway;
  // Cancelled when tail/status should end; here rather than in the coroutine's frame because the
  // gateway's stop completion may still cancel it after the coroutine returned.
  std::optional<asio::steady_timer> done;
  int exit_code = exit_ok;
};

template <class Range>
void print_json_array(const Range& items) {
  json::array a;
  for (const auto& item : items) a.push_back(item.raw);
  std::cout << json::serialize(a) << "\n";
}

asio::awaitable<int> list_guilds(command_run& run) {
  auto guilds = co_await run.api->get_current_user_guilds();
  if (!guilds) co_return api_failure(guilds.error());
  if (run.command.json) print_json_array(*guilds);
  else
    for (const auto& g : *guilds) std::cout << format_guild_line(g.raw) << "\n";
  co_return exit_ok;
}

asio::awaitable<int> list_channels(command_run& run) {
  auto channels = co_await run.api->get_guild_channels(run.command.guild_id);
  if (!channels) co_return api_failure(channels.error());
  if (run.command.json) print_json_array(*channels);
  else
    for (const auto& c : *channels) std::cout << format_channel_line(c.raw) << "\n";
  co_return exit_ok;
}

asio::awaitable<int> send_to(command_run& run, rest::snowflake channel_id, std::string text) {
  rest::message_create params(std::move(text));
  auto sent = co_await run.api->create_message(channel_id, std::move(params));
  if (!sent) co_return api_failure(sent.error());
  if (run.command.json) std::cout << json::serialize(sent->raw) << "\n";
  else std::cout << sent->id << "\n";
  co_return exit_ok;
}

asio::awaitable<int> send_message(command_run& run) {
  auto text = message_text(run.command);
  if (text.empty()) co_return usage_failure("the message is empty");
  co_return co_await send_to(run, run.command.channel_id, std::move(text));
}

asio::awaitable<int> send_dm(command_run& run) {
  auto text = message_text(run.command);
  if (text.empty()) co_return usage_failure("the message is empty");
  auto dm = co_await run.api->create_dm(run.command.user_id);
  if (!dm) co_return api_failure(dm.error());
  co_return co_await send_to(run, dm->id, std::move(text));
}

asio::awaitable<int> print_history(command_run& run) {
  const rest::history_query query(run.command.before, 0, 0, run.command.limit);
  auto messages = co_await run.api->get_messages(run.command.channel_id, query);
  if (!messages) co_return api_failure(messages.error());
  // JSON keeps the API's order (newest first); text reads like a chat log (oldest first).
  if (run.command.json) print_json_array(*messages);
  else
    for (auto it = messages->rbegin(); it != messages->rend(); ++it) std::cout << format_message_line(it->raw) << "\n";
  co_return exit_ok;
}

// Starts the gateway session for tail/status; false (with exit_code set) when it cannot.
asio::awaitable<bool> open_gateway(command_run& run) {
  auto info = co_await run.api->get_gateway_bot();
  if (!info) {
    run.exit_code = api_failure(info.error());
    co_return false;
  }
  run.gateway = std::make_unique<client::client>(run.io.get_executor(), make_gateway_options(info->url, run.login));
  run.gateway->on<client::disconnected>([&run](const client::disconnected& d) {
    if (d.will_reconnect) return;
    if (d.code != 1000 || d.by_server) {
      std::cerr << "parley: gateway closed (" << d.code << (d.reason.empty() ? "" : " " + d.reason)
                << (d.error ? ", " + d.error.message() : std::string()) << ")\n";
      run.exit_code = exit_api_error;
    }
  });
  co_return true;
}

// Waits until SIGINT/SIGTERM or the gateway stopping for good, then stops the session.
asio::awaitable<void> until_interrupted(command_run& run) {
  run.done.emplace(run.io, asio::steady_timer::time_point::max());
  asio::signal_set signals(run.io, SIGINT, SIGTERM, SIGHUP);
  signals.async_wait([&run](const boost::system::error_code& ec, int) {
    if (!ec) run.gateway->stop([&run] { run.done->cancel(); });
  });
  run.gateway->on<client::disconnected>([&run](const client::disconnected& d) {
    if (!d.will_reconnect) run.done->cancel();
  });
  run.gateway->start();
  boost::system::error_code ec;
  co_await run.done->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  signals.cancel();
}

asio::awaitable<int> tail_channel(command_run& run) {
  auto channel = co_await run.api->get_channel(run.command.channel_id);
  if (!channel) co_return api_failure(channel.error());
  if (!co_await open_gateway(run)) co_return run.exit_code;
  const auto label = channel_label(channel->raw);
  run.gateway->on<client::ready>([label](const client::ready&) {
    std::cerr << "parley: tailing " << label << " (Ctrl-C to stop)" << std::endl;
  });
  run.gateway->on<client::message_create>([&run](const client::message_create& m) {
    if (m.channel_id != run.command.channel_id) return;
    if (run.command.json) std::cout << json::serialize(m.data) << std::endl;
    else std::cout << format_message_line(m.data) << std::endl;
  });
  co_await until_interrupted(run);
  co_return run.exit_code;
}

asio::awaitable<int> set_status(command_run& run) {
  if (!co_await open_gateway(run)) co_return run.exit_code;
  run.gateway->on<client::ready>([&run](const client::ready&) {
    client::presence_params presence;
    presence.status = run.command.status;
    if (auto sent = run.gateway->send_presence(presence); !sent) {
      std::cerr << "parley: presence update not sent: " << sent.error().message() << "\n";
      run.exit_code = exit_api_error;
      run.gateway->stop();
      return;
    }
    if (run.command.json) std::cout << json::serialize(json::object{{"status", run.command.status}}) << std::endl;
    else std::cout << "status: " << run.command.status << std::endl;
    // Presence lives as long as a session: without --stay, give the server a moment to apply
    // and fan it out, then close.
    if (!run.command.stay) {
      auto timer = std::make_shared<asio::steady_timer>(run.io, std::chrono::milliseconds{500});
      timer->async_wait([&run, timer](const boost::system::error_code&) { run.gateway->stop(); });
    }
  });
  co_await until_interrupted(run);
  co_return run.exit_code;
}

asio::awaitable<int> dispatch(command_run& run) {
  switch (run.command.action) {
    case client_action::guilds: co_return co_await list_guilds(run);
    case client_action::channels: co_return co_await list_channels(run);
    case client_action::send: co_return co_await send_message(run);
    case client_action::dm: co_return co_await send_dm(run);
    case client_action::history: co_return co_await print_history(run);
    case client_action::tail: co_return co_await tail_channel(run);
    case client_action::status: co_return co_await set_status(run);
    default: co_return exit_usage;
  }
}

asio::awaitable<int> login_call(command_run& run, std::string password, json::object& answer) {
  json::value body = json::object{{"login", run.command.username}, {"password", std::move(password)}};
  auto r = co_await run.api->request(boost::beast::http::verb::post, "/auth/login", std::move(body));
  if (!r) co_return api_failure(r.error());
  const auto* token = r->is_object() ? r->get_object().if_contains("token") : nullptr;
  if (!token || !token->is_string()) {
    std::cerr << "parley: the server's login answer has no token\n";
    co_return exit_api_error;
  }
  answer = std::move(r->get_object());
  co_return exit_ok;
}

asio::awaitable<int> logout_call(command_run& run) {
  auto r = co_await run.api->request(boost::beast::http::verb::post, "/auth/logout");
  // The token may already be invalid (reset, logged out elsewhere): the local logout still counts.
  if (!r) std::cerr << "parley: the server did not end the session (" << r.error().describe() << ")\n";
  co_return exit_ok;
}

int run_coroutine(command_run& run, asio::awaitable<int> (*body)(command_run&)) {
  asio::co_spawn(run.io, body(run), [&run](std::exception_ptr e, int code) {
    run.exit_code = code;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "parley: " << ex.what() << "\n";
      }
      run.exit_code = exit_api_error;
    }
  });
  run.io.run();
  return run.exit_code;
}

int login(command_run& run, const std::filesystem::path& path) {
  auto password = read_password(run.command.password_stdin);
  if (!password) return usage_failure("no password given (use a terminal, or --password-stdin)");
  run.login.server = run.command.server;
  auto api = make_rest_client(run.io.get_executor(), run.login);
  if (!api) return usage_failure("bad server URL: " + run.command.server);
  run.api = std::move(*api);
  json::object answer;
  asio::co_spawn(run.io, login_call(run, std::move(*password), answer),
                 [&run](std::exception_ptr e, int code) { run.exit_code = e ? exit_api_error : code; });
  run.io.run();
  if (run.exit_code != exit_ok) return run.exit_code;
  client_config saved;
  saved.server = run.command.server;
  saved.token = std::string(answer.at("token").get_string());
  if (const auto* id = answer.if_contains("user_id"); id && id->is_string()) saved.user_id = std::string(id->get_string());
  saved.username = run.command.username;
  if (auto stored = save_client_config(path, saved); !stored) {
    std::cerr << "parley: cannot write " << path.string() << ": " << stored.error().message() << "\n";
    return exit_api_error;
  }
  std::cerr << "Logged in as " << saved.username << " (" << saved.user_id << "); token saved in " << path.string()
            << "\n";
  return exit_ok;
}

int logout(command_run& run, const std::filesystem::path& path, const std::optional<client_config>& saved) {
  if (!saved) {
    std::cerr << "parley: not logged in\n";
    return exit_ok;
  }
  run.login.server = saved->server;
  run.login.authorization = saved->token;
  if (auto api = make_rest_client(run.io.get_executor(), run.login)) {
    run.api = std::move(*api);
    run_coroutine(run, logout_call);
  }
  if (auto removed = remove_client_config(path); !removed) {
    std::cerr << "parley: cannot delete " << path.string() << ": " << removed.error().message() << "\n";
    return exit_api_error;
  }
  std::cerr << "Logged out\n";
  return exit_ok;
}

} // namespace

int run_client_command(const client_command& command) {
  std::signal(SIGPIPE, SIG_IGN);  // `parley tail | head` ends with a write error, not a signal
  command_run run;
  run.command = command;
  auto path = default_config_path();
  if (!path && (command.action == client_action::login || command.action == client_action::logout))
    return usage_failure("set HOME or XDG_CONFIG_HOME to save the login");
  std::optional<client_config> saved;
  if (path) {
    auto loaded = load_client_config(*path);
    if (!loaded) {
      std::cerr << "parley: cannot read " << path->string() << ": " << loaded.error().message() << "\n";
      if (command.action != client_action::login) return exit_usage;
    } else {
      saved = std::move(*loaded);
    }
  }
  if (command.action == client_action::login) return login(run, *path);
  if (command.action == client_action::logout) return logout(run, *path, saved);

  std::string problem;
  auto resolved = resolve_login(command, saved, [](const char* name) { return std::getenv(name); }, problem);
  if (!resolved) return usage_failure(problem);
  run.login = std::move(*resolved);
  if (command.action == client_action::status && path && run.login.from_config) {
    // Remembered for the Identify of later sessions (chat, tail).
    saved->status = command.status;
    if (auto stored = save_client_config(*path, *saved); !stored)
      std::cerr << "parley: cannot save the status: " << stored.error().message() << "\n";
  }
  auto api = make_rest_client(run.io.get_executor(), run.login);
  if (!api) return usage_failure("bad server URL: " + run.login.server);
  run.api = std::move(*api);
  return run_coroutine(run, dispatch);
}

} // namespace parley::apps
