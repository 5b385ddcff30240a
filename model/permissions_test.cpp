#include "model/permissions.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace parley::model {
namespace {

namespace p = permission;

constexpr snowflake guild_id = 100;
constexpr snowflake owner_id = 1;
constexpr snowflake everyone_id = guild_id;
constexpr snowflake helper_role = 201;  // position 1
constexpr snowflake mod_role = 200;     // position 2
constexpr snowflake admin_role = 300;   // position 3
constexpr snowflake tie_old = 400;      // position 5, older
constexpr snowflake tie_new = 401;      // position 5, newer
constexpr snowflake voice_role = 500;   // position 4, no permissions
constexpr std::int64_t now = 1'700'000'000'000;

constexpr permissions everyone_perms = p::view_channel | p::send_messages | p::read_message_history | p::connect |
                                       p::speak | p::add_reactions | p::embed_links | p::attach_files |
                                       p::change_nickname | p::use_vad;
constexpr permissions mod_perms = p::kick_members | p::ban_members | p::manage_messages | p::manage_roles |
                                  p::moderate_members;

struct world {
  guild g;
  std::vector<role> roles;
  world() {
    g.id = guild_id;
    g.owner_id = owner_id;
    auto add = [&](snowflake id, int position, permissions perms) {
      role r;
      r.id = id;
      r.guild_id = guild_id;
      r.position = position;
      r.perms = perms;
      roles.push_back(r);
    };
    add(everyone_id, 0, everyone_perms);
    add(mod_role, 2, mod_perms);
    add(helper_role, 1, p::manage_nicknames);
    add(admin_role, 3, p::administrator);
    add(tie_new, 5, 0);
    add(tie_old, 5, 0);
    add(voice_role, 4, 0);
  }
};

member make_member(snowflake user_id, std::vector<snowflake> roles = {}) {
  member m;
  m.guild_id = guild_id;
  m.user_id = user_id;
  m.roles = std::move(roles);
  return m;
}

permission_overwrite role_ow(snowflake id, permissions allow, permissions deny) {
  return {id, permission_overwrite::kind::role, allow, deny};
}
permission_overwrite member_ow(snowflake id, permissions allow, permissions deny) {
  return {id, permission_overwrite::kind::member, allow, deny};
}

channel text_channel(std::vector<permission_overwrite> overwrites = {}) {
  channel c;
  c.id = 900;
  c.guild_id = guild_id;
  c.type = channel_type::guild_text;
  c.overwrites = std::move(overwrites);
  return c;
}

// ---- base permissions (§8.2) ----

TEST(base_permissions, owner_gets_everything_even_with_no_role_bits) {
  world w;
  w.roles[0].perms = 0;
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(owner_id)), p::all);
}

TEST(base_permissions, everyone_only) {
  world w;
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(2)), everyone_perms);
}

TEST(base_permissions, roles_add_to_everyone_and_unknown_roles_are_ignored) {
  world w;
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(2, {mod_role, 999})), everyone_perms | mod_perms);
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(2, {mod_role, helper_role})),
            everyone_perms | mod_perms | p::manage_nicknames);
}

TEST(base_permissions, administrator_via_role_is_all) {
  world w;
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(2, {admin_role})), p::all);
}

TEST(base_permissions, administrator_on_everyone_makes_everyone_admin) {
  world w;
  w.roles[0].perms |= p::administrator;
  EXPECT_EQ(base_permissions(w.g, w.roles, make_member(2)), p::all);
}

// ---- channel permissions (§8.3, §8.4): one row per mistake it would catch ----

struct channel_case {
  const char* name;
  std::vector<snowflake> member_roles;
  std::vector<permission_overwrite> overwrites;
  permissions expected;
};

