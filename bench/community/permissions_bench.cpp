// Permission computation cost (issue 4 "Community", benchmarks; rest.md §8.2–§8.4): a member with 20
// roles checked against a channel with 20 overwrites (@everyone, 18 roles of which 9 are the member's,
// the member itself), through model::channel_permissions as every route and every event audience
// does. The guild holds Args(0) roles in all (21 = exactly @everyone and the member's 20; 250 = a large
// community, where find_role's linear search over the guild's roles dominates).
//
// Usage: parley-permissions-bench [--benchmark_repetitions=N --benchmark_report_aggregates_only=true]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "model/guild.hpp"
#include "model/permissions.hpp"

namespace {

using namespace parley::model;

constexpr snowflake guild_id = 1'000'000;
constexpr snowflake member_id = 42;

struct fixture {
  guild g;
  std::vector<role> roles;
  member m;
  channel c;
};

// None of the roles grants ADMINISTRATOR (which would short-circuit the overwrites), and the member is
// not the owner; the overwrites leave VIEW_CHANNEL and SEND_MESSAGES on so the implicit rules run too.
fixture make_fixture(std::size_t guild_roles) {
  fixture f;
  f.g.id = guild_id;
  f.g.owner_id = 7;
  std::mt19937_64 rng(1);
  role everyone;
  everyone.id = guild_id;
  everyone.guild_id = guild_id;
  everyone.perms = permission::view_channel | permission::send_messages | permission::read_message_history |
                   permission::add_reactions;
  f.roles.push_back(everyone);
  for (std::size_t i = 1; i < guild_roles; ++i) {
    role r;
    r.id = guild_id + 1 + i;
    r.guild_id = guild_id;
    r.position = static_cast<int>(i);
    r.perms = rng() & ~permission::administrator;
    f.roles.push_back(r);
  }
  // The member's 20 roles, spread over the guild's list and in no particular order.
  std::vector<snowflake> ids;
  for (std::size_t i = 1; i < f.roles.size(); ++i) ids.push_back(f.roles[i].id);
  std::shuffle(ids.begin(), ids.end(), rng);
  ids.resize(20);
  f.m.guild_id = guild_id;
  f.m.user_id = member_id;
  f.m.roles = ids;

  f.c.id = 5;
  f.c.guild_id = guild_id;
  f.c.overwrites.push_back({guild_id, permission_overwrite::kind::role, 0, permission::send_messages});
  for (int i = 0; i < 18; ++i) {
    // Even: one of the member's roles; odd: a role id the member does not hold.
    const snowflake id = i % 2 == 0 ? ids[static_cast<std::size_t>(i)] : guild_id + 100'000 + static_cast<snowflake>(i);
    f.c.overwrites.push_back({id, permission_overwrite::kind::role, permission::send_messages | permission::embed_links,
                              permission::mention_everyone});
  }
  f.c.overwrites.push_back({member_id, permission_overwrite::kind::member, permission::view_channel,
                            permission::attach_files});
  std::shuffle(f.c.overwrites.begin(), f.c.overwrites.end(), rng);
  return f;
}

void bm_channel_permissions(benchmark::State& state) {
  const fixture f = make_fixture(static_cast<std::size_t>(state.range(0)));
  if (f.m.roles.size() != 20 || f.c.overwrites.size() != 20) state.SkipWithError("bad fixture");
  permissions p = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(&f);  // the inputs are opaque to the optimizer: nothing is hoisted
    p = channel_permissions(f.g, f.roles, f.m, f.c, 0);
    benchmark::DoNotOptimize(p);
  }
  if (!(p & permission::view_channel) || !(p & permission::send_messages) || (p & permission::attach_files))
    state.SkipWithError("unexpected permission result");
}
BENCHMARK(bm_channel_permissions)->Arg(21)->Arg(250);

// The guild-level part alone (what kick/ban/role routes check).
void bm_base_permissions(benchmark::State& state) {
  const fixture f = make_fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(&f);
    benchmark::DoNotOptimize(base_permissions(f.g, f.roles, f.m));
  }
}
BENCHMARK(bm_base_permissions)->Arg(21)->Arg(250);

} // namespace

BENCHMARK_MAIN();
