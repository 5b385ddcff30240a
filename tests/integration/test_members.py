"""Members, bans, invites, the audit log and bot authorization over real sockets (rest.md §7.3, §7.4,
§7.6, §7.10): every route, its permission, its unknown-id answer and its field errors."""
import time
import unittest

from community import (BAN_MEMBERS, KICK_MEMBERS, MANAGE_CHANNELS, MANAGE_GUILD, MANAGE_NICKNAMES, MANAGE_ROLES,
                       MODERATE_MEMBERS, VIEW_CHANNEL, CommunityTestCase)


class MemberTests(CommunityTestCase):
    def setUp(self):
        self.owner, self.owner_id = self.user("owner")
        self.mod, self.mod_id = self.user("mod")
        self.pleb, self.pleb_id = self.user("pleb")
        self.gid = self.guild(self.owner)["id"]
        self.invite_and_join(self.gid, self.owner, self.mod)
        self.invite_and_join(self.gid, self.owner, self.pleb)
        # Created first, so it ranks above every later role of the same position.
        self.mod_role = self.role(self.gid, self.owner, "mod",
                                  MANAGE_NICKNAMES | MANAGE_ROLES | KICK_MEMBERS | BAN_MEMBERS | MODERATE_MEMBERS)
        self.low_role = self.role(self.gid, self.owner, "low", 0)
        self.give(self.gid, self.owner, self.mod_id, self.mod_role["id"])

    def test_list_search_get(self):
        members = self.ok(200, "GET", f"/guilds/{self.gid}/members?limit=1000", token=self.pleb)
        self.assertEqual(sorted(m["user"]["id"] for m in members), sorted([self.owner_id, self.mod_id, self.pleb_id], key=int))
        for m in members:
            self.assertIn("joined_at", m)
            self.assertIsInstance(m["roles"], list)
        self.assertEqual(len(self.ok(200, "GET", f"/guilds/{self.gid}/members", token=self.pleb)), 1, "default limit 1")
        after = self.ok(200, "GET", f"/guilds/{self.gid}/members?limit=10&after={self.owner_id}", token=self.pleb)
        self.assertNotIn(self.owner_id, [m["user"]["id"] for m in after])
        self.error(400, 50035, "GET", f"/guilds/{self.gid}/members?limit=1001", token=self.pleb)
        found = self.ok(200, "GET", f"/guilds/{self.gid}/members/search?query=PLEB&limit=10", token=self.mod)
        self.assertEqual([m["user"]["id"] for m in found], [self.pleb_id])
        body = self.error(400, 50035, "GET", f"/guilds/{self.gid}/members/search", token=self.mod)
        self.assertIn("query", body["errors"])
        got = self.ok(200, "GET", f"/guilds/{self.gid}/members/{self.mod_id}", token=self.pleb)
        self.assertEqual(got["roles"], [self.mod_role["id"]])
        self.error(404, 10007, "GET", f"/guilds/{self.gid}/members/12345", token=self.pleb)

    def test_modify_fields_and_their_permissions(self):
        path = f"/guilds/{self.gid}/members/{self.pleb_id}"
        self.error(403, 50013, "PATCH", f"/guilds/{self.gid}/members/{self.mod_id}", {"nick": "x"}, token=self.pleb)
        self.error(403, 50013, "PATCH", path, {"mute": True}, token=self.mod)  # no MUTE_MEMBERS
        member = self.ok(200, "PATCH", path, {"nick": "Plebby", "roles": [self.low_role["id"]]}, token=self.mod,
                         headers={"X-Audit-Log-Reason": "new%20here"})
        self.assertEqual((member["nick"], member["roles"]), ("Plebby", [self.low_role["id"]]))
        # Hierarchy: the mod cannot hand out its own top role, nor rename the owner.
        self.error(403, 50013, "PATCH", path, {"roles": [self.mod_role["id"]]}, token=self.mod)
        self.error(403, 50013, "PATCH", f"/guilds/{self.gid}/members/{self.owner_id}", {"nick": "boss"}, token=self.mod)
        self.error(404, 10011, "PATCH", path, {"roles": ["424242"]}, token=self.mod)
        body = self.error(400, 50035, "PATCH", path, {"nick": "x" * 40, "communication_disabled_until": "soon"},
                          token=self.mod)
        self.assertIn("nick", body["errors"])
        self.assertIn("communication_disabled_until", body["errors"])
        until = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 3600))
        member = self.ok(200, "PATCH", path, {"communication_disabled_until": until}, token=self.mod)
        self.assertTrue(member["communication_disabled_until"].startswith(until[:19]))
        self.ok(200, "PATCH", path, {"communication_disabled_until": None}, token=self.mod)
        self.error(404, 10007, "PATCH", f"/guilds/{self.gid}/members/9999", {"nick": "x"}, token=self.mod)

        me = self.ok(200, "PATCH", f"/guilds/{self.gid}/members/@me", {"nick": "Me!"}, token=self.pleb)
        self.assertEqual(me["nick"], "Me!")
        log = self.ok(200, "GET", f"/guilds/{self.gid}/audit-logs?user_id={self.mod_id}", token=self.owner)
        actions = {e["action_type"] for e in log["audit_log_entries"]}
        self.assertTrue({24, 25} <= actions, actions)
        self.assertIn("new here", [e.get("reason") for e in log["audit_log_entries"]])

    def test_kick(self):
        self.error(403, 50013, "DELETE", f"/guilds/{self.gid}/members/{self.mod_id}", token=self.pleb)
        self.error(403, 50013, "DELETE", f"/guilds/{self.gid}/members/{self.owner_id}", token=self.mod)
        self.error(404, 10007, "DELETE", f"/guilds/{self.gid}/members/31337", token=self.mod)
        self.ok(204, "DELETE", f"/guilds/{self.gid}/members/{self.pleb_id}", token=self.mod)
        self.error(404, 10004, "GET", f"/guilds/{self.gid}", token=self.pleb)
        entry = self.ok(200, "GET", f"/guilds/{self.gid}/audit-logs?action_type=20", token=self.owner)["audit_log_entries"][0]
        self.assertEqual(entry["target_id"], self.pleb_id)

    def test_bans_and_invite_refusal(self):
        path = f"/guilds/{self.gid}/bans/{self.pleb_id}"
        self.error(403, 50013, "PUT", f"/guilds/{self.gid}/bans/{self.mod_id}", {}, token=self.pleb)
        self.error(403, 50013, "PUT", f"/guilds/{self.gid}/bans/{self.owner_id}", {}, token=self.mod)
        body = self.error(400, 50035, "PUT", path, {"delete_message_seconds": 604801}, token=self.mod)
        self.assertIn("delete_message_seconds", body["errors"])
        self.error(404, 10013, "PUT", f"/guilds/{self.gid}/bans/777", {}, token=self.mod)
        self.ok(204, "PUT", path, {"delete_message_seconds": 60}, token=self.mod, headers={"X-Audit-Log-Reason": "spam"})
        self.error(404, 10004, "GET", f"/guilds/{self.gid}", token=self.pleb)
        ban = self.ok(200, "GET", path, token=self.mod)
        self.assertEqual((ban["reason"], ban["user"]["id"]), ("spam", self.pleb_id))
        bans = self.ok(200, "GET", f"/guilds/{self.gid}/bans?limit=10", token=self.mod)
        self.assertEqual([b["user"]["id"] for b in bans], [self.pleb_id])
        self.error(400, 50035, "GET", f"/guilds/{self.gid}/bans?limit=1001", token=self.mod)

        channels = self.ok(200, "GET", f"/guilds/{self.gid}/channels", token=self.owner)
        invite = self.ok(200, "POST", f"/channels/{channels[0]['id']}/invites", {"unique": True}, token=self.owner)
        self.error(403, 40007, "POST", f"/invites/{invite['code']}", {}, token=self.pleb)

        self.ok(204, "DELETE", path, token=self.mod)
        self.error(404, 10026, "GET", path, token=self.mod)
        self.error(404, 10026, "DELETE", path, token=self.mod)
        self.ok(200, "POST", f"/invites/{invite['code']}", {}, token=self.pleb)
        self.ok(200, "GET", f"/guilds/{self.gid}", token=self.pleb)
        actions = [e["action_type"] for e in self.ok(200, "GET", f"/guilds/{self.gid}/audit-logs", token=self.owner)["audit_log_entries"]]
        self.assertIn(22, actions)
        self.assertIn(23, actions)


