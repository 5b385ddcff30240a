"""Guilds on the gateway: READY lists them and one GUILD_CREATE each follows; guild events reach the
members who may see them (intents, shards, VIEW_CHANNEL), and joins and leaves move sessions in and out."""
import unittest

from gateway_client import GatewayClient
from harness import ServerTestCase

GUILDS, MEMBERS, MESSAGES = 1 << 0, 1 << 1, 1 << 9
VIEW_CHANNEL = 1 << 10


class GatewayGuildTests(ServerTestCase):
    server_args = ("--rate-limit", "off")

    def client(self, token, intents=GUILDS | MESSAGES, **extra):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.ready = c.login(token, intents=intents, **extra)
        return c

    def make_guild(self, owner_token, name="Guild"):
        status, guild, _ = self.req("POST", "/guilds", {"name": name}, token=owner_token)
        self.assertEqual(status, 201, guild)
        return guild

    def invite_and_join(self, owner_token, guild_id, joiner_token):
        _, channels, _ = self.req("GET", f"/guilds/{guild_id}/channels", token=owner_token)
        text = next(c for c in channels if c["type"] == 0)
        status, invite, _ = self.req("POST", f"/channels/{text['id']}/invites", {}, token=owner_token)
        self.assertEqual(status, 200, invite)
        status, _, _ = self.req("POST", f"/invites/{invite['code']}", {}, token=joiner_token)
        self.assertEqual(status, 200)

    def test_ready_lists_guilds_then_one_guild_create_each(self):
        owner = self.server.register("gg_owner1")
        ids = {self.make_guild(owner, f"G{i}")["id"] for i in range(3)}
        c = self.client(owner)
        self.assertEqual({g["id"] for g in c.ready["d"]["guilds"]}, ids)
        self.assertTrue(all(g["unavailable"] for g in c.ready["d"]["guilds"]))
        creates = [c.recv() for _ in range(3)]
        self.assertEqual([p["t"] for p in creates], ["GUILD_CREATE"] * 3)
        self.assertEqual({p["d"]["id"] for p in creates}, ids)
        self.assertEqual([p["s"] for p in creates], [2, 3, 4])
        d = creates[0]["d"]
        self.assertFalse(d["unavailable"])
        for field in ("name", "owner_id", "roles", "channels", "members", "member_count", "joined_at", "voice_states"):
            self.assertIn(field, d)
        self.assertEqual(d["owner_id"], c.ready["d"]["user"]["id"])
        self.assertTrue(any(m["user"]["id"] == c.ready["d"]["user"]["id"] for m in d["members"]))
        self.assertTrue(any(r["id"] == d["id"] for r in d["roles"]), "@everyone has the guild's id")

    def test_sharding_selects_guilds(self):
        owner = self.server.register("gg_sharded")
        guild_ids = [self.make_guild(owner, f"S{i}")["id"] for i in range(6)]
        seen = set()
        for shard in (0, 1):
            c = self.client(owner, shard=[shard, 2])
            listed = {g["id"] for g in c.ready["d"]["guilds"]}
            self.assertEqual(listed, {g for g in guild_ids if (int(g) >> 22) % 2 == shard})
            self.assertFalse(listed & seen)
            seen |= listed
        self.assertEqual(seen, set(guild_ids))

    def test_events_without_a_guild_go_to_shard_zero(self):
        owner = self.server.register("gg_shard_zero")
        shard0, shard1 = self.client(owner, shard=[0, 2]), self.client(owner, shard=[1, 2])
        self.req("PATCH", "/users/@me", {"global_name": "Zero"}, token=owner)
        self.assertEqual(shard0.dispatch("USER_UPDATE")["d"]["global_name"], "Zero")
        # Shard 1's next dispatch is a later guild event of its own shard, not the USER_UPDATE.
        for i in range(64):  # ids alternate between the shards by their millisecond; one falls on 1 soon
            g = self.make_guild(owner, f"Z{i}")
            if (int(g["id"]) >> 22) % 2 == 1:
                break
        else:
            self.fail("64 guild ids in a row fell on shard 0")
        self.assertEqual(shard1.recv_until(lambda p: p["op"] == 0)["t"], "GUILD_CREATE")

    def test_join_and_channel_visibility(self):
        owner, member = self.server.register("gg_owner2"), self.server.register("gg_member2")
        co = self.client(owner, intents=GUILDS | MEMBERS | MESSAGES)
        guild = self.make_guild(owner)
        self.assertEqual(co.dispatch("GUILD_CREATE")["d"]["id"], guild["id"])
        cm = self.client(member)
        self.invite_and_join(owner, guild["id"], member)
        self.assertEqual(cm.dispatch("GUILD_CREATE")["d"]["id"], guild["id"])
        added = co.dispatch("GUILD_MEMBER_ADD")["d"]
        self.assertEqual((added["guild_id"], added["user"]["username"]), (guild["id"], "gg_member2"))

        secret = self.req("POST", f"/guilds/{guild['id']}/channels",
                          {"name": "secret", "permission_overwrites": [{"id": guild["id"], "type": 0, "deny": str(VIEW_CHANNEL)}]},
                          token=owner)[1]
        public = self.req("POST", f"/guilds/{guild['id']}/channels", {"name": "public"}, token=owner)[1]
        self.assertEqual([co.dispatch("CHANNEL_CREATE")["d"]["id"] for _ in range(2)], [secret["id"], public["id"]])
        # The member never hears of the hidden channel: the next channel event it gets is the public one.
        self.assertEqual(cm.dispatch("CHANNEL_CREATE")["d"]["id"], public["id"])

        # Opening the channel to the member (a member overwrite) makes it appear (gateway.md §11.8).
        member_id = cm.ready["d"]["user"]["id"]
        status, _, _ = self.req("PUT", f"/channels/{secret['id']}/permissions/{member_id}",
                                {"type": 1, "allow": str(VIEW_CHANNEL)}, token=owner)
        self.assertEqual(status, 204)
        appeared = cm.recv_until(lambda p: p["op"] == 0)
        self.assertEqual((appeared["t"], appeared["d"]["id"]), ("CHANNEL_CREATE", secret["id"]))

    def test_intents_gate_guild_events(self):
        owner, member = self.server.register("gg_owner3"), self.server.register("gg_member3")
        guild = self.make_guild(owner)
        without_members = self.client(owner, intents=GUILDS)
        with_members = self.client(owner, intents=GUILDS | MEMBERS)
        for c in (without_members, with_members):
            c.dispatch("GUILD_CREATE")
        self.invite_and_join(owner, guild["id"], member)
        self.assertEqual(with_members.dispatch("GUILD_MEMBER_ADD")["d"]["guild_id"], guild["id"])
        # GUILD_MEMBER_ADD needs GUILD_MEMBERS: the other session's next dispatch is a later event.
        self.req("PATCH", f"/guilds/{guild['id']}", {"name": "Renamed"}, token=owner)
        self.assertEqual(without_members.recv_until(lambda p: p["op"] == 0)["t"], "GUILD_UPDATE")

    def test_leaving_stops_events(self):
        owner, member = self.server.register("gg_owner4"), self.server.register("gg_member4")
        guild = self.make_guild(owner)
        cm = self.client(member)
        self.invite_and_join(owner, guild["id"], member)
        cm.dispatch("GUILD_CREATE")
        status, _, _ = self.req("DELETE", f"/users/@me/guilds/{guild['id']}", token=member)
        self.assertEqual(status, 204)
        self.assertEqual(cm.dispatch("GUILD_DELETE")["d"]["id"], guild["id"])
        self.req("POST", f"/guilds/{guild['id']}/channels", {"name": "after"}, token=owner)
        self.server.request("PATCH", "/users/@me", {"global_name": "marker"}, token=member)
        self.assertEqual(cm.recv_until(lambda p: p["op"] == 0)["t"], "USER_UPDATE", "no CHANNEL_CREATE after leaving")


