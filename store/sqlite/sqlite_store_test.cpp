// Tests of sqlite_store against the account_store contract (store/store.hpp): lookups, conflicts,
// atomic multi-row writes, concurrency with group commit, backup and close.
#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/temp_directory.hpp"
#include "store/store_error.hpp"

namespace parley::store {
namespace {

using sqlite::temp_directory;

model::user person(snowflake id, std::string name, std::optional<std::string> email = std::nullopt) {
  model::user u;
  u.id = id;
  u.username = std::move(name);
  u.email = std::move(email);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.created_ms = 1700000000000 + static_cast<std::int64_t>(id);
  return u;
}

model::user bot_user(snowflake id, std::string name, std::string discriminator = "1234") {
  model::user u;
  u.id = id;
  u.username = std::move(name);
  u.discriminator = std::move(discriminator);
  u.bot = true;
  u.created_ms = 1700000000000;
  return u;
}

token make_token(std::uint8_t seed, snowflake user_id) {
  token t;
  for (std::size_t i = 0; i < t.hash.size(); ++i) {
    t.hash[i] = static_cast<std::uint8_t>(seed + i * 7);
  }
  t.user_id = user_id;
  t.created_ms = 1700000000123;
  return t;
}

model::application make_app(snowflake id, snowflake owner, std::string name) {
  model::application a;
  a.id = id;
  a.bot_user_id = id;
  a.owner_id = owner;
  a.name = std::move(name);
  a.description = "does things";
  a.icon = "abcdef";
  a.flags = model::application_flags::gateway_message_content;
  a.bot_public = false;
  a.bot_require_code_grant = true;
  a.verify_key = std::string(64, 'a');
  a.created_ms = 1700000000456;
  return a;
}

class sqlite_store_test : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    store_.reset();
    sqlite_store::options opts;
    opts.path = dir_.path() / "data" / "parley.db";
    opts.readers = 4;
    auto s = sqlite_store::open(opts);
    ASSERT_TRUE(s.has_value()) << s.error().message();
    store_ = std::move(*s);
  }

  std::optional<model::user> get(snowflake id) {
    auto r = store_->user_by_id(id);
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::nullopt;
  }

  temp_directory dir_;
  std::unique_ptr<sqlite_store> store_;
};

TEST_F(sqlite_store_test, creates_missing_parent_directory) {
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "data" / "parley.db"));
}

TEST_F(sqlite_store_test, user_round_trips_every_field) {
  model::user u = person(42, "alice", "Alice@Example.com");
  u.global_name = "Alice A.";
  u.avatar = "a_0123456789abcdef";
  u.flags = (1ULL << 63) | 5; // the top bit survives the int64 column
  ASSERT_TRUE(store_->insert_user(u, nullptr));

  auto got = get(42);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, 42u);
  EXPECT_EQ(got->username, "alice");
  EXPECT_EQ(got->discriminator, "0");
  EXPECT_EQ(got->global_name, u.global_name);
  EXPECT_EQ(got->avatar, u.avatar);
  EXPECT_EQ(got->email, "Alice@Example.com"); // stored as given; only the key is lowercased
  EXPECT_EQ(got->password_hash, u.password_hash);
  EXPECT_FALSE(got->bot);
  EXPECT_EQ(got->flags, u.flags);
  EXPECT_EQ(got->created_ms, u.created_ms);
}

TEST_F(sqlite_store_test, missing_user_is_nullopt_not_error) {
  auto r = store_->user_by_id(999);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
}

TEST_F(sqlite_store_test, username_conflicts_case_insensitively) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  auto r = store_->insert_user(person(2, "ALICE"), nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_FALSE(get(2));
  // Same handle with another discriminator is another name_key.
  EXPECT_TRUE(store_->insert_user(bot_user(3, "Alice", "0001"), nullptr));
}

TEST_F(sqlite_store_test, same_id_conflicts) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  auto r = store_->insert_user(person(1, "bob"), nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
}

TEST_F(sqlite_store_test, email_conflicts_case_insensitively) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice", "a@example.com"), nullptr));
  auto r = store_->insert_user(person(2, "bob", "A@EXAMPLE.COM"), nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
}

TEST_F(sqlite_store_test, null_emails_do_not_conflict) {
  EXPECT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  EXPECT_TRUE(store_->insert_user(person(2, "bob"), nullptr));
  EXPECT_TRUE(store_->insert_user(person(3, "carol"), nullptr));
}

