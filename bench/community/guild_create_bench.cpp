// GUILD_CREATE size and build time for a guild of N members (issue 4 "Community", benchmarks;
// gateway.md §11.3, §7). The guild is created through service::guilds (default channels, @everyone,
// the owner) with 10 extra roles, then N members are written in one SQL transaction (the schema's
// triggers keep member_count, as for members who joined through the API); the store is reopened and
// then timed through the calls the gateway makes:
//   * Identify: service::gateway_sessions::guilds() with large_threshold 50 (the default) and 250 (the
//     maximum): the store read of the guild (roles, channels, up to threshold+1 members) and the
//     GUILD_CREATE object; then its serialization. A large guild carries only the receiver's member.
//   * Join: what publish_guild_create does for a user who just joined (store read of 100 members).
//   * Every member in one object (no large-guild cut): the upper bound, for comparison with servers that
//     send the whole list, built from guild_for_gateway(…, N + 1) and model::to_guild_create_json.
//   * Op 8 for every member (query "", limit 0): gateway_sessions::member_chunks, ⌈N / 1000⌉ chunks.
// Prints medians (ms) and the serialized bytes of each.
//
// Usage: parley-guild-create-bench [members=10000] [iterations=21] [dir=<temp>]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/serialize.hpp>

#include "bus/bus.hpp"
#include "model/guild_json.hpp"
#include "service/context.hpp"
#include "service/credentials.hpp"
#include "service/gateway_sessions.hpp"
#include "service/guilds.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace parley;
using clock_type = std::chrono::steady_clock;

constexpr std::int64_t t0 = 1'700'000'000'000;
constexpr std::uint64_t guild_members_intent = 1ULL << 1;

class discard_bus final : public parley::bus::bus {
 public:
  void publish(parley::bus::event_ptr) override {}
  void subscribe(std::function<void(const parley::bus::event_ptr&)>) override {}
};

class fixed_clock final : public service::clock {
 public:
  std::int64_t now_ms() const override { return t0; }
};

struct env {
  std::unique_ptr<store::sqlite_store> store;
  discard_bus events;
  model::snowflake_generator ids;
  fixed_clock time;
  service::password_hasher passwords{service::password_cost::minimal};
  std::unique_ptr<service::context> ctx;

  bool open(const std::filesystem::path& db) {
    store::sqlite_store::options o;
    o.path = db;
    auto s = store::sqlite_store::open(o);
    if (!s) {
      std::fprintf(stderr, "open: %s\n", s.error().message().c_str());
      return false;
    }
    store = std::move(*s);
    ctx = std::make_unique<service::context>(service::context{*store, events, ids, time, passwords, nullptr, nullptr});
    return true;
  }
};

bool exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sql error: %s\n", err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  return true;
}

