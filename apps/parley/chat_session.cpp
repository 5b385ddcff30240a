// The interactive terminal client: see chat_session.hpp. Everything runs on one thread: the REST
// client, the gateway runtime's strand, stdin readiness, signals and the redraw all share one
// io_context, so the model and curses are never touched concurrently.
#include "apps/parley/chat_session.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "apps/parley/chat_model.hpp"
#include "apps/parley/chat_screen.hpp"
#include "apps/parley/client_commands.hpp"
#include "apps/parley/client_config.hpp"
#include "apps/parley/input_line.hpp"
#include "apps/parley/server_login.hpp"
#include "client/runtime/client.hpp"

// Last: curses defines macros (timeout, clear, move, erase, refresh) that break Asio's headers.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

namespace parley::apps {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace rest = client::rest;

constexpr int history_page = 50;
// Discord clients repeat the typing request while the user keeps typing; one lasts about 10 s.
constexpr auto typing_repeat = std::chrono::seconds{8};

std::string utf8_of(wchar_t c) {
  const auto cp = static_cast<std::uint32_t>(c);
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) return {};
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp <= 0x10FFFF) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

class chat_session {
 public:
  explicit chat_session(server_login login)
      : login_(std::move(login)), input_fd_(io_, ::dup(STDIN_FILENO)), signals_(io_, SIGINT, SIGTERM, SIGHUP),
        tick_(io_), grace_(io_) {}

  int run() {
    auto api = make_rest_client(io_.get_executor(), login_);
    if (!api) {
      std::cerr << "parley: bad server URL: " << login_.server << "\n";
      return exit_usage;
    }
    api_ = std::move(*api);
    spawn(start());
    io_.run();
    screen_.stop();
    if (!failure_.empty()) std::cerr << failure_ << "\n";
    if (in_flight_ > 0) {
      // A REST call outlived the grace period (a server that stopped answering). Its coroutine
      // frame points into the REST client; destroying the two in some order would be unsafe, and
      // the process is ending anyway.
      std::cout.flush();
      std::cerr.flush();
      std::_Exit(exit_code_);
    }
    return exit_code_;
  }