TEST_F(sqlite_store_test, initial_token_is_written_with_the_user) {
  const token t = make_token(1, 7);
  ASSERT_TRUE(store_->insert_user(person(7, "alice"), &t));
  auto owner = store_->user_by_token(t.hash);
  ASSERT_TRUE(owner);
  EXPECT_EQ(*owner, std::optional<snowflake>(7));
}

TEST_F(sqlite_store_test, conflicting_registration_leaves_no_token) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  const token t = make_token(9, 2);
  auto r = store_->insert_user(person(2, "Alice"), &t);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  auto owner = store_->user_by_token(t.hash);
  ASSERT_TRUE(owner);
  EXPECT_FALSE(owner->has_value());
}

TEST_F(sqlite_store_test, user_by_login_matches_handle_and_email_in_any_case) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice", "Alice.Smith@Example.com"), nullptr));
  ASSERT_TRUE(store_->insert_user(bot_user(2, "robot", "0042"), nullptr));

  for (std::string_view login : {"alice", "ALICE", "alice.smith@example.com", "ALICE.SMITH@EXAMPLE.COM"}) {
    auto r = store_->user_by_login(login);
    ASSERT_TRUE(r) << login;
    ASSERT_TRUE(r->has_value()) << login;
    EXPECT_EQ((*r)->id, 1u) << login;
  }
  for (std::string_view login : {"robot", "robot#0042", "alice#0", "bob", "alice.smith@example.org", ""}) {
    auto r = store_->user_by_login(login);
    ASSERT_TRUE(r) << login;
    EXPECT_FALSE(r->has_value()) << login;
  }
}

TEST_F(sqlite_store_test, update_user_replaces_columns) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice", "a@example.com"), nullptr));
  model::user u = person(1, "alicia", "NEW@example.com");
  u.global_name = "Al";
  u.flags = 64;
  ASSERT_TRUE(store_->update_user(u));
  auto got = get(1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->username, "alicia");
  EXPECT_EQ(got->global_name, "Al");
  EXPECT_EQ(got->flags, 64u);
  // The keys moved with the columns: old login gone, new ones work.
  EXPECT_FALSE(store_->user_by_login("alice")->has_value());
  EXPECT_FALSE(store_->user_by_login("a@example.com")->has_value());
  EXPECT_TRUE(store_->user_by_login("ALICIA")->has_value());
  EXPECT_TRUE(store_->user_by_login("new@EXAMPLE.com")->has_value());
  // Updating a user to its own name and email is not a conflict.
  EXPECT_TRUE(store_->update_user(u));
}

TEST_F(sqlite_store_test, update_user_conflict_and_not_found) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice", "a@example.com"), nullptr));
  ASSERT_TRUE(store_->insert_user(person(2, "bob", "b@example.com"), nullptr));

  auto r = store_->update_user(person(2, "Alice", "b@example.com"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  r = store_->update_user(person(2, "bob", "A@example.com"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_EQ(get(2)->email, "b@example.com"); // unchanged

  r = store_->update_user(person(3, "carol"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
}

TEST_F(sqlite_store_test, list_users_pages_by_id) {
  for (snowflake id : {50, 10, 40, 20, 30}) {
    ASSERT_TRUE(store_->insert_user(person(id, "u" + std::to_string(id)), nullptr));
  }
  auto page = store_->list_users(0, 2);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, 10u);
  EXPECT_EQ((*page)[1].id, 20u);
  page = store_->list_users(20, 100);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, 30u);
  EXPECT_EQ((*page)[2].id, 50u);
  EXPECT_TRUE(store_->list_users(50, 10)->empty());
  EXPECT_TRUE(store_->list_users(0, 0)->empty());
  EXPECT_TRUE(store_->list_users(~snowflake{0}, 10)->empty());
}

TEST_F(sqlite_store_test, token_insert_lookup_delete) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  const token t = make_token(3, 1);
  ASSERT_TRUE(store_->insert_token(t));
  EXPECT_EQ(*store_->user_by_token(t.hash), std::optional<snowflake>(1));
  EXPECT_FALSE(store_->user_by_token(make_token(4, 1).hash)->has_value());

  auto dup = store_->insert_token(t);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error(), store_errc::conflict);

  ASSERT_TRUE(store_->delete_token(t.hash));
  EXPECT_FALSE(store_->user_by_token(t.hash)->has_value());
  EXPECT_TRUE(store_->delete_token(t.hash)); // idempotent
}

TEST_F(sqlite_store_test, token_for_missing_user_is_refused) {
  auto r = store_->insert_token(make_token(3, 12345));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::io); // foreign key violation: not a unique-key conflict
}