class PresenceTests(ServerTestCase):
    server_args = ("--rate-limit", "off")

    def test_presence_reaches_guild_members_with_the_intent(self):
        PRESENCES = 1 << 8
        owner, member = self.server.register("pr_owner"), self.server.register("pr_member")
        _, guild, _ = self.req("POST", "/guilds", {"name": "Presence"}, token=owner)
        _, channels, _ = self.req("GET", f"/guilds/{guild['id']}/channels", token=owner)
        text = next(c for c in channels if c["type"] == 0)
        _, invite, _ = self.req("POST", f"/channels/{text['id']}/invites", {}, token=owner)
        self.req("POST", f"/invites/{invite['code']}", {}, token=member)

        watcher = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(watcher.sock.close)
        watcher.login(owner, intents=GUILDS | PRESENCES)
        blind = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(blind.sock.close)
        blind.login(owner, intents=GUILDS)
        member_id = self.req("GET", "/users/@me", token=member)[1]["id"]

        m = GatewayClient(self.server.host, self.server.port)
        m.login(member, intents=GUILDS)
        online = watcher.recv_until(lambda p: p.get("t") == "PRESENCE_UPDATE" and p["d"]["user"]["id"] == member_id)["d"]
        self.assertEqual((online["status"], online["guild_id"]), ("online", guild["id"]))

        m.send({"op": 3, "d": {"since": None, "afk": False, "status": "idle",
                               "activities": [{"name": "chess", "type": 0}]}})
        idle = watcher.recv_until(lambda p: p.get("t") == "PRESENCE_UPDATE")["d"]
        self.assertEqual((idle["status"], idle["activities"][0]["name"]), ("idle", "chess"))

        m.close(1000)  # ends the session: the user goes offline
        offline = watcher.recv_until(lambda p: p.get("t") == "PRESENCE_UPDATE")["d"]
        self.assertEqual(offline["status"], "offline")

        # Without GUILD_PRESENCES none of that arrives: the next dispatch is a later event.
        self.req("PATCH", f"/guilds/{guild['id']}", {"name": "Presence 2"}, token=owner)
        self.assertEqual(blind.recv_until(lambda p: p["op"] == 0 and p["t"] != "GUILD_CREATE")["t"], "GUILD_UPDATE")


    def test_guild_create_and_chunks_carry_the_online_members_presences(self):
        PRESENCES, MEMBERS_INTENT = 1 << 8, 1 << 1
        owner, member, away = (self.server.register(n) for n in ("gp_owner", "gp_member", "gp_away"))
        _, guild, _ = self.req("POST", "/guilds", {"name": "Presences"}, token=owner)
        _, channels, _ = self.req("GET", f"/guilds/{guild['id']}/channels", token=owner)
        text = next(c for c in channels if c["type"] == 0)
        _, invite, _ = self.req("POST", f"/channels/{text['id']}/invites", {}, token=owner)
        for t in (member, away):
            self.req("POST", f"/invites/{invite['code']}", {}, token=t)
        member_id = self.req("GET", "/users/@me", token=member)[1]["id"]
        m = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(m.sock.close)
        m.login(member, intents=GUILDS, presence={"status": "dnd", "activities": [], "since": None, "afk": False})

        def guild_create(intents):
            c = GatewayClient(self.server.host, self.server.port)
            self.addCleanup(c.sock.close)
            c.login(owner, intents=intents)
            return c, c.dispatch("GUILD_CREATE")["d"]

        watcher, d = guild_create(GUILDS | PRESENCES | MEMBERS_INTENT)
        by_user = {p["user"]["id"]: p for p in d["presences"]}
        self.assertEqual(by_user[member_id]["status"], "dnd")
        self.assertEqual(set(by_user), {member_id}, "members who never connected are offline and not listed")
        watcher.send({"op": 8, "d": {"guild_id": guild["id"], "query": "", "limit": 0, "presences": True}})
        chunk = watcher.dispatch("GUILD_MEMBERS_CHUNK")["d"]
        self.assertIn(member_id, {p["user"]["id"] for p in chunk["presences"]})
        _, d = guild_create(GUILDS)
        self.assertEqual(d["presences"], [], "presences need GUILD_PRESENCES")

