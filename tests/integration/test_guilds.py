"""Guilds, channels and roles over real sockets (rest.md §7.2–§7.4, §8): every route, its permission,
its unknown-id answer and its field errors."""
import unittest
import urllib.parse

from community import (ADMINISTRATOR, BAN_MEMBERS, MANAGE_CHANNELS, MANAGE_GUILD, MANAGE_ROLES, SEND_MESSAGES,
                       VIEW_AUDIT_LOG, VIEW_CHANNEL, CommunityTestCase)


class GuildTests(CommunityTestCase):
    def test_create_get_and_defaults(self):
        token, me = self.user("owner")
        guild = self.guild(token, "Parley HQ")
        self.assertEqual(guild["name"], "Parley HQ")
        self.assertEqual(guild["owner_id"], me)
        self.assertIsInstance(guild["id"], str)
        everyone = [r for r in guild["roles"] if r["id"] == guild["id"]]
        self.assertEqual(len(everyone), 1)
        self.assertTrue(int(everyone[0]["permissions"]) & VIEW_CHANNEL)

        got = self.ok(200, "GET", f"/guilds/{guild['id']}?with_counts=true", token=token)
        self.assertEqual(got["approximate_member_count"], 1)
        self.assertNotIn("approximate_member_count", self.ok(200, "GET", f"/guilds/{guild['id']}", token=token))
        channels = self.ok(200, "GET", f"/guilds/{guild['id']}/channels", token=token)
        self.assertEqual(sorted((c["name"], c["type"]) for c in channels), [("General", 2), ("general", 0)])
        self.assertEqual(got["system_channel_id"], next(c["id"] for c in channels if c["type"] == 0))

    def test_bad_bodies_and_unknown_ids(self):
        token, _ = self.user()
        body = self.error(400, 50035, "POST", "/guilds", {"name": "x"}, token=token)
        self.assertEqual(body["errors"]["name"]["_errors"][0]["code"], "BASE_TYPE_BAD_LENGTH")
        body = self.error(400, 50035, "POST", "/guilds", {}, token=token)
        self.assertEqual(body["errors"]["name"]["_errors"][0]["code"], "BASE_TYPE_REQUIRED")
        self.error(404, 10004, "GET", "/guilds/123456789", token=token)
        self.error(404, 10004, "GET", "/guilds/not-an-id", token=token)
        self.error(401, 0, "GET", "/guilds/1")
        guild = self.guild(token)
        body = self.error(400, 50035, "PATCH", f"/guilds/{guild['id']}", {"afk_timeout": 61, "verification_level": 9},
                          token=token)
        self.assertIn("afk_timeout", body["errors"])
        self.assertIn("verification_level", body["errors"])

    def test_non_member_sees_nothing(self):
        owner, _ = self.user()
        stranger, _ = self.user()
        guild = self.guild(owner)
        for method, path in (("GET", ""), ("GET", "/channels"), ("GET", "/roles"), ("GET", "/members?limit=5")):
            self.error(404, 10004, method, f"/guilds/{guild['id']}{path}", token=stranger)
        self.error(404, 10004, "PATCH", f"/guilds/{guild['id']}", {"name": "mine now"}, token=stranger)

    def test_modify_needs_manage_guild_and_is_audited(self):
        owner, _ = self.user()
        member, _ = self.user()
        guild = self.guild(owner)
        self.invite_and_join(guild["id"], owner, member)
        self.error(403, 50013, "PATCH", f"/guilds/{guild['id']}", {"name": "Hijacked"}, token=member)
        reason = "spring cleaning ✓"
        status, patched, _ = self.req("PATCH", f"/guilds/{guild['id']}", {"name": "Renamed", "description": "hi"},
                                      token=owner, headers={"X-Audit-Log-Reason": urllib.parse.quote(reason)})
        self.assertEqual((status, patched["name"], patched["description"]), (200, "Renamed", "hi"))
        log = self.ok(200, "GET", f"/guilds/{guild['id']}/audit-logs?action_type=1", token=owner)
        entry = log["audit_log_entries"][0]
        self.assertEqual(entry["action_type"], 1)
        self.assertEqual(entry["reason"], reason)
        self.assertIn({"key": "name", "old_value": "Test Guild", "new_value": "Renamed"}, entry["changes"])
        self.assertTrue(any(u["id"] == entry["user_id"] for u in log["users"]))
        self.error(403, 50013, "GET", f"/guilds/{guild['id']}/audit-logs", token=member)
        # Reasons are cut to 512 characters.
        self.ok(200, "PATCH", f"/guilds/{guild['id']}", {"name": "Again"}, token=owner,
                headers={"X-Audit-Log-Reason": urllib.parse.quote("é" * 600)})
        latest = self.ok(200, "GET", f"/guilds/{guild['id']}/audit-logs?limit=1", token=owner)["audit_log_entries"]
        self.assertEqual(len(latest), 1)
        self.assertEqual(latest[0]["reason"], "é" * 512)
        body = self.error(400, 50035, "GET", f"/guilds/{guild['id']}/audit-logs?limit=500", token=owner)
        self.assertIn("limit", body["errors"])

    def test_ownership_transfer_and_delete(self):
        owner, _ = self.user()
        member, member_id = self.user()
        guild = self.guild(owner)
        self.invite_and_join(guild["id"], owner, member)
        admin = self.role(guild["id"], owner, "admin", ADMINISTRATOR)
        self.give(guild["id"], owner, member_id, admin["id"])
        self.error(403, 50013, "DELETE", f"/guilds/{guild['id']}", token=member)
        self.error(403, 50013, "PATCH", f"/guilds/{guild['id']}", {"owner_id": member_id}, token=member)
        self.error(404, 10007, "PATCH", f"/guilds/{guild['id']}", {"owner_id": "42"}, token=owner)
        patched = self.ok(200, "PATCH", f"/guilds/{guild['id']}", {"owner_id": int(member_id)}, token=owner)
        self.assertEqual(patched["owner_id"], member_id)
        self.error(403, 50013, "DELETE", f"/guilds/{guild['id']}", token=owner)
        self.ok(204, "DELETE", f"/guilds/{guild['id']}", token=member)
        self.error(404, 10004, "GET", f"/guilds/{guild['id']}", token=member)

    def test_my_guilds_and_leave(self):
        owner, _ = self.user()
        member, _ = self.user()
        first = self.guild(owner, "First")
        second = self.guild(owner, "Second")
        self.invite_and_join(first["id"], owner, member)
        self.invite_and_join(second["id"], owner, member)
        mine = self.ok(200, "GET", "/users/@me/guilds?with_counts=true", token=member)
        self.assertEqual([g["id"] for g in mine], sorted([first["id"], second["id"]], key=int))
        self.assertFalse(mine[0]["owner"])
        self.assertEqual(mine[0]["approximate_member_count"], 2)
        self.assertIsInstance(mine[0]["permissions"], str)
        theirs = self.ok(200, "GET", "/users/@me/guilds", token=owner)
        self.assertTrue(all(g["owner"] for g in theirs))
        paged = self.ok(200, "GET", f"/users/@me/guilds?after={mine[0]['id']}&limit=1", token=member)
        self.assertEqual([g["id"] for g in paged], [mine[1]["id"]])
        self.error(400, 50035, "GET", "/users/@me/guilds?limit=0", token=member)

        self.error(400, 0, "DELETE", f"/users/@me/guilds/{first['id']}", token=owner)
        self.ok(204, "DELETE", f"/users/@me/guilds/{first['id']}", token=member)
        self.error(404, 10004, "GET", f"/guilds/{first['id']}", token=member)
        self.error(404, 10004, "DELETE", f"/users/@me/guilds/{first['id']}", token=member)


