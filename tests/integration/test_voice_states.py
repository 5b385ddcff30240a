"""Voice states on the main gateway (gateway.md §9, voice.md §2, clients.md §7): op 4 joins, moves and
leaves; the requester gets its own VOICE_STATE_UPDATE before VOICE_SERVER_UPDATE; the guild sees the
state; bad requests are ignored without a close; GUILD_CREATE carries voice_states; the member route
mutes, deafens, moves and disconnects (rest.md §7.3); GET /voice/regions.

Op 4 is sent in the exact shapes of the libraries: @discordjs/voice's joinVoiceChannel() (string ids,
self_deaf true) and discord.py's VoiceChannel.connect() / Guild.change_voice_state (integer ids)."""
import unittest

from community import CommunityTestCase, VIEW_CHANNEL
from gateway_client import GatewayClient

GUILDS, VOICE_STATES = 1 << 0, 1 << 7
CONNECT, MUTE_MEMBERS, DEAFEN_MEMBERS, MOVE_MEMBERS = 1 << 20, 1 << 22, 1 << 23, 1 << 24


def discordjs_join(guild_id, channel_id):
    """@discordjs/voice joinVoiceChannel() defaults (clients.md §7)."""
    return {"op": 4, "d": {"guild_id": guild_id, "channel_id": channel_id, "self_deaf": True, "self_mute": False}}


def discordpy_join(guild_id, channel_id, self_mute=False, self_deaf=False):
    """discord.py DiscordWebSocket.voice_state: integer snowflakes, None to leave."""
    return {"op": 4, "d": {"guild_id": int(guild_id), "channel_id": None if channel_id is None else int(channel_id),
                           "self_mute": self_mute, "self_deaf": self_deaf}}


class VoiceTestCase(CommunityTestCase):
    """Helpers only; the tests are in the subclasses."""
    server_args = ("--rate-limit", "off")

    def client(self, token, intents=GUILDS | VOICE_STATES):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.ready = c.login(token, intents=intents)
        c.guild_creates = []
        for _ in c.ready["d"]["guilds"]:
            c.guild_creates.append(c.dispatch("GUILD_CREATE")["d"])
        return c

    def next_dispatch(self, c):
        return c.recv_until(lambda p: p["op"] == 0)

    def marker(self, guild_id, owner, name):
        """A GUILD_UPDATE every member receives: what a session gets next if nothing came before it."""
        self.ok(200, "PATCH", f"/guilds/{guild_id}", {"name": name}, token=owner)

    def expect_nothing_before_marker(self, clients, guild_id, owner, name):
        self.marker(guild_id, owner, name)
        for c in clients if isinstance(clients, (list, tuple)) else [clients]:
            p = self.next_dispatch(c)
            self.assertEqual((p["t"], p["d"].get("name")), ("GUILD_UPDATE", name), p)

    def state_where(self, c, **fields):
        """The next VOICE_STATE_UPDATE whose d has these values."""
        return c.recv_until(lambda p: p["op"] == 0 and p["t"] == "VOICE_STATE_UPDATE" and
                            all(p["d"].get(k) == v for k, v in fields.items()))["d"]

    def voice_channel(self, guild_id, owner, name="Lounge", **extra):
        return self.ok(201, "POST", f"/guilds/{guild_id}/channels", {"name": name, "type": 2, **extra}, token=owner)

    def setup_guild(self, *members):
        """(owner token, owner id, guild id, voice channel id, [(token, id) of members])"""
        owner, owner_id = self.user("vs_owner")
        guild = self.guild(owner)
        people = []
        for prefix in members:
            token, uid = self.user(prefix)
            self.invite_and_join(guild["id"], owner, token)
            people.append((token, uid))
        voice = self.voice_channel(guild["id"], owner)
        return owner, owner_id, guild["id"], voice["id"], people

    def join_and_expect(self, c, payload, user_id):
        """Sends op 4 and checks the order: own VOICE_STATE_UPDATE, then VOICE_SERVER_UPDATE."""
        c.send(payload)
        state = self.next_dispatch(c)
        self.assertEqual(state["t"], "VOICE_STATE_UPDATE", state)
        server = self.next_dispatch(c)
        self.assertEqual(server["t"], "VOICE_SERVER_UPDATE", server)
        d = state["d"]
        self.assertEqual(d["user_id"], user_id)
        self.assertEqual(d["session_id"], c.ready["d"]["session_id"])
        return d, server["d"]