class InviteTests(CommunityTestCase):
    def test_invite_lifecycle(self):
        owner, _ = self.user()
        joiner, joiner_id = self.user()
        gid = self.guild(owner)["id"]
        channel = next(c for c in self.ok(200, "GET", f"/guilds/{gid}/channels", token=owner) if c["type"] == 0)
        invite = self.ok(200, "POST", f"/channels/{channel['id']}/invites", {"max_uses": 5, "temporary": False}, token=owner)
        code = invite["code"]
        self.assertRegex(code, r"^[A-Za-z0-9]{8}$")
        self.assertEqual((invite["max_age"], invite["max_uses"], invite["uses"]), (86400, 5, 0))
        self.assertEqual(invite["channel"]["id"], channel["id"])
        self.assertEqual(invite["guild"]["id"], gid)
        self.assertIsNotNone(invite["expires_at"])

        status, public, _ = self.req("GET", f"/invites/{code}?with_counts=true")  # no token needed
        self.assertEqual(status, 200)
        self.assertEqual((public["code"], public["approximate_member_count"]), (code, 1))
        self.assertNotIn("uses", public)
        self.error(404, 10006, "GET", "/invites/nope1234")
        self.error(401, 0, "POST", f"/invites/{code}", {})

        accepted = self.ok(200, "POST", f"/invites/{code}", {}, token=joiner)
        self.assertEqual(accepted["guild"]["id"], gid)
        self.ok(200, "GET", f"/guilds/{gid}", token=joiner)
        listed = self.ok(200, "GET", f"/channels/{channel['id']}/invites", token=owner)
        self.assertEqual([(i["code"], i["uses"]) for i in listed], [(code, 1)])
        self.assertEqual([i["code"] for i in self.ok(200, "GET", f"/guilds/{gid}/invites", token=owner)], [code])
        self.error(403, 50013, "GET", f"/channels/{channel['id']}/invites", token=joiner)
        self.error(403, 50013, "GET", f"/guilds/{gid}/invites", token=joiner)
        self.error(403, 50013, "DELETE", f"/invites/{code}", token=joiner)
        body = self.error(400, 50035, "POST", f"/channels/{channel['id']}/invites", {"max_age": -1, "max_uses": 101},
                          token=owner)
        self.assertEqual(set(body["errors"]), {"max_age", "max_uses"})

        deleted = self.ok(200, "DELETE", f"/invites/{code}", token=owner)
        self.assertEqual(deleted["code"], code)
        self.error(404, 10006, "GET", f"/invites/{code}")
        self.error(404, 10006, "DELETE", f"/invites/{code}", token=owner)
        actions = [e["action_type"] for e in self.ok(200, "GET", f"/guilds/{gid}/audit-logs", token=owner)["audit_log_entries"]]
        self.assertIn(40, actions)
        self.assertIn(42, actions)
        self.assertTrue(joiner_id)

    def test_expired_and_used_up_invites(self):
        owner, _ = self.user()
        first, _ = self.user()
        second, _ = self.user()
        gid = self.guild(owner)["id"]
        channel = self.ok(200, "GET", f"/guilds/{gid}/channels", token=owner)[0]
        once = self.ok(200, "POST", f"/channels/{channel['id']}/invites", {"max_uses": 1, "unique": True}, token=owner)
        self.ok(200, "POST", f"/invites/{once['code']}", {}, token=first)
        self.error(404, 10006, "POST", f"/invites/{once['code']}", {}, token=second)
        short = self.ok(200, "POST", f"/channels/{channel['id']}/invites", {"max_age": 1, "unique": True}, token=owner)
        time.sleep(1.2)
        self.error(404, 10006, "POST", f"/invites/{short['code']}", {}, token=second)
        self.error(404, 10006, "GET", f"/invites/{short['code']}")

    def test_bots_cannot_accept_and_private_channels_hide_invites(self):
        owner, _ = self.user()
        member, _ = self.user()
        _, bot_token = self.server.create_bot(owner, "Invite Bot")
        gid = self.guild(owner)["id"]
        channel = self.ok(200, "GET", f"/guilds/{gid}/channels", token=owner)[0]
        invite = self.ok(200, "POST", f"/channels/{channel['id']}/invites", {}, token=owner)
        self.error(403, 20001, "POST", f"/invites/{invite['code']}", {}, token="Bot " + bot_token)
        self.ok(200, "POST", f"/invites/{invite['code']}", {}, token=member)
        secret = self.ok(201, "POST", f"/guilds/{gid}/channels",
                         {"name": "staff", "permission_overwrites": [{"id": gid, "type": 0, "deny": str(VIEW_CHANNEL)}]},
                         token=owner)
        self.error(404, 10003, "GET", f"/channels/{secret['id']}/invites", token=member)
        staff_invite = self.ok(200, "POST", f"/channels/{secret['id']}/invites", {}, token=owner)
        self.error(404, 10006, "DELETE", f"/invites/{staff_invite['code']}", token=member)