class ChannelTests(CommunityTestCase):
    def test_channel_lifecycle(self):
        owner, _ = self.user()
        member, _ = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        self.invite_and_join(gid, owner, member)
        self.error(403, 50013, "POST", f"/guilds/{gid}/channels", {"name": "nope"}, token=member)
        category = self.ok(201, "POST", f"/guilds/{gid}/channels", {"name": "Info", "type": 4}, token=owner)
        news = self.ok(201, "POST", f"/guilds/{gid}/channels",
                       {"name": "Release Notes", "type": 5, "topic": "what's new", "parent_id": int(category["id"])},
                       token=owner)
        self.assertEqual((news["name"], news["type"], news["parent_id"], news["guild_id"]),
                         ("release-notes", 5, category["id"], gid))
        voice = self.ok(201, "POST", f"/guilds/{gid}/channels",
                        {"name": "Talk", "type": 2, "bitrate": 96000, "user_limit": 5}, token=owner)
        self.assertEqual((voice["bitrate"], voice["user_limit"]), (96000, 5))

        got = self.ok(200, "GET", f"/channels/{news['id']}", token=member)
        self.assertEqual(got["topic"], "what's new")
        patched = self.ok(200, "PATCH", f"/channels/{news['id']}",
                          {"name": "changelog", "topic": None, "nsfw": True, "rate_limit_per_user": 30, "position": 7},
                          token=owner)
        self.assertEqual((patched["name"], patched["topic"], patched["nsfw"], patched["rate_limit_per_user"],
                          patched["position"]), ("changelog", None, True, 30, 7))
        self.error(403, 50013, "PATCH", f"/channels/{news['id']}", {"name": "x"}, token=member)
        body = self.error(400, 50035, "PATCH", f"/channels/{news['id']}", {"rate_limit_per_user": -1, "name": ""},
                          token=owner)
        self.assertIn("rate_limit_per_user", body["errors"])
        self.assertIn("name", body["errors"])
        body = self.error(400, 50035, "POST", f"/guilds/{gid}/channels", {"name": "dm", "type": 1}, token=owner)
        self.assertEqual(body["errors"]["type"]["_errors"][0]["code"], "BASE_TYPE_CHOICES")
        body = self.error(400, 50035, "POST", f"/guilds/{gid}/channels", {"name": "x", "parent_id": news["id"]},
                          token=owner)
        self.assertIn("parent_id", body["errors"])

        self.error(403, 50013, "DELETE", f"/channels/{voice['id']}", token=member)
        deleted = self.ok(200, "DELETE", f"/channels/{voice['id']}", token=owner)
        self.assertEqual(deleted["id"], voice["id"])
        self.error(404, 10003, "GET", f"/channels/{voice['id']}", token=owner)
        self.error(404, 10003, "GET", "/channels/99999", token=owner)
        self.error(404, 10003, "DELETE", "/channels/abc", token=owner)
        log = self.ok(200, "GET", f"/guilds/{gid}/audit-logs", token=owner)
        self.assertEqual({e["action_type"] for e in log["audit_log_entries"]} & {10, 11, 12}, {10, 11, 12})

    def test_private_channel_is_invisible_without_view_channel(self):
        owner, _ = self.user()
        member, member_id = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        self.invite_and_join(gid, owner, member)
        secret = self.ok(201, "POST", f"/guilds/{gid}/channels",
                         {"name": "secret", "permission_overwrites": [{"id": gid, "type": 0, "deny": str(VIEW_CHANNEL)}]},
                         token=owner)
        listed = self.ok(200, "GET", f"/guilds/{gid}/channels", token=member)
        self.assertNotIn(secret["id"], [c["id"] for c in listed])
        self.assertIn(secret["id"], [c["id"] for c in self.ok(200, "GET", f"/guilds/{gid}/channels", token=owner)])
        body = self.error(404, 10003, "GET", f"/channels/{secret['id']}", token=member)
        self.assertNotIn("secret", str(body))
        self.error(404, 10003, "POST", f"/channels/{secret['id']}/invites", {}, token=member)

        # A member overwrite opens it; deleting it closes it again.
        self.ok(204, "PUT", f"/channels/{secret['id']}/permissions/{member_id}",
                {"type": 1, "allow": str(VIEW_CHANNEL)}, token=owner)
        self.assertEqual(self.ok(200, "GET", f"/channels/{secret['id']}", token=member)["name"], "secret")
        self.ok(204, "DELETE", f"/channels/{secret['id']}/permissions/{member_id}", token=owner)
        self.error(404, 10003, "GET", f"/channels/{secret['id']}", token=member)
        self.error(404, 10009, "DELETE", f"/channels/{secret['id']}/permissions/{member_id}", token=owner)

    def test_overwrite_writes_need_manage_roles_and_held_bits(self):
        owner, _ = self.user()
        member, member_id = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        self.invite_and_join(gid, owner, member)
        channel = next(c for c in self.ok(200, "GET", f"/guilds/{gid}/channels", token=owner) if c["type"] == 0)
        path = f"/channels/{channel['id']}/permissions/{gid}"
        self.error(403, 50013, "PUT", path, {"type": 0, "deny": str(SEND_MESSAGES)}, token=member)
        mod = self.role(gid, owner, "mod", MANAGE_ROLES | MANAGE_CHANNELS)
        self.give(gid, owner, member_id, mod["id"])
        self.error(403, 50013, "PUT", path, {"type": 0, "allow": str(BAN_MEMBERS)}, token=member)
        self.ok(204, "PUT", path, {"type": 0, "deny": str(SEND_MESSAGES)}, token=member)
        got = self.ok(200, "GET", f"/channels/{channel['id']}", token=owner)
        self.assertIn({"id": gid, "type": 0, "allow": "0", "deny": str(SEND_MESSAGES)}, got["permission_overwrites"])
        body = self.error(400, 50035, "PUT", path, {"type": 3, "allow": "x"}, token=owner)
        self.assertIn("type", body["errors"])
        self.error(404, 10011, "PUT", f"/channels/{channel['id']}/permissions/4242", {"type": 0}, token=owner)

    def test_bulk_positions(self):
        owner, _ = self.user()
        member, _ = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        if not self.array_bodies_supported(owner):
            self.skipTest("the REST front rejects array bodies (rest_api.cpp): PATCH /guilds/{id}/channels needs them")
        self.invite_and_join(gid, owner, member)
        a = self.ok(201, "POST", f"/guilds/{gid}/channels", {"name": "a"}, token=owner)
        b = self.ok(201, "POST", f"/guilds/{gid}/channels", {"name": "b"}, token=owner)
        cat = self.ok(201, "POST", f"/guilds/{gid}/channels", {"name": "Cat", "type": 4}, token=owner)
        self.ok(204, "PATCH", f"/guilds/{gid}/channels",
                [{"id": a["id"], "position": 5, "parent_id": cat["id"]}, {"id": b["id"], "position": 0}], token=owner)
        self.assertEqual(self.ok(200, "GET", f"/channels/{a['id']}", token=owner)["parent_id"], cat["id"])
        self.assertEqual(self.ok(200, "GET", f"/channels/{b['id']}", token=owner)["position"], 0)
        self.error(400, 40009, "PATCH", f"/guilds/{gid}/channels",
                   [{"id": a["id"], "parent_id": None}, {"id": b["id"], "parent_id": cat["id"]}], token=owner)
        self.error(403, 50013, "PATCH", f"/guilds/{gid}/channels", [{"id": a["id"], "position": 1}], token=member)
        self.error(404, 10003, "PATCH", f"/guilds/{gid}/channels", [{"id": "1", "position": 1}], token=owner)