 private:
  // Every coroutine of the session goes through here, so quit() can wait for them (see run()).
  void spawn(asio::awaitable<void> task) {
    ++in_flight_;
    asio::co_spawn(io_, std::move(task), [this](std::exception_ptr e) {
      --in_flight_;
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          fail(std::string("parley: ") + ex.what());
        }
      }
      finish_if_idle();
    });
  }

  void finish_if_idle() {
    if (!quitting_ || !gateway_stopped_ || in_flight_ > 0) return;
    grace_.cancel();
    io_.stop();
  }

  void fail(std::string message) {
    failure_ = std::move(message);
    exit_code_ = exit_api_error;
    quit();
  }

  asio::awaitable<void> start() {
    auto me = co_await api_->get_current_user();
    if (!me) {
      fail("parley: " + me.error().describe());
      co_return;
    }
    model_.set_self(me->raw);
    model_.set_presence(me->id, login_.status);
    auto dms = co_await api_->request(boost::beast::http::verb::get, "/users/@me/channels");
    if (dms && dms->is_array()) model_.add_channels(dms->get_array());
    auto gateway = co_await api_->get_gateway_bot();
    if (!gateway) {
      fail("parley: " + gateway.error().describe());
      co_return;
    }
    if (quitting_) co_return;

    screen_.start();
    // After initscr, so this handler replaces the one curses installs.
    winch_ = std::make_unique<asio::signal_set>(io_, SIGWINCH);
    wait_winch();
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) quit();
    });
    status_ = "connecting\u2026";
    start_gateway(gateway->url);
    wait_input();
    tick();
    ensure_history();
    redraw();
  }

  void start_gateway(std::string url) {
    gateway_ = std::make_unique<client::client>(io_.get_executor(), make_gateway_options(std::move(url), login_));
    gateway_->on<client::ready>([this](const client::ready& r) {
      model_.apply("READY", r.data, chat_clock::now());
      status_ = "connected";
      // A new session (not a resume) after the first: messages sent while we were away were not
      // replayed, so fetch the newest page of every channel we had open again (merged by id).
      if (ready_count_++ > 0) {
        for (auto id : model_.channel_order()) {
          const auto* ch = model_.channel(id);
          if (ch && ch->history_requested) spawn(load_history(id, 0));
        }
      }
      changed();
    });
    gateway_->on<client::resumed>([this](const client::resumed&) {
      status_ = "connected";
      changed();
    });
    gateway_->on<client::raw_dispatch>([this](const client::raw_dispatch& d) {
      if (!d.data.is_object()) return;
      model_.apply(d.name, d.data.get_object(), chat_clock::now());
      changed();
    });
    gateway_->on<client::disconnected>([this](const client::disconnected& d) {
      if (quitting_) return;
      status_ = d.will_reconnect ? "disconnected (" + std::to_string(d.code) + "), reconnecting\u2026"
                                 : "gateway closed (" + std::to_string(d.code) + " " + d.reason +
                                       "): live updates stopped; /quit to leave";
      changed();
    });
    gateway_->start();
  }

  void quit() {
    if (quitting_) return;
    quitting_ = true;
    signals_.cancel();
    tick_.cancel();
    if (winch_) winch_->cancel();
    input_fd_.cancel();
    // The gateway's close handshake is bounded by the core's close timeout; the io_context ends
    // when everything has finished, or after this grace period at the latest.
    grace_.expires_after(std::chrono::seconds{3});
    grace_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) io_.stop();
    });
    if (gateway_) {
      gateway_->stop([this] {
        gateway_stopped_ = true;
        finish_if_idle();
      });
    } else {
      gateway_stopped_ = true;
      finish_if_idle();
    }
  }

  void wait_winch() {
    winch_->async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      screen_.resize();
      redraw();
      wait_winch();
    });
  }

  void tick() {
    tick_.expires_after(std::chrono::seconds{1});
    tick_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      redraw();  // typing indicators expire
      tick();
    });
  }

  void wait_input() {
    input_fd_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
      if (ec || quitting_) return;
      read_keys();
      if (!quitting_) wait_input();
    });
  }

  void read_keys() {
    wint_t ch = 0;
    int kind = 0;
    while (!quitting_ && (kind = get_wch(&ch)) != ERR) on_key(kind == KEY_CODE_YES, ch);
    redraw();
  }

  void on_key(bool special, wint_t ch) {
    if (special) {
      switch (ch) {
        case KEY_ENTER: submit(); break;
        case KEY_BACKSPACE: input_.backspace(); break;
        case KEY_DC: input_.delete_forward(); break;
        case KEY_LEFT: input_.left(); break;
        case KEY_RIGHT: input_.right(); break;
        case KEY_HOME: input_.home(); break;
        case KEY_END: input_.end(); break;
        case KEY_BTAB: switch_channel(-1); break;
        case KEY_PPAGE: model_.scroll += page_rows_; break;
        case KEY_NPAGE: model_.scroll -= page_rows_; break;
        case KEY_UP: model_.scroll += 1; break;
        case KEY_DOWN: model_.scroll -= 1; break;
        case KEY_RESIZE: screen_.resize(); break;
        default: break;
      }
      return;
    }
    switch (ch) {
      case '\r':
      case '\n': submit(); return;
      case '\t':
      case 14: switch_channel(1); return;   // Ctrl-N
      case 16: switch_channel(-1); return;  // Ctrl-P
      case 127:
      case 8: input_.backspace(); return;
      case 21: input_.clear(); return;      // Ctrl-U
      case 1: input_.home(); return;        // Ctrl-A
      case 5: input_.end(); return;         // Ctrl-E
      case 12: clearok(curscr, TRUE); return;  // Ctrl-L
      case 4:                                  // Ctrl-D on an empty line
        if (input_.empty()) quit();
        return;
      default: break;
    }
    if (ch < 32) return;
    input_.insert(utf8_of(static_cast<wchar_t>(ch)));
    maybe_send_typing();
  }

  void switch_channel(int delta) {
    model_.select_relative(delta);
    ensure_history();
  }

  void maybe_send_typing() {
    const auto channel = model_.current_channel();
    if (channel == 0 || input_.text().starts_with("/")) return;
    const auto now = chat_clock::now();
    auto [it, fresh] = last_typing_.try_emplace(channel, now);
    if (!fresh && now - it->second < typing_repeat) return;
    it->second = now;
    spawn(send_typing(channel));
  }

  asio::awaitable<void> send_typing(std::uint64_t channel) {
    auto r = co_await api_->trigger_typing(channel);
    (void)r;  // a lost typing indicator is not worth a message
  }

  void submit() {
    auto text = input_.take();
    if (text.empty()) return;
    if (text.starts_with("/") && !text.starts_with("//")) {
      run_command(text);
      return;
    }
    if (text.starts_with("//")) text.erase(0, 1);  // "//x" sends "/x"
    const auto channel = model_.current_channel();
    if (channel == 0) {
      status_ = "no channel selected";
      return;
    }
    last_typing_.erase(channel);
    spawn(send_message(channel, std::move(text)));
  }

  void run_command(const std::string& line) {
    const auto space = line.find(' ');
    const std::string name = line.substr(0, space);
    std::string arg = space == std::string::npos ? std::string() : line.substr(space + 1);
    while (!arg.empty() && arg.back() == ' ') arg.pop_back();
    if (name == "/quit" || name == "/exit" || name == "/q") {
      quit();
    } else if (name == "/join" || name == "/j") {
      if (model_.select_by_name(arg)) ensure_history();
      else status_ = "no channel named " + arg;
    } else if (name == "/status") {
      if (arg != "online" && arg != "idle" && arg != "dnd" && arg != "invisible") {
        status_ = "usage: /status online|idle|dnd|invisible";
        return;
      }
      client::presence_params presence;
      presence.status = arg;
      if (auto sent = gateway_ ? gateway_->send_presence(presence) : result<void>(); !sent) {
        status_ = "status not sent: " + sent.error().message();
        return;
      }
      model_.set_presence(model_.self_id(), arg);
      status_ = "status: " + arg;
    } else if (name == "/dm") {
      std::uint64_t user = 0;
      try {
        user = std::stoull(arg);
      } catch (const std::exception&) {
        status_ = "usage: /dm USER_ID";
        return;
      }
      spawn(open_dm(user));
    } else if (name == "/help") {
      status_ = "Enter send  Tab/^N ^P channels  PgUp/PgDn scroll  /join NAME  /dm ID  /status S  /quit";
    } else {
      status_ = "unknown command " + name + " (/help)";
    }
  }

  asio::awaitable<void> send_message(std::uint64_t channel, std::string text) {
    rest::message_create params(std::move(text));
    auto sent = co_await api_->create_message(channel, std::move(params));
    if (sent) model_.add_message(sent->raw);
    else status_ = "not sent: " + sent.error().describe();
    changed();
  }

  asio::awaitable<void> open_dm(std::uint64_t user) {
    auto dm = co_await api_->create_dm(user);
    if (!dm) {
      status_ = "/dm: " + dm.error().describe();
    } else {
      json::array one;
      one.push_back(dm->raw);
      model_.add_channels(one);
      model_.select(dm->id);
      ensure_history();
    }
    changed();
  }

  // Loads the newest page of the current channel once.
  void ensure_history() {
    auto* ch = model_.channel(model_.current_channel());
    if (!ch || ch->history_requested || ch->loading_older) return;
    ch->loading_older = true;
    spawn(load_history(ch->id, 0));
  }

  void load_older() {
    auto* ch = model_.channel(model_.current_channel());
    if (!ch || !ch->history_requested || ch->loading_older || ch->history_complete) return;
    ch->loading_older = true;
    const auto oldest = ch->messages.empty() ? 0 : ch->messages.front().id;
    spawn(load_history(ch->id, oldest));
  }

  asio::awaitable<void> load_history(std::uint64_t channel, std::uint64_t before) {
    const rest::history_query query(before, 0, 0, history_page);
    auto page = co_await api_->get_messages(channel, query);
    auto* ch = model_.channel(channel);
    if (!ch) co_return;
    if (!page) {
      status_ = "history: " + page.error().describe();
      // Do not retry on every redraw; the channel shows what it has.
      ch->history_requested = true;
      ch->loading_older = false;
      ch->history_complete = true;
      changed();
      co_return;
    }
    json::array messages;
    messages.reserve(page->size());
    for (auto& m : *page) messages.push_back(std::move(m.raw));
    model_.add_history(channel, messages, static_cast<int>(messages.size()) < history_page);
    changed();
  }

  void changed() {
    ensure_history();
    redraw();
  }

  // Coalesces many events into one draw.
  void redraw() {
    if (redraw_pending_ || quitting_) return;
    redraw_pending_ = true;
    asio::post(io_, [this] {
      redraw_pending_ = false;
      if (quitting_) return;
      const auto drawn = screen_.draw(model_, input_, status_, chat_clock::now());
      page_rows_ = drawn.page_rows;
      if (drawn.at_top) load_older();
    });
  }

  asio::io_context io_;
  server_login login_;
  std::unique_ptr<rest::rest_client> api_;
  std::unique_ptr<client::client> gateway_;
  chat_model model_;
  chat_screen screen_;
  input_line input_;
  std::string status_;
  asio::posix::stream_descriptor input_fd_;
  asio::signal_set signals_;
  std::unique_ptr<asio::signal_set> winch_;
  asio::steady_timer tick_;
  asio::steady_timer grace_;  // bounds the wait for the gateway and REST calls after quit()
  std::unordered_map<std::uint64_t, chat_clock::time_point> last_typing_;
  int page_rows_ = 10;
  int ready_count_ = 0;
  bool redraw_pending_ = false;
  bool quitting_ = false;
  bool gateway_stopped_ = false;
  int in_flight_ = 0;  // coroutines started by spawn() and not finished
  int exit_code_ = exit_ok;
  std::string failure_;
};

} // namespace

int run_chat(const client_command& command) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) {
    std::cerr << "parley: the interactive chat needs a terminal (see `parley --help` for scriptable commands)\n";
    return exit_usage;
  }
  std::optional<client_config> saved;
  if (auto path = config_path([](const char* name) { return std::getenv(name); })) {
    auto loaded = load_client_config(*path);
    if (!loaded) {
      std::cerr << "parley: cannot read " << path->string() << ": " << loaded.error().message() << "\n";
      return exit_usage;
    }
    saved = std::move(*loaded);
  }
  std::string problem;
  auto login = resolve_login(command, saved, [](const char* name) { return std::getenv(name); }, problem);
  if (!login) {
    std::cerr << "parley: " << problem << "\n";
    return exit_usage;
  }
  std::signal(SIGPIPE, SIG_IGN);
  chat_session session(std::move(*login));
  return session.run();
}

} // namespace parley::apps