TEST_F(sqlite_store_test, replace_tokens_swaps_only_that_users_tokens) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  ASSERT_TRUE(store_->insert_user(person(2, "bob"), nullptr));
  const token a1 = make_token(10, 1), a2 = make_token(20, 1), b1 = make_token(30, 2);
  ASSERT_TRUE(store_->insert_token(a1));
  ASSERT_TRUE(store_->insert_token(a2));
  ASSERT_TRUE(store_->insert_token(b1));

  const token fresh = make_token(40, 1);
  ASSERT_TRUE(store_->replace_tokens(1, fresh));
  EXPECT_FALSE(store_->user_by_token(a1.hash)->has_value());
  EXPECT_FALSE(store_->user_by_token(a2.hash)->has_value());
  EXPECT_EQ(*store_->user_by_token(fresh.hash), std::optional<snowflake>(1));
  EXPECT_EQ(*store_->user_by_token(b1.hash), std::optional<snowflake>(2));

  // A conflicting new token (someone else's hash) rolls the delete back too.
  auto r = store_->replace_tokens(1, b1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_EQ(*store_->user_by_token(fresh.hash), std::optional<snowflake>(1));
}

TEST_F(sqlite_store_test, application_round_trip_and_lookups) {
  ASSERT_TRUE(store_->insert_user(person(1, "owner"), nullptr));
  const token bt = make_token(50, 100);
  ASSERT_TRUE(store_->insert_application(make_app(100, 1, "Helper"), bot_user(100, "Helper"), bt));
  ASSERT_TRUE(store_->insert_application(make_app(90, 1, "Other"), bot_user(90, "Other"), make_token(60, 90)));

  auto app = store_->application_by_id(100);
  ASSERT_TRUE(app && app->has_value());
  const model::application expected = make_app(100, 1, "Helper");
  EXPECT_EQ((*app)->name, expected.name);
  EXPECT_EQ((*app)->description, expected.description);
  EXPECT_EQ((*app)->icon, expected.icon);
  EXPECT_EQ((*app)->owner_id, 1u);
  EXPECT_EQ((*app)->bot_user_id, 100u);
  EXPECT_EQ((*app)->flags, expected.flags);
  EXPECT_FALSE((*app)->bot_public);
  EXPECT_TRUE((*app)->bot_require_code_grant);
  EXPECT_EQ((*app)->verify_key, expected.verify_key);
  EXPECT_EQ((*app)->created_ms, expected.created_ms);

  EXPECT_EQ((*store_->application_by_bot(100))->id, 100u);
  EXPECT_FALSE(store_->application_by_bot(1)->has_value());
  EXPECT_FALSE(store_->application_by_id(1)->has_value());
  EXPECT_EQ(*store_->user_by_token(bt.hash), std::optional<snowflake>(100));
  EXPECT_TRUE(get(100)->bot);

  auto owned = store_->applications_by_owner(1);
  ASSERT_TRUE(owned);
  ASSERT_EQ(owned->size(), 2u);
  EXPECT_EQ((*owned)[0].id, 90u);
  EXPECT_EQ((*owned)[1].id, 100u);
  EXPECT_TRUE(store_->applications_by_owner(100)->empty());
}

TEST_F(sqlite_store_test, conflicting_bot_name_leaves_nothing_behind) {
  ASSERT_TRUE(store_->insert_user(person(1, "owner"), nullptr));
  ASSERT_TRUE(store_->insert_application(make_app(100, 1, "Helper"), bot_user(100, "Helper"), make_token(50, 100)));

  const token bt = make_token(70, 200);
  auto r = store_->insert_application(make_app(200, 1, "Helper2"), bot_user(200, "HELPER"), bt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_FALSE(get(200));
  EXPECT_FALSE(store_->application_by_id(200)->has_value());
  EXPECT_FALSE(store_->user_by_token(bt.hash)->has_value());

  // A conflict in the last statement (the application row) also undoes the user and token.
  model::application clash = make_app(100, 1, "Clash"); // id 100 taken
  clash.bot_user_id = 300;
  const token ct = make_token(80, 300);
  r = store_->insert_application(clash, bot_user(300, "Fresh"), ct);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::conflict);
  EXPECT_FALSE(get(300));
  EXPECT_FALSE(store_->user_by_token(ct.hash)->has_value());
}