class BotAuthorizationTests(CommunityTestCase):
    def test_bot_joins_with_a_managed_role(self):
        owner, _ = self.user()
        member, _ = self.user()
        app, bot_token = self.server.create_bot(owner, "Joiner Bot")
        gid = self.guild(owner)["id"]
        self.invite_and_join(gid, owner, member)
        perms = KICK_MEMBERS | MANAGE_CHANNELS
        path = f"/oauth2/authorize?client_id={app['id']}&scope=bot&permissions={perms}"
        body = {"guild_id": gid, "permissions": str(perms), "authorize": True}
        self.error(403, 50013, "POST", path, body, token=member)
        self.error(404, 10002, "POST", f"/oauth2/authorize?client_id=1&scope=bot", body, token=owner)
        self.error(400, 50035, "POST", f"/oauth2/authorize?client_id={app['id']}&scope=identify", body, token=owner)
        self.error(403, 20001, "POST", path, body, token="Bot " + bot_token)
        result = self.ok(200, "POST", path, body, token=owner)
        self.assertIn("location", result)

        guild = self.ok(200, "GET", f"/guilds/{gid}", token="Bot " + bot_token)
        managed = [r for r in guild["roles"] if r.get("tags", {}).get("bot_id") == app["bot"]["id"]]
        self.assertEqual(len(managed), 1)
        self.assertTrue(managed[0]["managed"])
        self.assertEqual(managed[0]["permissions"], str(perms))
        me = self.ok(200, "GET", f"/guilds/{gid}/members/{app['bot']['id']}", token=owner)
        self.assertEqual(me["roles"], [managed[0]["id"]])
        entry = self.ok(200, "GET", f"/guilds/{gid}/audit-logs?action_type=28", token=owner)["audit_log_entries"][0]
        self.assertEqual(entry["target_id"], app["bot"]["id"])
        # The bot's own view: its guild list, and members need the GUILD_MEMBERS flag.
        self.assertEqual([g["id"] for g in self.ok(200, "GET", "/users/@me/guilds", token="Bot " + bot_token)], [gid])
        self.error(403, 50001, "GET", f"/guilds/{gid}/members", token="Bot " + bot_token)
        self.ok(200, "PATCH", f"/applications/{app['id']}", {"flags": 1 << 14}, token=owner)
        self.ok(200, "GET", f"/guilds/{gid}/members", token="Bot " + bot_token)
        self.assertTrue(MANAGE_GUILD)


if __name__ == "__main__":
    unittest.main()