class VoiceStateTests(VoiceTestCase):
    # --- op 4 ---------------------------------------------------------------------------------------

    def test_join_state_then_server_update_and_the_guild_sees_it(self):
        owner, _, guild_id, voice, [(bot, bot_id), (watcher, _)] = self.setup_guild("vs_bot", "vs_watch")
        c = self.client(bot)
        w = self.client(watcher)
        blind = self.client(owner, intents=GUILDS)  # no GUILD_VOICE_STATES

        state, server = self.join_and_expect(c, discordjs_join(guild_id, voice), bot_id)
        self.assertEqual(state["guild_id"], guild_id)
        self.assertEqual(state["channel_id"], voice)
        self.assertTrue(state["self_deaf"])
        self.assertFalse(state["self_mute"])
        self.assertFalse(state["mute"])
        self.assertFalse(state["deaf"])
        self.assertEqual(state["member"]["user"]["id"], bot_id)
        self.assertIn("joined_at", state["member"])
        self.assertEqual(server["guild_id"], guild_id)
        self.assertEqual(server["endpoint"], f"127.0.0.1:{self.server.port}")
        self.assertRegex(server["token"], r"^[0-9a-f]{32}$")

        seen = w.dispatch("VOICE_STATE_UPDATE")["d"]
        self.assertEqual((seen["user_id"], seen["channel_id"], seen["session_id"]),
                         (bot_id, voice, c.ready["d"]["session_id"]))
        # No VOICE_SERVER_UPDATE for others; no VOICE_STATE_UPDATE without the intent.
        self.expect_nothing_before_marker([w, blind], guild_id, owner, "after join")

    def test_discordpy_shape_without_the_intent_still_gets_both_in_order(self):
        owner, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_py")
        c = self.client(token, intents=GUILDS)
        state, server = self.join_and_expect(c, discordpy_join(guild_id, voice, self_mute=True), uid)
        self.assertTrue(state["self_mute"])
        self.assertFalse(state["self_deaf"])
        self.assertEqual(server["guild_id"], guild_id)
        # Leaving: the own null state, and no server update.
        c.send(discordpy_join(guild_id, None))
        left = self.next_dispatch(c)
        self.assertEqual((left["t"], left["d"]["channel_id"], left["d"]["user_id"]), ("VOICE_STATE_UPDATE", None, uid))
        self.expect_nothing_before_marker(c, guild_id, owner, "after leave")

    def test_bad_requests_are_ignored_without_a_close(self):
        owner, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_bad")
        c = self.client(token)
        text = next(ch for ch in self.ok(200, "GET", f"/guilds/{guild_id}/channels", token=owner) if ch["type"] == 0)
        c.send(discordjs_join(guild_id, text["id"]))              # not a voice channel
        c.send(discordjs_join(guild_id, "123456789"))             # no such channel
        c.send(discordjs_join("987654321", voice))                # not that guild
        c.send(discordjs_join(guild_id, None))                    # leaving while not in voice
        self.expect_nothing_before_marker(c, guild_id, owner, "still here")
        # No CONNECT on the channel: nothing either.
        self.ok(204, "PUT", f"/channels/{voice}/permissions/{guild_id}", {"type": 0, "deny": str(CONNECT)}, token=owner)
        c.dispatch("CHANNEL_UPDATE")
        c.send(discordjs_join(guild_id, voice))
        self.expect_nothing_before_marker(c, guild_id, owner, "no connect")
        # Hidden channel: nothing.
        self.ok(204, "PUT", f"/channels/{voice}/permissions/{guild_id}", {"type": 0, "deny": str(VIEW_CHANNEL)},
                token=owner)
        c.dispatch("CHANNEL_DELETE")  # it vanished for this member
        c.send(discordjs_join(guild_id, voice))
        self.expect_nothing_before_marker(c, guild_id, owner, "hidden")

    def test_user_limit_and_the_move_members_bypass(self):
        owner, _, guild_id, _, [(a, a_id), (b, b_id)] = self.setup_guild("vs_la", "vs_lb")
        booth = self.voice_channel(guild_id, owner, "Booth", user_limit=1)["id"]
        ca, cb, co = self.client(a), self.client(b), self.client(owner)
        self.join_and_expect(ca, discordjs_join(guild_id, booth), a_id)
        cb.dispatch("VOICE_STATE_UPDATE")
        co.dispatch("VOICE_STATE_UPDATE")
        cb.send(discordjs_join(guild_id, booth))
        self.expect_nothing_before_marker([cb, co], guild_id, owner, "full")  # nobody saw a join
        owner_id = co.ready["d"]["user"]["id"]
        self.join_and_expect(co, discordjs_join(guild_id, booth), owner_id)  # the owner may move members

    def test_move_issues_a_new_token_and_one_channel_per_guild(self):
        owner, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_mv")
        den = self.voice_channel(guild_id, owner, "Den")["id"]
        c, o = self.client(token), self.client(owner)
        _, first = self.join_and_expect(c, discordjs_join(guild_id, voice), uid)
        o.dispatch("VOICE_STATE_UPDATE")
        state, second = self.join_and_expect(c, discordjs_join(guild_id, den), uid)
        self.assertEqual(state["channel_id"], den)
        self.assertNotEqual(second["token"], first["token"])
        self.assertEqual(o.dispatch("VOICE_STATE_UPDATE")["d"]["channel_id"], den)
        # A new session's GUILD_CREATE lists the user once, in the new channel, without guild_id.
        fresh = self.client(owner)
        gc = next(g for g in fresh.guild_creates if g["id"] == guild_id)
        self.assertEqual(len(gc["voice_states"]), 1, gc["voice_states"])
        vs = gc["voice_states"][0]
        self.assertNotIn("guild_id", vs)
        self.assertEqual((vs["user_id"], vs["channel_id"], vs["session_id"]), (uid, den, c.ready["d"]["session_id"]))
        self.assertTrue(vs["self_deaf"])

    def test_session_end_removes_the_state_but_a_drop_keeps_it(self):
        owner, _, guild_id, voice, [(token, uid), (other, other_id)] = self.setup_guild("vs_end", "vs_drop")
        o = self.client(owner)
        c = self.client(token)
        self.join_and_expect(c, discordjs_join(guild_id, voice), uid)
        self.assertEqual(o.dispatch("VOICE_STATE_UPDATE")["d"]["channel_id"], voice)
        d = self.client(other)
        self.join_and_expect(d, discordpy_join(guild_id, voice), other_id)
        self.assertEqual(o.dispatch("VOICE_STATE_UPDATE")["d"]["user_id"], other_id)

        d.drop()  # resumable: the voice state stays
        c.close(1000)  # the session ends for good
        gone = o.dispatch("VOICE_STATE_UPDATE")["d"]
        self.assertEqual((gone["user_id"], gone["channel_id"]), (uid, None))
        self.expect_nothing_before_marker(o, guild_id, owner, "after end")
        fresh = self.client(owner)
        gc = next(g for g in fresh.guild_creates if g["id"] == guild_id)
        self.assertEqual([v["user_id"] for v in gc["voice_states"]], [other_id])

    def test_guild_create_on_joining_a_guild_lists_who_is_in_voice(self):
        owner, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_talker")
        c = self.client(token)
        self.join_and_expect(c, discordjs_join(guild_id, voice), uid)
        newcomer, _ = self.user("vs_newcomer")
        n = self.client(newcomer)
        self.invite_and_join(guild_id, owner, newcomer)
        gc = n.dispatch("GUILD_CREATE")["d"]
        self.assertEqual(gc["id"], guild_id)
        self.assertEqual([(v["user_id"], v["channel_id"]) for v in gc["voice_states"]], [(uid, voice)])
        self.assertNotIn("guild_id", gc["voice_states"][0])

    def test_kick_and_channel_delete_disconnect(self):
        owner, _, guild_id, voice, [(a, a_id), (b, b_id)] = self.setup_guild("vs_kick", "vs_chan")
        den = self.voice_channel(guild_id, owner, "Den")["id"]
        o = self.client(owner)
        self.join_and_expect(self.client(a), discordjs_join(guild_id, voice), a_id)
        self.join_and_expect(self.client(b), discordjs_join(guild_id, den), b_id)
        o.dispatch("VOICE_STATE_UPDATE")
        o.dispatch("VOICE_STATE_UPDATE")
        self.ok(204, "DELETE", f"/guilds/{guild_id}/members/{a_id}", token=owner)
        left = o.dispatch("VOICE_STATE_UPDATE")["d"]
        self.assertEqual((left["user_id"], left["channel_id"]), (a_id, None))
        self.ok(200, "DELETE", f"/channels/{den}", token=owner)
        left = o.dispatch("VOICE_STATE_UPDATE")["d"]
        self.assertEqual((left["user_id"], left["channel_id"]), (b_id, None))

    # --- member route -------------------------------------------------------------------------------

    def test_member_route_mute_deaf_move_disconnect(self):
        owner, _, guild_id, voice, [(mod, mod_id), (target, target_id)] = self.setup_guild("vs_mod", "vs_tgt")
        den = self.voice_channel(guild_id, owner, "Den")["id"]
        role = self.role(guild_id, owner, "voice mod", MUTE_MEMBERS | MOVE_MEMBERS)
        self.give(guild_id, owner, mod_id, role["id"])
        path = f"/guilds/{guild_id}/members/{target_id}"
        # Not in voice: 40032 for every voice field, once the permission is there.
        for body in ({"mute": True}, {"channel_id": den}, {"channel_id": None}):
            self.error(400, 40032, "PATCH", path, body, token=mod)
        self.error(403, 50013, "PATCH", path, {"deaf": True}, token=mod)  # no DEAFEN_MEMBERS

        o = self.client(owner)
        t = self.client(target)
        _, server = self.join_and_expect(t, discordjs_join(guild_id, voice), target_id)
        o.dispatch("VOICE_STATE_UPDATE")

        self.error(403, 50013, "PATCH", f"/guilds/{guild_id}/members/{mod_id}", {"mute": True}, token=target)
        member = self.ok(200, "PATCH", path, {"mute": True}, token=mod)
        self.assertTrue(member["mute"])
        muted = o.dispatch("VOICE_STATE_UPDATE")["d"]
        self.assertEqual((muted["user_id"], muted["mute"], muted["deaf"]), (target_id, True, False))
        self.assertTrue(self.ok(200, "GET", path, token=owner)["mute"])  # kept on the member
        self.ok(200, "PATCH", path, {"deaf": True}, token=owner)
        self.assertTrue(o.dispatch("VOICE_STATE_UPDATE")["d"]["deaf"])

        self.error(403, 50013, "PATCH", path, {"channel_id": den}, token=target)  # no MOVE_MEMBERS
        self.ok(200, "PATCH", path, {"channel_id": den}, token=mod)
        moved = self.state_where(t, channel_id=den)
        self.assertEqual((moved["user_id"], moved["mute"], moved["deaf"]), (target_id, True, True))
        self.assertEqual(o.dispatch("VOICE_STATE_UPDATE")["d"]["channel_id"], den)
        self.ok(200, "PATCH", path, {"channel_id": None}, token=mod)
        self.assertEqual(self.state_where(t, channel_id=None)["user_id"], target_id)
        self.error(400, 40032, "PATCH", path, {"channel_id": None}, token=mod)

        # A server-muted member is muted again on the next join (mute lives on the member).
        state, _ = self.join_and_expect(t, discordpy_join(guild_id, voice), target_id)
        self.assertTrue(state["mute"])
        self.assertTrue(state["deaf"])

    def test_get_voice_state(self):
        owner, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_get")
        self.error(404, 10065, "GET", f"/guilds/{guild_id}/voice-states/@me", token=token)
        self.error(404, 10065, "GET", f"/guilds/{guild_id}/voice-states/{uid}", token=owner)
        c = self.client(token)
        self.join_and_expect(c, discordjs_join(guild_id, voice), uid)
        for path, who in ((f"/guilds/{guild_id}/voice-states/@me", token), (f"/guilds/{guild_id}/voice-states/{uid}", owner)):
            got = self.ok(200, "GET", path, token=who)
            self.assertEqual((got["guild_id"], got["channel_id"], got["user_id"], got["session_id"]),
                             (guild_id, voice, uid, c.ready["d"]["session_id"]))
            self.assertTrue(got["self_deaf"])
        stranger, _ = self.user("vs_get_stranger")
        self.error(404, 10004, "GET", f"/guilds/{guild_id}/voice-states/{uid}", token=stranger)

    # --- regions ------------------------------------------------------------------------------------

    def test_voice_regions(self):
        owner, _, guild_id, _, [(outsider, _)] = self.setup_guild("vs_reg")
        expected = [{"id": "parley", "name": "Parley", "optimal": True, "deprecated": False, "custom": False}]
        self.assertEqual(self.ok(200, "GET", "/voice/regions", token=owner), expected)
        self.assertEqual(self.ok(200, "GET", f"/guilds/{guild_id}/regions", token=owner), expected)
        stranger, _ = self.user("vs_stranger")
        self.error(404, 10004, "GET", f"/guilds/{guild_id}/regions", token=stranger)


class VoiceEndpointTests(VoiceTestCase):
    """--voice-endpoint replaces the default (the host and port of the server's URL)."""
    server_args = ("--rate-limit", "off", "--voice-endpoint", "voice.example.org:8443")

    def test_configured_endpoint(self):
        _, _, guild_id, voice, [(token, uid)] = self.setup_guild("vs_ep")
        _, server = self.join_and_expect(self.client(token), discordjs_join(guild_id, voice), uid)
        self.assertEqual(server["endpoint"], "voice.example.org:8443")


if __name__ == "__main__":
    unittest.main()