class RoleTests(CommunityTestCase):
    def test_role_crud_and_grants(self):
        owner, _ = self.user()
        member, member_id = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        self.invite_and_join(gid, owner, member)
        self.error(403, 50013, "POST", f"/guilds/{gid}/roles", {}, token=member)
        made = self.ok(200, "POST", f"/guilds/{gid}/roles", {}, token=owner)
        self.assertEqual((made["name"], made["position"], made["managed"]), ("new role", 1, False))
        self.assertEqual(self.ok(200, "GET", f"/guilds/{gid}/roles/{made['id']}", token=member)["id"], made["id"])
        self.assertEqual(len(self.ok(200, "GET", f"/guilds/{gid}/roles", token=member)), 2)
        self.error(404, 10011, "GET", f"/guilds/{gid}/roles/123", token=member)
        self.error(404, 10011, "GET", f"/guilds/{gid}/roles/abc", token=member)

        # The manager's role is created before the one it manages: same position, older id ranks higher.
        manager = self.role(gid, owner, "manager", MANAGE_ROLES | VIEW_AUDIT_LOG)
        low = self.role(gid, owner, "low", 0)
        self.give(gid, owner, member_id, manager["id"])
        self.error(403, 50013, "POST", f"/guilds/{gid}/roles", {"permissions": str(MANAGE_GUILD)}, token=member)
        patched = self.ok(200, "PATCH", f"/guilds/{gid}/roles/{low['id']}",
                          {"name": "lower", "color": 0x00ff00, "hoist": True, "permissions": VIEW_AUDIT_LOG},
                          token=member)
        self.assertEqual((patched["name"], patched["color"], patched["hoist"], patched["permissions"]),
                         ("lower", 0x00ff00, True, str(VIEW_AUDIT_LOG)))
        # Hierarchy: neither its own top role nor an older one.
        self.error(403, 50013, "PATCH", f"/guilds/{gid}/roles/{manager['id']}", {"name": "boss"}, token=member)
        self.error(403, 50013, "DELETE", f"/guilds/{gid}/roles/{made['id']}", token=member)
        body = self.error(400, 50035, "PATCH", f"/guilds/{gid}/roles/{low['id']}", {"permissions": "lots"}, token=owner)
        self.assertIn("permissions", body["errors"])
        self.error(400, 50028, "DELETE", f"/guilds/{gid}/roles/{gid}", token=owner)
        self.ok(204, "DELETE", f"/guilds/{gid}/roles/{low['id']}", token=member)
        self.error(404, 10011, "DELETE", f"/guilds/{gid}/roles/{low['id']}", token=owner)
        actions = [e["action_type"] for e in self.ok(200, "GET", f"/guilds/{gid}/audit-logs", token=owner)["audit_log_entries"]]
        self.assertIn(30, actions)
        self.assertIn(31, actions)
        self.assertIn(32, actions)

    def test_role_positions(self):
        owner, _ = self.user()
        guild = self.guild(owner)
        gid = guild["id"]
        if not self.array_bodies_supported(owner):
            self.skipTest("the REST front rejects array bodies (rest_api.cpp): PATCH /guilds/{id}/roles needs them")
        a = self.ok(200, "POST", f"/guilds/{gid}/roles", {"name": "a"}, token=owner)
        b = self.ok(200, "POST", f"/guilds/{gid}/roles", {"name": "b"}, token=owner)
        roles = self.ok(200, "PATCH", f"/guilds/{gid}/roles", [{"id": a["id"], "position": 2}, {"id": b["id"], "position": 3}],
                        token=owner)
        positions = {r["id"]: r["position"] for r in roles}
        self.assertEqual((positions[a["id"]], positions[b["id"]]), (2, 3))
        self.error(400, 50035, "PATCH", f"/guilds/{gid}/roles", [{"id": gid, "position": 2}], token=owner)


if __name__ == "__main__":
    unittest.main()