TEST_F(sqlite_store_test, update_application) {
  ASSERT_TRUE(store_->insert_user(person(1, "owner"), nullptr));
  ASSERT_TRUE(store_->insert_application(make_app(100, 1, "Helper"), bot_user(100, "Helper"), make_token(50, 100)));
  model::application a = make_app(100, 1, "Renamed");
  a.icon.reset();
  a.flags = model::application_flags::gateway_presence;
  a.bot_public = true;
  ASSERT_TRUE(store_->update_application(a));
  auto got = store_->application_by_id(100);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->name, "Renamed");
  EXPECT_FALSE((*got)->icon.has_value());
  EXPECT_EQ((*got)->flags, model::application_flags::gateway_presence);
  EXPECT_TRUE((*got)->bot_public);

  auto r = store_->update_application(make_app(555, 1, "Nobody"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
}

TEST_F(sqlite_store_test, delete_application_cascades_to_bot_and_tokens) {
  ASSERT_TRUE(store_->insert_user(person(1, "owner"), nullptr));
  const token bt = make_token(50, 100);
  ASSERT_TRUE(store_->insert_application(make_app(100, 1, "Helper"), bot_user(100, "Helper"), bt));
  const token extra = make_token(51, 100);
  ASSERT_TRUE(store_->insert_token(extra));

  ASSERT_TRUE(store_->delete_application(100));
  EXPECT_FALSE(store_->application_by_id(100)->has_value());
  EXPECT_FALSE(get(100));
  EXPECT_FALSE(store_->user_by_token(bt.hash)->has_value());
  EXPECT_FALSE(store_->user_by_token(extra.hash)->has_value());
  EXPECT_TRUE(get(1)); // the owner stays

  auto r = store_->delete_application(100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::not_found);
  // The bot's name and the token hash are free again.
  token reused = bt;
  reused.user_id = 101;
  EXPECT_TRUE(store_->insert_application(make_app(101, 1, "Helper"), bot_user(101, "Helper"), reused));
}

TEST_F(sqlite_store_test, data_survives_reopen) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  store_->close();
  reopen();
  EXPECT_TRUE(get(1));
}

TEST_F(sqlite_store_test, calls_after_close_fail_with_closed) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  store_->close();
  store_->close(); // idempotent
  auto w = store_->insert_user(person(2, "bob"), nullptr);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error(), store_errc::closed);
  auto r = store_->user_by_id(1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), store_errc::closed);
  auto b = store_->backup(dir_.path() / "copy.db");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), store_errc::closed);
}

TEST_F(sqlite_store_test, latency_observer_sees_reads_and_writes) {
  std::atomic<int> reads{0}, writes{0};
  store_->set_latency_observer([&](bool is_write, std::chrono::nanoseconds elapsed) {
    EXPECT_GT(elapsed.count(), 0);
    (is_write ? writes : reads).fetch_add(1);
  });
  ASSERT_TRUE(store_->insert_user(person(1, "alice"), nullptr));
  ASSERT_TRUE(store_->user_by_id(1));
  ASSERT_TRUE(store_->user_by_login("alice"));
  EXPECT_FALSE(store_->insert_user(person(1, "alice"), nullptr)); // failures are timed too
  EXPECT_EQ(writes.load(), 2);
  EXPECT_EQ(reads.load(), 2);
  const auto s = store_->stats();
  EXPECT_EQ(s.write_jobs, 2u);
  EXPECT_EQ(s.failed_write_jobs, 1u);
  EXPECT_EQ(s.reads, 2u);
  EXPECT_EQ(s.commits, 2u);
}

TEST_F(sqlite_store_test, sequential_durable_inserts) {
  constexpr int n = 200;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= n; ++i) {
    ASSERT_TRUE(store_->insert_user(person(static_cast<snowflake>(i), "seq" + std::to_string(i)), nullptr));
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const auto s = store_->stats();
  EXPECT_EQ(s.commits, static_cast<std::uint64_t>(n)); // nobody to batch with: one commit each
  std::printf("[ timing   ] %d sequential durable inserts: %.1f us each\n", n,
              std::chrono::duration<double, std::micro>(elapsed).count() / n);
}

