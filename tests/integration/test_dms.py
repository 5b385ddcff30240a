"""DMs, group DMs and unread state (issue "Conversations" §5–§6; rest.md §7.2, §7.4; gateway.md §3.4, §11):
the one DM of a pair, private channels invisible to third parties, group DM recipients with their events,
READY's private_channels and read_state after being offline, and POST .../ack with MESSAGE_ACK to the
user's other sessions.

Tests that need messages (history of a DM, mentions sent while offline) skip while the message routes
answer "404: Not Found" for the whole route (the messages part of the issue, M-core)."""
import unittest

from community import CommunityTestCase
from gateway_client import GatewayClient

GUILDS, DIRECT_MESSAGES = 1 << 0, 1 << 12


class DmTests(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def client(self, token, intents=GUILDS | DIRECT_MESSAGES):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.ready = c.login(token, intents=intents)
        return c

    def next_dispatch(self, c):
        return c.recv_until(lambda p: p["op"] == 0)

    def open_dm(self, token, recipient_id):
        return self.ok(200, "POST", "/users/@me/channels", {"recipient_id": recipient_id}, token=token)

    def send(self, token, channel_id, content):
        """POST a message; skips the test while message creation is not served yet."""
        status, body, _ = self.req("POST", f"/channels/{channel_id}/messages", {"content": content}, token=token)
        if status == 404 and body and body.get("code") == 0 or status >= 500:
            self.skipTest("message routes not there yet (conversations issue, M-core)")
        self.assertEqual(status, 200, body)
        return body

    # --- DMs ------------------------------------------------------------------------------------

    def test_open_dm_twice_gives_the_same_channel(self):
        alice, alice_id = self.user("dm_alice")
        bob, bob_id = self.user("dm_bob")
        first = self.open_dm(alice, bob_id)
        self.assertEqual(first["type"], 1)
        self.assertEqual([u["id"] for u in first["recipients"]], [bob_id])
        self.assertTrue(first["recipients"][0]["username"].startswith("dm_bob"))
        self.assertIn("last_message_id", first)
        again = self.open_dm(alice, bob_id)
        self.assertEqual(again["id"], first["id"])
        # discord.py sends recipient_id as a JSON integer.
        from_bob = self.ok(200, "POST", "/users/@me/channels", {"recipient_id": int(alice_id)}, token=bob)
        self.assertEqual(from_bob["id"], first["id"])
        self.assertEqual([u["id"] for u in from_bob["recipients"]], [alice_id])
        listed = self.ok(200, "GET", "/users/@me/channels", token=bob)
        self.assertEqual([c["id"] for c in listed], [first["id"]])
        got = self.ok(200, "GET", f"/channels/{first['id']}", token=alice)
        self.assertEqual((got["id"], got["type"], [u["id"] for u in got["recipients"]]), (first["id"], 1, [bob_id]))

    def test_dm_errors(self):
        alice, alice_id = self.user("dm_err")
        self.error(400, 50033, "POST", "/users/@me/channels", {"recipient_id": alice_id}, token=alice)
        self.error(404, 10013, "POST", "/users/@me/channels", {"recipient_id": "1234567"}, token=alice)
        self.error(400, 50035, "POST", "/users/@me/channels", {"recipient_id": "x"}, token=alice)
        self.error(400, 50035, "POST", "/users/@me/channels", {}, token=alice)

    def test_third_party_sees_nothing_of_a_dm(self):
        alice, _ = self.user("dm3_alice")
        bob, bob_id = self.user("dm3_bob")
        eve, _ = self.user("dm3_eve")
        dm = self.open_dm(alice, bob_id)
        for method, path, body in (("GET", f"/channels/{dm['id']}", None),
                                   ("PATCH", f"/channels/{dm['id']}", {"name": "x"}),
                                   ("DELETE", f"/channels/{dm['id']}", None),
                                   ("PUT", f"/channels/{dm['id']}/recipients/{bob_id}", {}),
                                   ("POST", f"/channels/{dm['id']}/messages/{dm['id']}/ack", {})):
            self.error(404, 10003, method, path, body, token=eve)
        self.assertEqual(self.ok(200, "GET", "/users/@me/channels", token=eve), [])
        status, body, _ = self.req("GET", f"/channels/{dm['id']}/messages", token=eve)
        if status == 404 and body.get("code") == 0:
            self.skipTest("message history not there yet (conversations issue, M-core)")
        self.assertEqual((status, body.get("code")), (404, 10003), body)
        self.send(alice, dm["id"], "just between us")
        history = self.ok(200, "GET", f"/channels/{dm['id']}/messages", token=bob)
        self.assertEqual([m["content"] for m in history], ["just between us"])

    def test_closing_a_dm_keeps_it(self):
        alice, _ = self.user("dmc_alice")
        _, bob_id = self.user("dmc_bob")
        dm = self.open_dm(alice, bob_id)
        s = self.client(alice)
        closed = self.ok(200, "DELETE", f"/channels/{dm['id']}", token=alice)
        self.assertEqual(closed["id"], dm["id"])
        self.assertEqual(s.dispatch("CHANNEL_DELETE")["d"]["id"], dm["id"])
        self.assertEqual(self.open_dm(alice, bob_id)["id"], dm["id"])

    def test_bots_get_no_channel_create_and_empty_private_channels(self):
        owner, owner_id = self.user("dm_bot_owner")
        _, bot_token = self.server.create_bot(owner, name="DM Bot")
        bot_token = "Bot " + bot_token
        user_session = self.client(owner)
        bot_session = self.client(bot_token)
        dm = self.open_dm(bot_token, owner_id)
        self.assertEqual(user_session.dispatch("CHANNEL_CREATE")["d"]["id"], dm["id"])
        # The bot's next dispatch is its own USER_UPDATE, not a CHANNEL_CREATE for the DM.
        self.ok(200, "PATCH", "/users/@me", {"username": "DM Bot Two"}, token=bot_token)
        self.assertEqual(self.next_dispatch(bot_session)["t"], "USER_UPDATE")
        self.error(403, 20001, "POST", f"/channels/{dm['id']}/messages/{dm['id']}/ack", {}, token=bot_token)
        # A bot that already has a DM still gets private_channels: [] in READY (a second bot: one
        # bot's identify budget allows one Identify per 5 s).
        _, other_bot = self.server.create_bot(owner, name="DM Bot 3")
        self.open_dm("Bot " + other_bot, owner_id)
        ready = self.client("Bot " + other_bot).ready["d"]
        self.assertEqual(ready["private_channels"], [])
        self.assertNotIn("read_state", ready)
        self.assertIn(dm["id"], [c["id"] for c in self.client(owner).ready["d"]["private_channels"]])

    # --- group DMs ------------------------------------------------------------------------------

    def test_group_dm_recipients_with_events(self):
        owner, owner_id = self.user("gdm_owner")
        bob, bob_id = self.user("gdm_bob")
        carol, carol_id = self.user("gdm_carol")
        dave, dave_id = self.user("gdm_dave")
        sessions = {name: self.client(token) for name, token in
                    (("owner", owner), ("bob", bob), ("carol", carol), ("dave", dave))}

        group = self.ok(200, "POST", "/users/@me/channels", {"recipients": [bob_id, carol_id]}, token=owner)
        self.assertEqual((group["type"], group["owner_id"]), (3, owner_id))
        self.assertEqual(sorted(u["id"] for u in group["recipients"]), sorted([bob_id, carol_id]))
        for name in ("owner", "bob", "carol"):
            created = sessions[name].dispatch("CHANNEL_CREATE")["d"]
            self.assertEqual((created["id"], created["type"]), (group["id"], 3), name)

        # A participant adds dave: the others hear CHANNEL_RECIPIENT_ADD, dave gets the channel.
        self.ok(204, "PUT", f"/channels/{group['id']}/recipients/{dave_id}", token=bob)
        for name in ("owner", "bob", "carol"):
            added = sessions[name].dispatch("CHANNEL_RECIPIENT_ADD")["d"]
            self.assertEqual((added["channel_id"], added["user"]["id"]), (group["id"], dave_id), name)
        joined = sessions["dave"].dispatch("CHANNEL_CREATE")["d"]
        self.assertEqual(len(joined["recipients"]), 3)

        # Only the owner removes others.
        self.error(403, 50013, "DELETE", f"/channels/{group['id']}/recipients/{carol_id}", token=bob)
        self.ok(204, "DELETE", f"/channels/{group['id']}/recipients/{carol_id}", token=owner)
        self.assertEqual(sessions["carol"].dispatch("CHANNEL_DELETE")["d"]["id"], group["id"])
        for name in ("owner", "bob", "dave"):
            removed = sessions[name].dispatch("CHANNEL_RECIPIENT_REMOVE")["d"]
            self.assertEqual((removed["channel_id"], removed["user"]["id"]), (group["id"], carol_id), name)
        self.error(404, 10003, "GET", f"/channels/{group['id']}", token=carol)

        # Renaming by any participant; the owner leaving hands the group to the next one.
        renamed = self.ok(200, "PATCH", f"/channels/{group['id']}", {"name": "planning"}, token=dave)
        self.assertEqual(renamed["name"], "planning")
        for name in ("owner", "bob", "dave"):
            self.assertEqual(sessions[name].dispatch("CHANNEL_UPDATE")["d"]["name"], "planning", name)
        self.ok(200, "DELETE", f"/channels/{group['id']}", token=owner)
        self.assertEqual(sessions["owner"].dispatch("CHANNEL_DELETE")["d"]["id"], group["id"])
        after = self.ok(200, "GET", f"/channels/{group['id']}", token=bob)
        self.assertEqual(after["owner_id"], bob_id)
        self.assertEqual(sessions["bob"].dispatch("CHANNEL_RECIPIENT_REMOVE")["d"]["user"]["id"], owner_id)

    def test_group_dm_limit(self):
        owner, _ = self.user("gdm_limit")
        others = [self.user("gdm_member")[1] for _ in range(10)]
        self.error(400, 30004, "POST", "/users/@me/channels", {"recipients": others}, token=owner)
        group = self.ok(200, "POST", "/users/@me/channels", {"recipients": others[:9]}, token=owner)
        self.assertEqual(len(group["recipients"]), 9)
        self.error(400, 30004, "PUT", f"/channels/{group['id']}/recipients/{others[9]}", token=owner)

    # --- READY and read states --------------------------------------------------------------------

    def test_ready_after_being_offline_carries_channels_and_mentions(self):
        alice, alice_id = self.user("rs_alice")
        bob, bob_id = self.user("rs_bob")
        dm = self.open_dm(bob, alice_id)
        first = self.send(bob, dm["id"], "hello")
        self.ok(200, "POST", f"/channels/{dm['id']}/messages/{first['id']}/ack", {"token": None}, token=alice)
        # Alice is offline while bob mentions her twice and writes once without a mention.
        self.send(bob, dm["id"], f"<@{alice_id}> are you there?")
        self.send(bob, dm["id"], "nothing here")
        last = self.send(bob, dm["id"], f"<@{alice_id}> ping")

        ready = self.client(alice).ready["d"]
        channels = {c["id"]: c for c in ready["private_channels"]}
        self.assertIn(dm["id"], channels)
        self.assertEqual(channels[dm["id"]]["type"], 1)
        self.assertEqual(channels[dm["id"]]["last_message_id"], last["id"])
        self.assertEqual([u["id"] for u in channels[dm["id"]]["recipients"]], [bob_id])
        entries = {e["id"]: e for e in ready["read_state"]["entries"]}
        self.assertEqual(entries[dm["id"]]["last_message_id"], first["id"])
        self.assertEqual(entries[dm["id"]]["mention_count"], 2)
        # History fills the gap.
        history = self.ok(200, "GET", f"/channels/{dm['id']}/messages?after={first['id']}", token=alice)
        self.assertEqual(len(history), 3)

    def test_ack_moves_the_read_state_and_reaches_other_sessions(self):
        alice, _ = self.user("ack_alice")
        _, bob_id = self.user("ack_bob")
        dm = self.open_dm(alice, bob_id)
        other = self.client(alice)
        # Ack positions are message ids; without message routes any id in the channel works the same.
        first_id, second_id = str(int(dm["id"]) + 10), str(int(dm["id"]) + 20)
        body = self.ok(200, "POST", f"/channels/{dm['id']}/messages/{second_id}/ack", {"token": None}, token=alice)
        self.assertEqual(body, {"token": None})
        ack = other.dispatch("MESSAGE_ACK")["d"]
        self.assertEqual((ack["channel_id"], ack["message_id"]), (dm["id"], second_id))
        self.assertIn("version", ack)
        # An older position leaves it where it is.
        self.ok(200, "POST", f"/channels/{dm['id']}/messages/{first_id}/ack", {}, token=alice)
        ready = self.client(alice).ready["d"]
        entries = {e["id"]: e for e in ready["read_state"]["entries"]}
        self.assertEqual(entries[dm["id"]]["last_message_id"], second_id)
        self.assertEqual((ready["read_state"]["partial"], ready["read_state"]["version"]), (False, 0))
        self.error(400, 50035, "POST", f"/channels/{dm['id']}/messages/{first_id}/ack", {"manual": "yes"}, token=alice)


if __name__ == "__main__":
    unittest.main()
