// Helpers for the community use case tests: users inserted straight into the store, a guild
// created through the service, members joined and given roles, and event lookups on the recording bus.
#pragma once

#include <string>
#include <string_view>

#include "model/api_error.hpp"
#include "service/guild_access.hpp"
#include "service/guilds.hpp"
#include "service/roles.hpp"
#include "service/service_test_fixture.hpp"

namespace parley::service::testing {

class community_fixture : public service_fixture {
 protected:
  model::user make_user(std::string_view name, bool bot = false) {
    model::user u;
    u.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
    u.username = std::string(name);
    u.bot = bot;
    if (bot) u.discriminator = "0001";
    u.created_ms = clock_.now;
    EXPECT_TRUE(store_->insert_user(u, nullptr));
    return u;
  }
  // A guild owned by `owner`, made by the service.
  model::snowflake make_guild(const model::user& owner, std::string_view name = "Test Guild") {
    guilds g(*ctx_);
    auto r = g.create(owner, {{"name", name}});
    EXPECT_TRUE(r);
    return r ? r->guild.id : 0;
  }
  void join(model::snowflake guild_id, const model::user& u) {
    model::member m;
    m.guild_id = guild_id;
    m.user_id = u.id;
    m.joined_ms = clock_.now;
    auto r = store_->add_member(m);
    ASSERT_TRUE(r);
    ASSERT_EQ(*r, store::join_outcome::joined);
  }
  // A role made directly in the store, then given to the listed members.
  model::role make_role(model::snowflake guild_id, std::string_view name, model::permissions perms, int position) {
    model::role r;
    r.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
    r.guild_id = guild_id;
    r.name = std::string(name);
    r.perms = perms;
    r.position = position;
    EXPECT_TRUE(store_->create_role(r, nullptr));
    return r;
  }
  void give_role(model::snowflake guild_id, const model::user& u, model::snowflake role_id) {
    auto m = store_->member(guild_id, u.id);
    ASSERT_TRUE(m && *m);
    auto mem = (*m)->member;
    mem.roles.push_back(role_id);
    ASSERT_TRUE(store_->update_member(mem, nullptr));
  }
  void set_everyone(model::snowflake guild_id, model::permissions perms) {
    auto r = store_->role_by_id(guild_id, guild_id);
    ASSERT_TRUE(r && *r);
    auto everyone = **r;
    everyone.perms = perms;
    ASSERT_TRUE(store_->update_role(everyone, nullptr));
  }
  actor as(const model::user& u, std::optional<std::string> reason = std::nullopt) { return actor{u, std::move(reason)}; }

  // Events published since the last call, by name.
  std::vector<bus::event_ptr> take_events() {
    auto all = bus_.events();
    std::vector<bus::event_ptr> out(all.begin() + static_cast<std::ptrdiff_t>(seen_), all.end());
    seen_ = all.size();
    return out;
  }
  static const bus::event* find(const std::vector<bus::event_ptr>& events, std::string_view name) {
    for (const auto& e : events)
      if (e->name == name) return e.get();
    return nullptr;
  }
  static std::size_t count(const std::vector<bus::event_ptr>& events, std::string_view name) {
    std::size_t n = 0;
    for (const auto& e : events) n += e->name == name;
    return n;
  }

  static model::json_code code_of(const model::api_error& e) { return e.code(); }

 private:
  std::size_t seen_ = 0;
};

} // namespace parley::service::testing