TEST_F(sqlite_store_test, many_threads_writing_are_group_committed) {
  constexpr int threads = 8;
  constexpr int per_thread = 100;
  std::atomic<int> failures{0};
  std::atomic<bool> stop_readers{false};
  std::atomic<long> reads{0};
  // Readers run alongside: WAL lets them proceed while the writer commits.
  std::thread reader([&] {
    while (!stop_readers.load()) {
      if (!store_->list_users(0, 10)) {
        failures.fetch_add(1);
      }
      reads.fetch_add(1);
    }
  });
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const auto id = static_cast<snowflake>(t * per_thread + i + 1);
        if (!store_->insert_user(person(id, "user" + std::to_string(id)), nullptr)) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& w : writers) {
    w.join();
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  stop_readers = true;
  reader.join();

  EXPECT_EQ(failures.load(), 0);
  const auto all = store_->list_users(0, 10000);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), static_cast<std::size_t>(threads * per_thread));
  const auto s = store_->stats();
  EXPECT_EQ(s.write_jobs, static_cast<std::uint64_t>(threads * per_thread));
  EXPECT_LT(s.commits, s.write_jobs);
  EXPECT_GT(s.largest_batch, 1u);
  EXPECT_GT(reads.load(), 0);
  std::printf("[ timing   ] %d threads x %d inserts: %.1f us per insert, %llu commits, %.1f jobs/commit, "
              "largest batch %llu\n",
              threads, per_thread,
              std::chrono::duration<double, std::micro>(elapsed).count() / (threads * per_thread),
              static_cast<unsigned long long>(s.commits), static_cast<double>(s.write_jobs) / s.commits,
              static_cast<unsigned long long>(s.largest_batch));
}

TEST_F(sqlite_store_test, concurrent_conflicts_fail_alone) {
  // Pairs of threads race for the same names: exactly one of each pair wins, and the losers'
  // failures do not undo the winners committed in the same group transaction.
  constexpr int names = 50;
  std::atomic<int> wins{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < names; ++i) {
        const auto id = static_cast<snowflake>(t * 1000 + i + 1);
        auto r = store_->insert_user(person(id, "name" + std::to_string(i + (t / 2) * names)), nullptr);
        if (r) {
          wins.fetch_add(1);
        } else if (r.error() == store_errc::conflict) {
          conflicts.fetch_add(1);
        } else {
          other.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(wins.load(), 2 * names);
  EXPECT_EQ(conflicts.load(), 2 * names);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(store_->list_users(0, 1000)->size(), static_cast<std::size_t>(2 * names));
}

TEST_F(sqlite_store_test, backup_is_a_readable_copy_while_writes_continue) {
  ASSERT_TRUE(store_->insert_user(person(1, "alice", "a@example.com"), nullptr));
  ASSERT_TRUE(store_->insert_user(person(2, "bob"), nullptr));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (snowflake id = 1000; !stop.load(); ++id) {
      (void)store_->insert_user(person(id, "w" + std::to_string(id)), nullptr);
    }
  });
  const auto destination = dir_.path() / "backups" / "copy.db";
  auto r = store_->backup(destination);
  stop = true;
  writer.join();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_FALSE(std::filesystem::exists(destination.string() + ".partial"));

  sqlite_store::options opts;
  opts.path = destination;
  opts.readers = 1;
  auto copy = sqlite_store::open(opts);
  ASSERT_TRUE(copy) << copy.error().message();
  auto alice = (*copy)->user_by_login("A@example.com");
  ASSERT_TRUE(alice && alice->has_value());
  EXPECT_EQ((*alice)->id, 1u);
  EXPECT_TRUE((*copy)->user_by_id(2)->has_value());

  // A second backup replaces the first.
  ASSERT_TRUE(store_->insert_user(person(3, "carol"), nullptr));
  (*copy)->close();
  ASSERT_TRUE(store_->backup(destination));
  copy = sqlite_store::open(opts);
  ASSERT_TRUE(copy);
  EXPECT_TRUE((*copy)->user_by_id(3)->has_value());
}

} // namespace
} // namespace parley::store
