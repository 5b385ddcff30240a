#include "apps/parley/admin.hpp"

#include <iostream>
#include <memory>

#include <boost/json/serialize.hpp>

#include "bus/inproc/inproc_bus.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::apps {
namespace {

struct admin_options {
  std::string data = "./data";
  std::string username, password, email, owner, name, application, destination;
  unsigned limit = 1000;
};

// The services over the data directory's store, for one command.
struct admin_session {
  explicit admin_session(const admin_options& o) : passwords(service::password_cost::interactive) {
    store::sqlite_store::options so;
    so.path = std::filesystem::path(o.data) / "parley.db";
    so.readers = 1;
    auto opened = store::sqlite_store::open(so);
    if (!opened) throw std::runtime_error("cannot open " + so.path.string() + ": " + opened.error().message());
    db = std::move(*opened);
    ctx.emplace(service::context{*db, bus, ids, clock, passwords, nullptr, nullptr});
  }
  ~admin_session() { db->close(); }

  std::optional<model::user> user_named(const std::string& name) {
    auto u = db->user_by_login(name);
    if (!u || !*u) return std::nullopt;
    return **u;
  }

  std::unique_ptr<store::sqlite_store> db;
  bus::inproc_bus bus;  // nobody listens: the running server is not told, and needs no telling for these
  model::snowflake_generator ids{31};  // worker 31 is reserved for offline tools
  service::system_clock clock;
  service::password_hasher passwords;
  std::optional<service::context> ctx;
};

int report(const model::api_error& e) {
  std::cerr << "error: " << e.message();
  if (e.has_field_errors()) std::cerr << " " << boost::json::serialize(e.errors());
  std::cerr << "\n";
  return 1;
}

} // namespace

void add_admin_commands(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<admin_options>();
  auto* admin = app.add_subcommand("admin", "administer a data directory");
  admin->add_option("--data", opts->data, "data directory")->envname("PARLEY_DATA");
  admin->require_subcommand(1);

  auto* create_user = admin->add_subcommand("create-user", "create an account (a person)");
  create_user->add_option("username", opts->username)->required();
  create_user->add_option("--password", opts->password, "password (or PARLEY_PASSWORD)")->envname("PARLEY_PASSWORD")->required();
  create_user->add_option("--email", opts->email);
  create_user->callback([opts, &exit_code] {
    admin_session s(*opts);
    auto u = service::accounts(*s.ctx).create_user(opts->username, opts->password,
                                                   opts->email.empty() ? std::nullopt : std::optional<std::string_view>(opts->email));
    if (!u) { exit_code = report(u.error()); return; }
    std::cout << u->id << "\n";
  });

  auto* create_bot = admin->add_subcommand("create-bot", "create a bot application owned by a user; prints the bot token");
  create_bot->add_option("name", opts->name)->required();
  create_bot->add_option("--owner", opts->owner, "owner's username")->required();
  create_bot->callback([opts, &exit_code] {
    admin_session s(*opts);
    auto owner = s.user_named(opts->owner);
    if (!owner) { std::cerr << "error: no user named " << opts->owner << "\n"; exit_code = 1; return; }
    auto created = service::applications(*s.ctx).create(*owner, boost::json::object{{"name", opts->name}});
    if (!created) { exit_code = report(created.error()); return; }
    std::cerr << "application " << created->view.app.id << ", bot " << created->view.bot.username << "#"
              << created->view.bot.discriminator << "\n";
    std::cout << created->bot_token << "\n";
  });

  auto* list = admin->add_subcommand("list", "list accounts (id, name, kind)");
  list->add_option("--limit", opts->limit);
  list->callback([opts, &exit_code] {
    admin_session s(*opts);
    auto users = s.db->list_users(0, opts->limit);
    if (!users) { std::cerr << "error: " << users.error().message() << "\n"; exit_code = 1; return; }
    for (const auto& u : *users)
      std::cout << u.id << "\t" << u.username << (u.bot ? "#" + u.discriminator : "") << "\t" << (u.bot ? "bot" : "user") << "\n";
  });

  auto* reset = admin->add_subcommand("reset-token", "issue a new bot token (older ones stop working); prints it");
  reset->add_option("application", opts->application, "application id")->required();
  reset->callback([opts, &exit_code] {
    admin_session s(*opts);
    const auto id = model::parse_snowflake(opts->application);
    auto found = id ? s.db->application_by_id(*id) : result<std::optional<model::application>>(std::nullopt);
    if (!found || !*found) { std::cerr << "error: no application " << opts->application << "\n"; exit_code = 1; return; }
    auto owner = s.db->user_by_id((*found)->owner_id);
    if (!owner || !*owner) { std::cerr << "error: the application has no owner\n"; exit_code = 1; return; }
    auto token = service::applications(*s.ctx).reset_bot_token(**owner, *id);
    if (!token) { exit_code = report(token.error()); return; }
    std::cout << *token << "\n";
  });

  auto* backup = admin->add_subcommand("backup", "online backup of the store to a file");
  backup->add_option("destination", opts->destination)->required();
  backup->callback([opts, &exit_code] {
    admin_session s(*opts);
    if (auto r = s.db->backup(opts->destination); !r) {
      std::cerr << "error: backup failed: " << r.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cerr << "backup written to " << opts->destination << "\n";
  });
}

} // namespace parley::apps