// N users and their memberships; every member holds one or two of the guild's extra roles, one in
// ten has a nickname.
bool fill(const std::filesystem::path& path, model::snowflake guild_id, const std::vector<model::snowflake>& roles,
          std::int64_t n) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  bool ok = exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; BEGIN");
  sqlite3_stmt* user = nullptr;
  sqlite3_stmt* member = nullptr;
  sqlite3_stmt* role = nullptr;
  ok = ok && sqlite3_prepare_v2(db,
      "INSERT INTO users(id,username,discriminator,name_key,global_name,password_hash,bot,flags,created_ms) "
      "VALUES (?1,?2,'0',?2 || '#0',?3,'',0,0,?4)", -1, &user, nullptr) == SQLITE_OK;
  ok = ok && sqlite3_prepare_v2(db,
      "INSERT INTO members(guild_id,user_id,nick,nick_key,joined_ms,deaf,mute,flags,pending) "
      "VALUES (?1,?2,?3,lower(?3),?4,0,0,0,0)", -1, &member, nullptr) == SQLITE_OK;
  ok = ok && sqlite3_prepare_v2(db, "INSERT INTO member_roles(guild_id,user_id,role_id) VALUES (?1,?2,?3)", -1,
                                &role, nullptr) == SQLITE_OK;
  char name[32], nick[32], global[32];
  for (std::int64_t i = 0; ok && i < n; ++i) {
    const auto id = static_cast<sqlite3_int64>(model::snowflake_at(static_cast<std::uint64_t>(t0 - 1'000'000 + i)));
    std::snprintf(name, sizeof name, "member%06lld", static_cast<long long>(i));
    std::snprintf(global, sizeof global, "Member %lld", static_cast<long long>(i));
    std::snprintf(nick, sizeof nick, "nick %lld", static_cast<long long>(i));
    sqlite3_bind_int64(user, 1, id);
    sqlite3_bind_text(user, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(user, 3, global, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(user, 4, t0 - 1'000'000 + i);
    ok = sqlite3_step(user) == SQLITE_DONE;
    sqlite3_reset(user);
    sqlite3_bind_int64(member, 1, static_cast<sqlite3_int64>(guild_id));
    sqlite3_bind_int64(member, 2, id);
    if (i % 10 == 0) sqlite3_bind_text(member, 3, nick, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(member, 3);
    sqlite3_bind_int64(member, 4, t0 - 500'000 + i);
    ok = ok && sqlite3_step(member) == SQLITE_DONE;
    sqlite3_reset(member);
    for (std::size_t k = 0; ok && k < (i % 3 == 0 ? 2u : 1u); ++k) {
      sqlite3_bind_int64(role, 1, static_cast<sqlite3_int64>(guild_id));
      sqlite3_bind_int64(role, 2, id);
      sqlite3_bind_int64(role, 3, static_cast<sqlite3_int64>(roles[(static_cast<std::size_t>(i) + k) % roles.size()]));
      ok = sqlite3_step(role) == SQLITE_DONE;
      sqlite3_reset(role);
    }
  }
  sqlite3_finalize(user);
  sqlite3_finalize(member);
  sqlite3_finalize(role);
  ok = ok && exec(db, "COMMIT; ANALYZE");
  sqlite3_close(db);
  return ok;
}

struct sample {
  double build_ms = 0, serialize_ms = 0;
  std::size_t bytes = 0;
};

template <class F>
sample measure(int iterations, F&& build) {
  std::vector<double> b, s;
  std::size_t bytes = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = clock_type::now();
    auto values = build();  // a vector of JSON objects (one GUILD_CREATE, or the chunks)
    const auto built = clock_type::now();
    std::size_t total = 0;
    for (const auto& v : values) total += boost::json::serialize(v).size();
    const auto done = clock_type::now();
    if (values.empty()) {
      std::fprintf(stderr, "build failed\n");
      std::exit(1);
    }
    b.push_back(std::chrono::duration<double, std::milli>(built - start).count());
    s.push_back(std::chrono::duration<double, std::milli>(done - built).count());
    bytes = total;
  }
  std::sort(b.begin(), b.end());
  std::sort(s.begin(), s.end());
  return {b[b.size() / 2], s[s.size() / 2], bytes};
}

void print(const char* what, const sample& x) {
  std::printf("%-44s %10.2f %12.2f %10.2f %12zu\n", what, x.build_ms, x.serialize_ms, x.build_ms + x.serialize_ms,
              x.bytes);
}

} // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 10000;
  const int iterations = argc > 2 ? std::atoi(argv[2]) : 21;
  const std::filesystem::path dir = argc > 3 ? std::filesystem::path(argv[3])
                                             : std::filesystem::temp_directory_path() / "parley-guild-create-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto db_path = dir / "parley.db";

  model::user owner;
  model::snowflake guild_id = 0;
  std::vector<model::snowflake> role_ids;
  {
    env e;
    if (!e.open(db_path)) return 1;
    owner.id = e.ids.next(static_cast<std::uint64_t>(t0));
    owner.username = "owner";
    owner.created_ms = t0;
    if (!e.store->insert_user(owner, nullptr)) return 1;
    auto g = service::guilds(*e.ctx).create(owner, {{"name", "Ten Thousand"}});
    if (!g) {
      std::fprintf(stderr, "guild create failed\n");
      return 1;
    }
    guild_id = g->guild.id;
    for (int i = 1; i <= 10; ++i) {
      model::role r;
      r.id = e.ids.next(static_cast<std::uint64_t>(t0));
      r.guild_id = guild_id;
      r.name = "role " + std::to_string(i);
      r.position = i;
      r.color = 0x00ff00u * static_cast<std::uint32_t>(i);
      r.hoist = i % 2 == 0;
      if (!e.store->create_role(r, nullptr)) return 1;
      role_ids.push_back(r.id);
    }
    e.store->close();
  }
  const auto fill_start = clock_type::now();
  if (!fill(db_path, guild_id, role_ids, n)) return 1;
  std::printf("filled %lld members in %.1f s\n", static_cast<long long>(n),
              std::chrono::duration<double>(clock_type::now() - fill_start).count());

  env e;
  if (!e.open(db_path)) return 1;
  service::gateway_sessions sessions(*e.ctx);
  service::gateway_identity who;
  who.user = owner;

  auto identify = [&](int threshold) {
    return [&, threshold] {
      std::vector<boost::json::object> out;
      auto gs = sessions.guilds(who, 0, 1, threshold);
      if (gs && gs->size() == 1) out.push_back(std::move((*gs)[0].guild_create));
      return out;
    };
  };
  // The GUILD_CREATE object from a snapshot of `limit` members, as publish_guild_create builds it.
  auto from_snapshot = [&](std::size_t limit) {
    return [&, limit] {
      std::vector<boost::json::object> out;
      auto snap = e.store->guild_for_gateway(guild_id, owner.id, limit);
      if (!snap || !*snap) return out;
      const auto& s = **snap;
      std::vector<model::member> members;
      members.reserve(s.members.size());
      std::unordered_map<model::snowflake, const model::user*> users;
      users.reserve(s.members.size());
      for (const auto& r : s.members) {
        members.push_back(r.member);
        users.emplace(r.user.id, &r.user);
      }
      model::guild_create_extras extras;
      extras.roles = s.roles;
      extras.channels = s.channels;
      extras.members = members;
      extras.users = [&users](model::snowflake id) -> const model::user* {
        const auto it = users.find(id);
        return it == users.end() ? nullptr : it->second;
      };
      extras.joined_ms = s.members.front().member.joined_ms;
      extras.member_count = s.member_count;
      extras.large = s.member_count > 250;
      out.push_back(model::to_guild_create_json(s.guild, std::move(extras)));
      return out;
    };
  };
  auto chunks = [&] {
    service::member_request rq;
    rq.guild_id = guild_id;
    rq.query = "";
    auto c = sessions.member_chunks(owner.id, guild_members_intent, rq);
    return c ? std::move(*c) : std::vector<boost::json::object>{};
  };

  // The payloads are what the gateway would send: the right count, the large-guild cut, every member.
  {
    auto small = identify(50)();
    auto full = from_snapshot(static_cast<std::size_t>(n) + 1)();
    auto c = chunks();
    const auto members_of = [](const boost::json::object& o) { return o.at("members").as_array().size(); };
    if (small.size() != 1 || small[0].at("member_count").to_number<std::int64_t>() != n + 1 ||
        !small[0].at("large").as_bool() || members_of(small[0]) != 1 || full.size() != 1 ||
        members_of(full[0]) != static_cast<std::size_t>(n) + 1 ||
        c.size() != static_cast<std::size_t>((n + 1 + 999) / 1000)) {
      std::fprintf(stderr, "unexpected GUILD_CREATE shape\n");
      return 1;
    }
    std::printf("one member in GUILD_CREATE: %s\n",
                boost::json::serialize(full[0].at("members").as_array().back()).c_str());
  }
  const auto id50 = measure(iterations, identify(50));
  const auto id250 = measure(iterations, identify(250));
  const auto join = measure(iterations, from_snapshot(100));
  const auto full = measure(std::max(3, iterations / 4), from_snapshot(static_cast<std::size_t>(n) + 1));
  const auto op8 = measure(std::max(3, iterations / 4), chunks);

  std::printf("members=%lld iterations=%d (medians)\n", static_cast<long long>(n), iterations);
  std::printf("%-44s %10s %12s %10s %12s\n", "operation", "build_ms", "serialize_ms", "total_ms", "bytes");
  print("Identify GUILD_CREATE, large_threshold 50", id50);
  print("Identify GUILD_CREATE, large_threshold 250", id250);
  print("GUILD_CREATE after joining (100 members)", join);
  print("GUILD_CREATE with every member (no cut)", full);
  print("op 8 all members (GUILD_MEMBERS_CHUNK x N/1000)", op8);
  e.store->close();
  if (argc <= 3) std::filesystem::remove_all(dir);
  return 0;
}