TEST(channel_permissions, overwrite_table) {
  constexpr snowflake user = 7;
  const std::vector<channel_case> cases = {
      {"no overwrites = base", {}, {}, everyone_perms},
      {"@everyone overwrite denies, then allows",
       {},
       {role_ow(everyone_id, p::manage_webhooks, p::add_reactions)},
       (everyone_perms & ~p::add_reactions) | p::manage_webhooks},
      {"role overwrite deny beats @everyone overwrite allow",
       {mod_role},
       {role_ow(everyone_id, p::use_external_emojis, 0), role_ow(mod_role, 0, p::use_external_emojis)},
       everyone_perms | mod_perms},
      {"role overwrite allow beats @everyone overwrite deny",
       {mod_role},
       {role_ow(everyone_id, 0, p::add_reactions), role_ow(mod_role, p::add_reactions, 0)},
       everyone_perms | mod_perms},
      {"member overwrite allow beats role overwrite deny",
       {mod_role},
       {role_ow(mod_role, 0, p::add_reactions), member_ow(user, p::add_reactions, 0)},
       everyone_perms | mod_perms},
      {"member overwrite deny beats role overwrite allow",
       {mod_role},
       {role_ow(mod_role, p::manage_webhooks, 0), member_ow(user, 0, p::manage_webhooks)},
       everyone_perms | mod_perms},
      {"role overwrites aggregate: allow from one role beats deny from another, whatever the position",
       {mod_role, helper_role},
       {role_ow(mod_role, 0, p::add_reactions), role_ow(helper_role, p::add_reactions, 0)},
       everyone_perms | mod_perms | p::manage_nicknames},
      {"... and in the other storage order",
       {mod_role, helper_role},
       {role_ow(helper_role, p::add_reactions, 0), role_ow(mod_role, 0, p::add_reactions)},
       everyone_perms | mod_perms | p::manage_nicknames},
      {"storage order does not change the layering (member overwrite stored first)",
       {},
       {member_ow(user, p::add_reactions, 0), role_ow(everyone_id, 0, p::add_reactions)},
       everyone_perms},
      {"overwrite of a role the member lacks is ignored",
       {},
       {role_ow(mod_role, 0, p::add_reactions)},
       everyone_perms},
      {"member overwrite of another user is ignored", {}, {member_ow(8, 0, p::add_reactions)}, everyone_perms},
      {"a role-type overwrite whose id equals the user id is not a member overwrite",
       {},
       {role_ow(user, 0, p::add_reactions)},
       everyone_perms},
      {"no VIEW_CHANNEL zeroes channel bits but keeps guild-level ones",
       {mod_role},
       {role_ow(everyone_id, 0, p::view_channel)},
       p::kick_members | p::ban_members | p::moderate_members | p::change_nickname},
      {"VIEW_CHANNEL given back by a role overwrite",
       {mod_role},
       {role_ow(everyone_id, 0, p::view_channel), role_ow(mod_role, p::view_channel, 0)},
       everyone_perms | mod_perms},
      {"no SEND_MESSAGES strips the send-dependent bits only",
       {},
       {role_ow(everyone_id, p::mention_everyone | p::send_tts_messages | p::send_polls | p::send_voice_messages,
                p::send_messages)},
       everyone_perms & ~(p::send_messages | p::embed_links | p::attach_files)},
      {"CONNECT does not matter in a text channel",
       {},
       {role_ow(everyone_id, 0, p::connect)},
       everyone_perms & ~p::connect},
  };
  world w;
  for (const auto& tc : cases) {
    const member m = make_member(user, tc.member_roles);
    EXPECT_EQ(channel_permissions(w.g, w.roles, m, text_channel(tc.overwrites), now), tc.expected) << tc.name;
  }
}

TEST(channel_permissions, owner_and_admin_ignore_overwrites) {
  world w;
  const channel c = text_channel({role_ow(everyone_id, 0, p::all), member_ow(owner_id, 0, p::all),
                                  role_ow(admin_role, 0, p::all), member_ow(9, 0, p::all)});
  EXPECT_EQ(channel_permissions(w.g, w.roles, make_member(owner_id), c, now), p::all);
  EXPECT_EQ(channel_permissions(w.g, w.roles, make_member(9, {admin_role}), c, now), p::all);
}

TEST(channel_permissions, voice_without_connect_strips_voice_bits) {
  world w;
  channel c = text_channel({role_ow(everyone_id, p::stream | p::priority_speaker, p::connect)});
  c.type = channel_type::guild_voice;
  const member m = make_member(7, {mod_role});
  const permissions got = channel_permissions(w.g, w.roles, m, c, now);
  EXPECT_FALSE(got & (p::connect | p::speak | p::use_vad | p::stream | p::priority_speaker | p::manage_roles));
  EXPECT_TRUE(got & p::view_channel);
  EXPECT_TRUE(got & p::send_messages);       // text chat in voice is governed by SEND_MESSAGES
  EXPECT_TRUE(got & p::kick_members);        // guild-level bits stay

  c.type = channel_type::guild_stage_voice;
  EXPECT_EQ(channel_permissions(w.g, w.roles, m, c, now), got);

  c.overwrites.clear();  // with CONNECT the voice bits stay
  c.type = channel_type::guild_voice;
  EXPECT_EQ(channel_permissions(w.g, w.roles, m, c, now), everyone_perms | mod_perms);
}

