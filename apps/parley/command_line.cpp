// The client subcommands' command line: see command_line.hpp.
#include "apps/parley/command_line.hpp"

namespace parley::apps {
namespace {

// --server/--token on every command that talks to a server, --json on those that print data.
// PARLEY_SERVER/PARLEY_TOKEN are read in resolve_login, not with CLI11's envname: CLI11 2.1 fills
// the environment into the options of every subcommand, parsed or not, and they share `out`.
void add_connection_options(CLI::App& cmd, client_command& out, bool json) {
  cmd.add_option("--server", out.server, "server base URL, e.g. http://127.0.0.1:8080 (env PARLEY_SERVER)");
  cmd.add_option("--token", out.token,
                 "token to use instead of the saved login, \"Bot <token>\" for bots (env PARLEY_TOKEN)");
  if (json) cmd.add_flag("--json", out.json, "print Discord's JSON objects (one per line for tail)");
}

CLI::App* subcommand(CLI::App& app, client_command& out, client_action action, std::string name,
                     std::string description, bool json = true) {
  auto* cmd = app.add_subcommand(std::move(name), std::move(description));
  add_connection_options(*cmd, out, json);
  cmd->callback([&out, action] { out.action = action; });
  return cmd;
}

} // namespace

void add_client_commands(CLI::App& app, client_command& out) {
  auto* login = app.add_subcommand("login", "log in and save the token in the config file");
  login->add_option("--server", out.server, "server base URL")->required();
  login->add_option("--username", out.username, "user name (or e-mail)")->required();
  login->add_flag("--password-stdin", out.password_stdin, "read the password from stdin instead of a prompt");
  login->callback([&out] { out.action = client_action::login; });

  subcommand(app, out, client_action::logout, "logout", "end the saved session and delete the token", false);
  subcommand(app, out, client_action::chat, "chat", "interactive full-screen chat (the default)", false);
  subcommand(app, out, client_action::guilds, "guilds", "list your guilds");

  auto* channels = subcommand(app, out, client_action::channels, "channels", "list a guild's channels");
  channels->add_option("guild", out.guild_id, "guild id")->required();

  auto* send = subcommand(app, out, client_action::send, "send", "send a message (text from stdin if none)");
  send->add_option("channel", out.channel_id, "channel id")->required();
  send->add_option("text", out.words, "message text");

  auto* history = subcommand(app, out, client_action::history, "history", "print a channel's messages, oldest first");
  history->add_option("channel", out.channel_id, "channel id")->required();
  history->add_option("--limit", out.limit, "how many (1-100)")->check(CLI::Range(1, 100));
  history->add_option("--before", out.before, "only messages older than this message id");

  auto* tail = subcommand(app, out, client_action::tail, "tail", "print new messages of a channel until interrupted");
  tail->add_option("channel", out.channel_id, "channel id")->required();

  auto* dm = subcommand(app, out, client_action::dm, "dm", "send a direct message (text from stdin if none)");
  dm->add_option("user", out.user_id, "user id")->required();
  dm->add_option("text", out.words, "message text");

  auto* status = subcommand(app, out, client_action::status, "status", "set your presence (gateway op 3)");
  status->add_option("status", out.status, "online, idle, dnd or invisible")
      ->required()
      ->check(CLI::IsMember({"online", "idle", "dnd", "invisible"}));
  status->add_flag("--stay", out.stay, "keep the session open (and the status shown) until interrupted");

  // The words after `voice` belong to the SDK's voice command line (client/voice/voice_cli.hpp), so
  // parley-voice and `parley voice` take the same options; CLI11 only collects them.
  auto* voice = app.add_subcommand("voice", "play FILE.wav into a voice channel, or record one: voice play|record "
                                            "--guild ID --channel ID [--url URL] [--token T] [--seconds N] FILE.wav");
  voice->prefix_command();
  voice->callback([&out, voice] {
    out.action = client_action::voice;
    out.voice_args = voice->remaining();
  });
}

std::string joined_text(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  return text;
}

} // namespace parley::apps
