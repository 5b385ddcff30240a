// History page and search latency on one channel of N messages (issue "Conversations", benchmarks):
// the store is created and migrated by sqlite_store, filled with N messages in one SQL transaction (the
// schema's triggers keep the full-text index, as for messages written through the API), reopened, and
// then read through the same store calls the REST routes make. Prints medians and p99 in microseconds.
//
// Usage: parley-message-store-bench [messages=1000000] [iterations=2000] [dir=<temp>]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "model/snowflake.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace parley;
using clock_type = std::chrono::steady_clock;

constexpr model::snowflake guild_id = 1000, channel_id = 1001, author_a = 10, author_b = 11;
constexpr std::int64_t t0 = 1700000000000;
const char* const words[] = {"parley", "voice", "guild", "channel", "message", "history", "search", "index",
                             "sqlite", "gateway", "latency", "throughput", "snowflake", "bot", "opus", "relay"};

bool exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sql error: %s\n", err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  return true;
}

bool fill(const std::filesystem::path& path, std::int64_t n) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  bool ok = exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN");
  ok = ok && exec(db,
      "INSERT INTO users(id,username,discriminator,name_key,password_hash,bot,flags,created_ms) VALUES "
      "(10,'alice','0','alice#0','',0,0,0),(11,'bob','0','bob#0','',0,0,0);"
      "INSERT INTO guilds(id,name,owner_id,afk_timeout,verification_level,default_message_notifications,"
      "explicit_content_filter,system_channel_flags,preferred_locale,created_ms) VALUES (1000,'g',10,300,0,0,0,0,'en-US',0);"
      "INSERT INTO channels(id,guild_id,type,position,name,nsfw,bitrate,user_limit,rate_limit_per_user,"
      "video_quality_mode,flags) VALUES (1001,1000,0,0,'general',0,64000,0,0,1,0);");
  sqlite3_stmt* ins = nullptr;
  ok = ok && sqlite3_prepare_v2(db,
      "INSERT INTO messages(id,channel_id,guild_id,author_id,type,content,tts,mention_everyone,mention_roles,"
      "embeds,components,flags,has) VALUES (?1,1001,1000,?2,0,?3,0,0,'[]','[]','[]',0,0)", -1, &ins, nullptr) == SQLITE_OK;
  std::mt19937 rng(42);
  std::string text;
  for (std::int64_t i = 0; ok && i < n; ++i) {
    text.clear();
    for (int w = 0; w < 8; ++w) {
      if (w) text += ' ';
      text += words[rng() % std::size(words)];
    }
    if (i % 1000 == 0) text += " needle";
    const auto id = model::snowflake_at(static_cast<std::uint64_t>(t0 + i * 10));
    sqlite3_bind_int64(ins, 1, static_cast<sqlite3_int64>(id));
    sqlite3_bind_int64(ins, 2, i % 2 ? author_a : author_b);
    sqlite3_bind_text(ins, 3, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    ok = sqlite3_step(ins) == SQLITE_DONE;
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  ok = ok && exec(db, "UPDATE channels SET last_message_id = (SELECT max(id) FROM messages) WHERE id = 1001; COMMIT; ANALYZE");
  sqlite3_close(db);
  return ok;
}

struct stats {
  double p50 = 0, p99 = 0;
};

template <class F>
stats measure(int iterations, F&& f) {
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const auto start = clock_type::now();
    if (!f(i)) {
      std::fprintf(stderr, "store call failed\n");
      std::exit(1);
    }
    us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

} // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const int iterations = argc > 2 ? std::atoi(argv[2]) : 2000;
  const std::filesystem::path dir = argc > 3 ? std::filesystem::path(argv[3])
                                             : std::filesystem::temp_directory_path() / "parley-message-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto db_path = dir / "parley.db";
  {
    store::sqlite_store::options o;
    o.path = db_path;
    auto s = store::sqlite_store::open(o);  // creates and migrates the schema
    if (!s) return 1;
    (*s)->close();
  }
  const auto fill_start = clock_type::now();
  if (!fill(db_path, n)) return 1;
  std::printf("filled %lld messages in %.1f s\n", static_cast<long long>(n),
              std::chrono::duration<double>(clock_type::now() - fill_start).count());

  store::sqlite_store::options o;
  o.path = db_path;
  auto opened = store::sqlite_store::open(o);
  if (!opened) return 1;
  auto& st = **opened;
  std::mt19937_64 rng(7);
  auto random_id = [&] { return model::snowflake_at(static_cast<std::uint64_t>(t0 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)) * 10)); };

  auto latest = measure(iterations, [&](int) {
    auto r = st.messages(channel_id, store::history_query{0, 0, 0, 50}, author_a);
    return r && r->size() == 50;
  });
  auto before = measure(iterations, [&](int) {
    store::history_query q;
    q.before = random_id();
    q.limit = 50;
    return static_cast<bool>(st.messages(channel_id, q, author_a));
  });
  auto around = measure(iterations, [&](int) {
    store::history_query q;
    q.around = random_id();
    q.limit = 100;
    return static_cast<bool>(st.messages(channel_id, q, author_a));
  });
  auto search_rare = measure(std::max(1, iterations / 10), [&](int) {
    store::search_query q;
    q.channel_ids = {channel_id};
    q.content = "needle";
    auto r = st.search_messages(q, author_a);
    return r && r->total_results > 0;
  });
  auto search_common = measure(std::max(1, iterations / 10), [&](int) {
    store::search_query q;
    q.channel_ids = {channel_id};
    q.content = "parley voice";
    q.author_ids = {author_b};
    return static_cast<bool>(st.search_messages(q, author_a));
  });
  std::printf("messages=%lld\n", static_cast<long long>(n));
  std::printf("%-34s %10s %10s\n", "operation", "p50_us", "p99_us");
  std::printf("%-34s %10.1f %10.1f\n", "history newest 50", latest.p50, latest.p99);
  std::printf("%-34s %10.1f %10.1f\n", "history before=<random> 50", before.p50, before.p99);
  std::printf("%-34s %10.1f %10.1f\n", "history around=<random> 100", around.p50, around.p99);
  std::printf("%-34s %10.1f %10.1f\n", "search 'needle' (0.1%, 25 + total)", search_rare.p50, search_rare.p99);
  std::printf("%-34s %10.1f %10.1f\n", "search 2 common words + author", search_common.p50, search_common.p99);
  st.close();
  if (argc <= 3) std::filesystem::remove_all(dir);
  return 0;
}