TEST(channel_permissions, timeout_keeps_only_view_and_history) {
  world w;
  member m = make_member(7, {mod_role});
  m.communication_disabled_until_ms = now + 1;
  EXPECT_EQ(channel_permissions(w.g, w.roles, m, text_channel(), now), p::view_channel | p::read_message_history);
  EXPECT_EQ(guild_permissions(w.g, w.roles, m, now), p::view_channel | p::read_message_history);
  EXPECT_EQ(base_permissions(w.g, w.roles, m), everyone_perms | mod_perms);  // §8.2 alone ignores timeouts

  m.communication_disabled_until_ms = now;  // ends exactly now: over
  EXPECT_EQ(channel_permissions(w.g, w.roles, m, text_channel(), now), everyone_perms | mod_perms);
  EXPECT_EQ(guild_permissions(w.g, w.roles, m, now), everyone_perms | mod_perms);
}

TEST(channel_permissions, timeout_still_respects_a_hidden_channel) {
  world w;
  member m = make_member(7);
  m.communication_disabled_until_ms = now + 60'000;
  EXPECT_EQ(channel_permissions(w.g, w.roles, m, text_channel({role_ow(everyone_id, 0, p::view_channel)}), now), 0u);
}

TEST(channel_permissions, timeout_does_not_apply_to_owner_or_admin) {
  world w;
  member owner = make_member(owner_id);
  owner.communication_disabled_until_ms = now + 60'000;
  member admin = make_member(9, {admin_role});
  admin.communication_disabled_until_ms = now + 60'000;
  EXPECT_EQ(channel_permissions(w.g, w.roles, owner, text_channel(), now), p::all);
  EXPECT_EQ(channel_permissions(w.g, w.roles, admin, text_channel(), now), p::all);
  EXPECT_EQ(guild_permissions(w.g, w.roles, admin, now), p::all);
}

// ---- hierarchy (§8.5) ----

TEST(hierarchy, highest_role_by_position_then_older_id) {
  world w;
  EXPECT_EQ(highest_role(w.g, w.roles, make_member(7, {helper_role, admin_role, mod_role}))->id, admin_role);
  EXPECT_EQ(highest_role(w.g, w.roles, make_member(7, {tie_new, tie_old}))->id, tie_old);
  EXPECT_EQ(highest_role(w.g, w.roles, make_member(7, {tie_old, tie_new}))->id, tie_old);
  EXPECT_EQ(highest_role(w.g, w.roles, make_member(7))->id, everyone_id);
  EXPECT_EQ(highest_role_position(w.g, w.roles, make_member(7, {mod_role, helper_role})), 2);
  EXPECT_EQ(highest_role_position(w.g, w.roles, make_member(7)), 0);
}

TEST(hierarchy, outranks) {
  world w;
  const member owner = make_member(owner_id);
  const member plain = make_member(2);
  const member mod = make_member(3, {mod_role});
  const member mod2 = make_member(4, {mod_role, helper_role});
  const member admin_low = make_member(5, {admin_role});           // position 3
  const member high = make_member(6, {voice_role});                 // position 4, no permissions
  const member tie_o = make_member(10, {tie_old});
  const member tie_n = make_member(11, {tie_new});

  EXPECT_TRUE(outranks(mod, plain, w.g, w.roles));
  EXPECT_FALSE(outranks(plain, mod, w.g, w.roles));
  EXPECT_FALSE(outranks(plain, make_member(12), w.g, w.roles));   // both only @everyone
  EXPECT_FALSE(outranks(mod, mod2, w.g, w.roles));                // same highest role
  EXPECT_FALSE(outranks(mod, mod, w.g, w.roles));
  EXPECT_TRUE(outranks(tie_o, tie_n, w.g, w.roles));              // equal positions: older role is higher
  EXPECT_FALSE(outranks(tie_n, tie_o, w.g, w.roles));
  EXPECT_FALSE(outranks(admin_low, high, w.g, w.roles));          // ADMINISTRATOR does not lift hierarchy
  EXPECT_TRUE(outranks(high, admin_low, w.g, w.roles));
  EXPECT_FALSE(outranks(admin_low, owner, w.g, w.roles));         // the owner is never a target
  EXPECT_FALSE(outranks(tie_o, owner, w.g, w.roles));
  EXPECT_TRUE(outranks(owner, tie_o, w.g, w.roles));
  EXPECT_FALSE(outranks(owner, owner, w.g, w.roles));
}