class RequestGuildMembersTests(ServerTestCase):
    server_args = ("--rate-limit", "off")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.server.register("rgm_owner")
        status, cls.guild, _ = cls.server.request("POST", "/guilds", {"name": "Chunky"}, token=cls.owner)
        _, channels, _ = cls.server.request("GET", f"/guilds/{cls.guild['id']}/channels", token=cls.owner)
        text = next(c for c in channels if c["type"] == 0)
        _, invite, _ = cls.server.request("POST", f"/channels/{text['id']}/invites", {"max_uses": 0}, token=cls.owner)
        cls.names = [f"rgm_m{i:02d}" for i in range(12)] + ["zeta_one", "zeta_two"]
        cls.ids = {}
        for name in cls.names:
            token = cls.server.register(name)
            cls.server.request("POST", f"/invites/{invite['code']}", {}, token=token)
            cls.ids[name] = cls.server.request("GET", "/users/@me", token=token)[1]["id"]

    def client(self, intents):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.login(self.owner, intents=intents)
        c.dispatch("GUILD_CREATE")
        return c

    def request(self, c, **d):
        c.send({"op": 8, "d": {"guild_id": self.guild["id"], **d}})
        return c.dispatch("GUILD_MEMBERS_CHUNK")["d"]

    def test_whole_list_with_nonce(self):
        c = self.client(GUILDS | MEMBERS)
        chunk = self.request(c, query="", limit=0, nonce="n1", presences=True)
        self.assertEqual((chunk["chunk_index"], chunk["chunk_count"], chunk["nonce"]), (0, 1, "n1"))
        names = {m["user"]["username"] for m in chunk["members"]}
        self.assertEqual(names, set(self.names) | {"rgm_owner"})
        self.assertEqual(chunk["guild_id"], self.guild["id"])
        self.assertNotIn("presences", chunk, "presences need GUILD_PRESENCES")

    def test_prefix_query_and_limit(self):
        c = self.client(GUILDS)
        chunk = self.request(c, query="ZETA", limit=10)
        self.assertEqual(sorted(m["user"]["username"] for m in chunk["members"]), ["zeta_one", "zeta_two"])
        chunk = self.request(c, query="rgm_m", limit=5)
        self.assertEqual(len(chunk["members"]), 5)
        chunk = self.request(c, query="nobody", limit=5, nonce="empty")
        self.assertEqual((chunk["members"], chunk["chunk_count"], chunk["nonce"]), ([], 1, "empty"))

    def test_user_ids_and_not_found(self):
        c = self.client(GUILDS)
        wanted = [self.ids["rgm_m03"], int(self.ids["zeta_one"]), "12345"]
        chunk = self.request(c, user_ids=wanted)
        self.assertEqual(sorted(m["user"]["id"] for m in chunk["members"]), sorted([self.ids["rgm_m03"], self.ids["zeta_one"]]))
        self.assertEqual(chunk["not_found"], ["12345"])

    def test_whole_list_needs_the_members_intent(self):
        c = self.client(GUILDS)
        c.send({"op": 8, "d": {"guild_id": self.guild["id"], "query": "", "limit": 0, "nonce": "ignored"}})
        chunk = self.request(c, query="zeta", limit=1, nonce="after")
        self.assertEqual(chunk["nonce"], "after", "the whole-list request got no answer")

    def test_not_a_member_gets_nothing(self):
        stranger = self.server.register("rgm_stranger")
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.login(stranger, intents=GUILDS | MEMBERS)
        c.send({"op": 8, "d": {"guild_id": self.guild["id"], "query": "", "limit": 0}})
        c.send({"op": 1, "d": 1})
        self.assertEqual(c.recv()["op"], 11, "no chunk before the ACK")


if __name__ == "__main__":
    unittest.main()