TEST(hierarchy, can_manage_role_only_strictly_below) {
  world w;
  const role& everyone = *find_role(w.roles, everyone_id);
  const role& helper = *find_role(w.roles, helper_role);
  const role& mod = *find_role(w.roles, mod_role);
  const role& admin = *find_role(w.roles, admin_role);
  const role& older = *find_role(w.roles, tie_old);
  const role& newer = *find_role(w.roles, tie_new);
  const member m = make_member(3, {mod_role});

  EXPECT_TRUE(can_manage_role(w.g, w.roles, m, helper));
  EXPECT_TRUE(can_manage_role(w.g, w.roles, m, everyone));
  EXPECT_FALSE(can_manage_role(w.g, w.roles, m, mod));    // its own highest role
  EXPECT_FALSE(can_manage_role(w.g, w.roles, m, admin));  // above
  EXPECT_FALSE(can_manage_role(w.g, w.roles, make_member(2), everyone));
  EXPECT_TRUE(can_manage_role(w.g, w.roles, make_member(10, {tie_old}), newer));
  EXPECT_FALSE(can_manage_role(w.g, w.roles, make_member(11, {tie_new}), older));
  EXPECT_FALSE(can_manage_role(w.g, w.roles, make_member(5, {admin_role}), older));  // admin, but below
  EXPECT_TRUE(can_manage_role(w.g, w.roles, make_member(owner_id), older));
}

TEST(hierarchy, can_grant_only_own_bits) {
  EXPECT_TRUE(can_grant(p::kick_members | p::ban_members, p::kick_members));
  EXPECT_TRUE(can_grant(p::kick_members, 0));
  EXPECT_FALSE(can_grant(p::kick_members, p::kick_members | p::ban_members));
  EXPECT_TRUE(can_grant(p::administrator, p::all));
}

TEST(hierarchy, can_set_overwrite) {
  const permission_overwrite ow{5, permission_overwrite::kind::role, p::send_messages, p::view_channel};
  EXPECT_TRUE(can_set_overwrite(p::send_messages | p::view_channel | p::manage_roles, false, ow));
  EXPECT_FALSE(can_set_overwrite(p::send_messages | p::manage_roles, false, ow));  // deny needs the bit too
  EXPECT_TRUE(can_set_overwrite(p::manage_roles, true, ow));
  const permission_overwrite mr{5, permission_overwrite::kind::role, 0, p::manage_roles};
  EXPECT_FALSE(can_set_overwrite(p::manage_roles | p::manage_channels, false, mr));
  EXPECT_TRUE(can_set_overwrite(p::all, false, mr));
}

TEST(hierarchy, has_manage_roles_overwrite) {
  const member m = make_member(7, {mod_role});
  EXPECT_TRUE(has_manage_roles_overwrite(text_channel({role_ow(mod_role, p::manage_roles, 0)}), guild_id, m));
  EXPECT_TRUE(has_manage_roles_overwrite(text_channel({member_ow(7, p::manage_roles, 0)}), guild_id, m));
  EXPECT_TRUE(has_manage_roles_overwrite(text_channel({role_ow(everyone_id, p::manage_roles, 0)}), guild_id, m));
  EXPECT_FALSE(has_manage_roles_overwrite(text_channel({role_ow(helper_role, p::manage_roles, 0)}), guild_id, m));
  EXPECT_FALSE(has_manage_roles_overwrite(text_channel({member_ow(8, p::manage_roles, 0)}), guild_id, m));
  EXPECT_FALSE(has_manage_roles_overwrite(text_channel({role_ow(mod_role, 0, p::manage_roles)}), guild_id, m));
}

// ---- categories (§8.6) ----

TEST(categories, synced_means_equal_sets) {
  const channel parent = text_channel({role_ow(everyone_id, 0, p::view_channel), role_ow(mod_role, p::view_channel, 0)});
  EXPECT_TRUE(overwrites_synced(text_channel({role_ow(mod_role, p::view_channel, 0), role_ow(everyone_id, 0, p::view_channel)}), parent));
  EXPECT_FALSE(overwrites_synced(text_channel({role_ow(everyone_id, 0, p::view_channel)}), parent));
  EXPECT_FALSE(overwrites_synced(text_channel({role_ow(everyone_id, 0, p::view_channel), role_ow(mod_role, p::view_channel, p::send_messages)}), parent));
  EXPECT_FALSE(overwrites_synced(text_channel({role_ow(everyone_id, 0, p::view_channel), member_ow(mod_role, p::view_channel, 0)}), parent));
  EXPECT_TRUE(overwrites_synced(text_channel(), text_channel()));
}

TEST(permission_sets, constants_are_consistent) {
  EXPECT_EQ(p::channel_bits & ~p::all, 0u);
  EXPECT_EQ(p::send_dependent & ~p::channel_bits, 0u);
  EXPECT_EQ(p::connect_dependent & ~p::channel_bits, 0u);
  EXPECT_FALSE(p::channel_bits & (p::kick_members | p::ban_members | p::administrator | p::manage_guild |
                                  p::view_audit_log | p::moderate_members | p::change_nickname));
}

} // namespace
} // namespace parley::model
