"""Reactions, pins and typing over real sockets (rest.md §7.5, gateway.md §11.1, §11.5, clients.md §4.2):
unicode emoji percent-encoded in the path and custom emoji as name:id, bodiless requests with any
Content-Type, every route's permission and unknown-object errors, and the events on the gateway."""
import unittest
import urllib.parse

from community import CommunityTestCase, VIEW_CHANNEL
from gateway_client import GatewayClient

GUILDS, GUILD_MESSAGES, GUILD_REACTIONS, GUILD_TYPING = 1 << 0, 1 << 9, 1 << 10, 1 << 11
ADD_REACTIONS = 1 << 6
MANAGE_MESSAGES = 1 << 13
READ_MESSAGE_HISTORY = 1 << 16
PIN_MESSAGES = 1 << 51

THUMBS = "\U0001F44D"
THUMBS_PATH = urllib.parse.quote(THUMBS)  # %F0%9F%91%8D
HEART = "\u2764\ufe0f"
HEART_PATH = urllib.parse.quote(HEART)
OCTET = {"Content-Type": "application/octet-stream"}  # what discord.py sends on bodiless requests


class ConversationCase(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def setUp(self):
        self.owner, self.owner_id = self.user("owner")
        self.member, self.member_id = self.user("member")
        self.guild_id = self.guild(self.owner)["id"]
        self.invite_and_join(self.guild_id, self.owner, self.member)
        channels = self.ok(200, "GET", f"/guilds/{self.guild_id}/channels", token=self.owner)
        self.text = next(c for c in channels if c["type"] == 0)["id"]

    def post(self, token, content, channel=None):
        return self.ok(200, "POST", f"/channels/{channel or self.text}/messages", {"content": content}, token=token)

    def bodiless(self, method, path, token, headers=OCTET):
        status, payload, _ = self.req(method, path, token=token, raw=b"", headers=dict(headers))
        return status, payload

    def overwrite(self, channel, user_id, allow=0, deny=0):
        self.ok(204, "PUT", f"/channels/{channel}/permissions/{user_id}",
                {"type": 1, "allow": str(allow), "deny": str(deny)}, token=self.owner)

    def client(self, token, intents):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.login(token, intents=intents)
        c.dispatch("GUILD_CREATE")
        return c


class ReactionTests(ConversationCase):
    def reactions_path(self, message_id, emoji=THUMBS_PATH):
        return f"/channels/{self.text}/messages/{message_id}/reactions/{emoji}"

    def test_unicode_emoji_percent_encoded_with_octet_stream_body(self):
        m = self.post(self.owner, "react to me")
        status, payload = self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.member)
        self.assertEqual(status, 204, payload)
        self.assertIsNone(payload)
        # discord.js sends no Content-Type at all.
        status, _ = self.bodiless("PUT", self.reactions_path(m["id"], HEART_PATH) + "/@me", self.owner, headers={})
        self.assertEqual(status, 204)
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{m['id']}", token=self.member)
        self.assertEqual(len(got["reactions"]), 2)
        # Ordered by first reaction time; both may fall in the same millisecond, so look them up by name.
        by_name = {r["emoji"]["name"]: r for r in got["reactions"]}
        thumbs = by_name[THUMBS]
        self.assertEqual(thumbs["emoji"], {"id": None, "name": THUMBS})
        self.assertEqual(thumbs["count"], 1)
        self.assertTrue(thumbs["me"])
        self.assertEqual(thumbs["count_details"], {"burst": 0, "normal": 1})
        self.assertFalse(by_name[HEART]["me"])
        users = self.ok(200, "GET", self.reactions_path(m["id"]), token=self.owner)
        self.assertEqual([u["id"] for u in users], [self.member_id])

    def test_custom_emoji_name_id_in_every_spelling(self):
        m = self.post(self.owner, "custom")
        for emoji in ("blob:123456789", "blob%3A123456789", "a:blob:123456789"):
            status, payload = self.bodiless("PUT", self.reactions_path(m["id"], emoji) + "/@me", self.member)
            self.assertEqual(status, 204, (emoji, payload))
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{m['id']}", token=self.owner)
        self.assertEqual(len(got["reactions"]), 1, "one emoji, whatever the spelling")
        self.assertEqual(got["reactions"][0]["emoji"]["id"], "123456789")
        self.assertEqual(got["reactions"][0]["emoji"]["name"], "blob")
        self.assertEqual(got["reactions"][0]["count"], 1)
        users = self.ok(200, "GET", self.reactions_path(m["id"], "other_name:123456789"), token=self.owner)
        self.assertEqual([u["id"] for u in users], [self.member_id])

    def test_malformed_emoji_is_unknown_emoji(self):
        m = self.post(self.owner, "x")
        # ("%zz" is not even a valid URL: the REST front answers 400 Bad Request before any route.)
        for emoji in ("thumbsup", "%F0%9F", "name:notanid", "%E6%97%A5", ":", "a:b:c:1"):
            status, payload = self.bodiless("PUT", self.reactions_path(m["id"], emoji) + "/@me", self.member)
            self.assertEqual((status, payload and payload.get("code")), (400, 10014), emoji)

    def test_remove_own_and_others(self):
        m = self.post(self.owner, "x")
        path = self.reactions_path(m["id"])
        self.assertEqual(self.bodiless("PUT", path + "/@me", self.member)[0], 204)
        self.assertEqual(self.bodiless("PUT", path + "/@me", self.owner)[0], 204)
        # The member may not remove the owner's reaction; the owner may remove anyone's.
        self.error(403, 50013, "DELETE", f"{path}/{self.owner_id}", token=self.member)
        self.assertEqual(self.bodiless("DELETE", f"{path}/{self.member_id}", self.owner)[0], 204)
        self.assertEqual(self.bodiless("DELETE", path + "/@me", self.owner)[0], 204)
        self.assertEqual(self.bodiless("DELETE", path + "/@me", self.owner)[0], 204, "absent: still 204")
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{m['id']}", token=self.owner)
        self.assertNotIn("reactions", got)

    def test_add_needs_add_reactions_only_for_new_emoji(self):
        m = self.post(self.owner, "x")
        self.assertEqual(self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.owner)[0], 204)
        self.overwrite(self.text, self.member_id, deny=ADD_REACTIONS)
        self.assertEqual(self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.member)[0], 204)
        self.error(403, 50013, "PUT", self.reactions_path(m["id"], HEART_PATH) + "/@me", token=self.member)
        self.overwrite(self.text, self.member_id, deny=READ_MESSAGE_HISTORY)
        self.error(403, 50013, "GET", self.reactions_path(m["id"]), token=self.member)

    def test_list_users_paging_and_validation(self):
        m = self.post(self.owner, "x")
        path = self.reactions_path(m["id"])
        self.bodiless("PUT", path + "/@me", self.owner)
        self.bodiless("PUT", path + "/@me", self.member)
        both = self.ok(200, "GET", path, token=self.owner)
        ids = [u["id"] for u in both]
        self.assertEqual(ids, sorted(ids, key=int))
        self.assertEqual(len(ids), 2)
        self.assertEqual([u["id"] for u in self.ok(200, "GET", f"{path}?limit=1", token=self.owner)], ids[:1])
        self.assertEqual([u["id"] for u in self.ok(200, "GET", f"{path}?after={ids[0]}", token=self.owner)], ids[1:])
        self.assertEqual(self.ok(200, "GET", f"{path}?type=1", token=self.owner), [])
        for bad in ("limit=0", "limit=101", "type=2", "after=x"):
            self.error(400, 50035, "GET", f"{path}?{bad}", token=self.owner)

    def test_remove_all_and_remove_emoji(self):
        m = self.post(self.owner, "x")
        self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.member)
        self.bodiless("PUT", self.reactions_path(m["id"], HEART_PATH) + "/@me", self.member)
        all_path = f"/channels/{self.text}/messages/{m['id']}/reactions"
        self.error(403, 50013, "DELETE", all_path, token=self.member)
        self.error(403, 50013, "DELETE", self.reactions_path(m["id"]), token=self.member)
        self.assertEqual(self.bodiless("DELETE", self.reactions_path(m["id"]), self.owner)[0], 204)
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{m['id']}", token=self.owner)
        self.assertEqual(len(got["reactions"]), 1)
        self.assertEqual(self.bodiless("DELETE", all_path, self.owner)[0], 204)
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{m['id']}", token=self.owner)
        self.assertNotIn("reactions", got)

    def test_unknown_message_channel_and_hidden_channel(self):
        m = self.post(self.owner, "x")
        self.error(404, 10008, "PUT", self.reactions_path("123") + "/@me", token=self.member)
        self.error(404, 10008, "GET", self.reactions_path("123"), token=self.member)
        self.error(404, 10003, "PUT", f"/channels/123/messages/{m['id']}/reactions/{THUMBS_PATH}/@me", token=self.member)
        self.overwrite(self.text, self.member_id, deny=VIEW_CHANNEL)
        self.error(404, 10003, "PUT", self.reactions_path(m["id"]) + "/@me", token=self.member)

    def test_reaction_events_on_the_gateway(self):
        m = self.post(self.member, "watch me")
        watcher = self.client(self.member, GUILDS | GUILD_MESSAGES | GUILD_REACTIONS)
        self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.owner)
        add = watcher.dispatch("MESSAGE_REACTION_ADD")["d"]
        self.assertEqual(add["user_id"], self.owner_id)
        self.assertEqual(add["channel_id"], self.text)
        self.assertEqual(add["message_id"], m["id"])
        self.assertEqual(add["guild_id"], self.guild_id)
        self.assertEqual(add["emoji"], {"id": None, "name": THUMBS})
        self.assertEqual(add["message_author_id"], self.member_id)
        self.assertEqual(add["member"]["user"]["id"], self.owner_id)
        self.assertFalse(add["burst"])
        self.assertEqual(add["type"], 0)
        self.bodiless("DELETE", self.reactions_path(m["id"]) + "/@me", self.owner)
        remove = watcher.dispatch("MESSAGE_REACTION_REMOVE")["d"]
        self.assertEqual((remove["user_id"], remove["message_id"]), (self.owner_id, m["id"]))
        self.bodiless("PUT", self.reactions_path(m["id"], "blob:42") + "/@me", self.owner)
        self.assertEqual(watcher.dispatch("MESSAGE_REACTION_ADD")["d"]["emoji"], {"id": "42", "name": "blob"})
        self.bodiless("DELETE", self.reactions_path(m["id"], "blob:42"), self.owner)
        emoji = watcher.dispatch("MESSAGE_REACTION_REMOVE_EMOJI")["d"]
        self.assertEqual(emoji["emoji"]["id"], "42")
        self.bodiless("PUT", self.reactions_path(m["id"]) + "/@me", self.owner)
        watcher.dispatch("MESSAGE_REACTION_ADD")
        self.bodiless("DELETE", f"/channels/{self.text}/messages/{m['id']}/reactions", self.owner)
        cleared = watcher.dispatch("MESSAGE_REACTION_REMOVE_ALL")["d"]
        self.assertEqual((cleared["channel_id"], cleared["message_id"]), (self.text, m["id"]))

    def test_reactions_in_a_hidden_channel_send_no_event(self):
        secret = self.ok(201, "POST", f"/guilds/{self.guild_id}/channels", {"name": "secret", "type": 0},
                         token=self.owner)["id"]
        self.overwrite(secret, self.member_id, deny=VIEW_CHANNEL)
        hidden = self.post(self.owner, "hidden", secret)
        visible = self.post(self.owner, "visible")
        watcher = self.client(self.member, GUILDS | GUILD_MESSAGES | GUILD_REACTIONS)
        self.bodiless("PUT", f"/channels/{secret}/messages/{hidden['id']}/reactions/{THUMBS_PATH}/@me", self.owner)
        self.bodiless("PUT", self.reactions_path(visible["id"]) + "/@me", self.owner)
        add = watcher.dispatch("MESSAGE_REACTION_ADD")["d"]
        self.assertEqual(add["message_id"], visible["id"], "the hidden channel's reaction must not arrive first")


class TypingTests(ConversationCase):
    def test_typing_is_204_with_any_content_type_and_reaches_the_channel(self):
        watcher = self.client(self.member, GUILDS | GUILD_TYPING)
        status, payload = self.bodiless("POST", f"/channels/{self.text}/typing", self.owner)
        self.assertEqual(status, 204, payload)
        d = watcher.dispatch("TYPING_START")["d"]
        self.assertEqual(d["channel_id"], self.text)
        self.assertEqual(d["guild_id"], self.guild_id)
        self.assertEqual(d["user_id"], self.owner_id)
        self.assertIsInstance(d["timestamp"], int)
        self.assertLess(d["timestamp"], 10 ** 11, "seconds, not milliseconds")
        self.assertEqual(d["member"]["user"]["id"], self.owner_id)
        self.assertEqual(self.bodiless("POST", f"/channels/{self.text}/typing", self.owner, headers={})[0], 204)

    def test_typing_needs_send_messages(self):
        self.overwrite(self.text, self.member_id, deny=1 << 11)
        self.error(403, 50013, "POST", f"/channels/{self.text}/typing", token=self.member)
        self.error(404, 10003, "POST", "/channels/1/typing", token=self.member)


class PinTests(ConversationCase):
    def test_pin_list_unpin_both_route_forms(self):
        a = self.post(self.member, "first")
        b = self.post(self.member, "second")
        self.assertEqual(self.bodiless("PUT", f"/channels/{self.text}/messages/pins/{a['id']}", self.owner)[0], 204)
        self.assertEqual(self.bodiless("PUT", f"/channels/{self.text}/pins/{b['id']}", self.owner)[0], 204)
        page = self.ok(200, "GET", f"/channels/{self.text}/messages/pins", token=self.member)
        self.assertEqual([i["message"]["id"] for i in page["items"]], [b["id"], a["id"]])
        self.assertFalse(page["has_more"])
        self.assertTrue(all(i["message"]["pinned"] for i in page["items"]))
        self.assertTrue(page["items"][0]["pinned_at"].endswith("+00:00"))
        first = self.ok(200, "GET", f"/channels/{self.text}/messages/pins?limit=1", token=self.member)
        self.assertEqual(len(first["items"]), 1)
        self.assertTrue(first["has_more"])
        before = urllib.parse.quote(first["items"][0]["pinned_at"])
        rest = self.ok(200, "GET", f"/channels/{self.text}/messages/pins?before={before}", token=self.member)
        self.assertEqual([i["message"]["id"] for i in rest["items"]], [a["id"]])
        legacy = self.ok(200, "GET", f"/channels/{self.text}/pins", token=self.member)
        self.assertEqual([m["id"] for m in legacy], [b["id"], a["id"]])

        self.assertEqual(self.bodiless("DELETE", f"/channels/{self.text}/pins/{a['id']}", self.owner)[0], 204)
        self.assertEqual(self.bodiless("DELETE", f"/channels/{self.text}/messages/pins/{b['id']}", self.owner)[0], 204)
        self.assertEqual(self.ok(200, "GET", f"/channels/{self.text}/messages/pins", token=self.member)["items"], [])
        got = self.ok(200, "GET", f"/channels/{self.text}/messages/{a['id']}", token=self.member)
        self.assertFalse(got["pinned"])

    def test_pin_creates_the_system_message(self):
        a = self.post(self.member, "pin me")
        self.bodiless("PUT", f"/channels/{self.text}/messages/pins/{a['id']}", self.owner)
        history = self.ok(200, "GET", f"/channels/{self.text}/messages?limit=1", token=self.member)
        self.assertEqual(history[0]["type"], 6)
        self.assertEqual(history[0]["author"]["id"], self.owner_id)
        self.assertEqual(history[0]["message_reference"]["message_id"], a["id"])

    def test_pin_permissions_and_errors(self):
        a = self.post(self.member, "x")
        self.error(403, 50013, "PUT", f"/channels/{self.text}/messages/pins/{a['id']}", token=self.member)
        self.overwrite(self.text, self.member_id, allow=PIN_MESSAGES)
        self.assertEqual(self.bodiless("PUT", f"/channels/{self.text}/messages/pins/{a['id']}", self.member)[0], 204)
        self.overwrite(self.text, self.member_id, allow=MANAGE_MESSAGES)
        self.assertEqual(self.bodiless("DELETE", f"/channels/{self.text}/pins/{a['id']}", self.member)[0], 204)
        self.error(404, 10008, "PUT", f"/channels/{self.text}/messages/pins/123", token=self.owner)
        self.error(400, 50035, "GET", f"/channels/{self.text}/messages/pins?before=yesterday", token=self.owner)
        self.error(400, 50035, "GET", f"/channels/{self.text}/messages/pins?limit=51", token=self.owner)
        # Without READ_MESSAGE_HISTORY the list is empty, not an error.
        self.bodiless("PUT", f"/channels/{self.text}/messages/pins/{a['id']}", self.owner)
        self.overwrite(self.text, self.member_id, deny=READ_MESSAGE_HISTORY)
        self.assertEqual(self.ok(200, "GET", f"/channels/{self.text}/messages/pins", token=self.member)["items"], [])
        self.assertEqual(self.ok(200, "GET", f"/channels/{self.text}/pins", token=self.member), [])

    def test_pin_events_on_the_gateway(self):
        a = self.post(self.member, "pin me")
        watcher = self.client(self.member, GUILDS | GUILD_MESSAGES)
        self.bodiless("PUT", f"/channels/{self.text}/messages/pins/{a['id']}", self.owner)
        update = watcher.dispatch("MESSAGE_UPDATE")["d"]
        self.assertEqual((update["id"], update["pinned"]), (a["id"], True))
        pins = watcher.dispatch("CHANNEL_PINS_UPDATE")["d"]
        self.assertEqual((pins["channel_id"], pins["guild_id"]), (self.text, self.guild_id))
        self.assertIsNotNone(pins["last_pin_timestamp"])
        notice = watcher.dispatch("MESSAGE_CREATE")["d"]
        self.assertEqual(notice["type"], 6)
        self.bodiless("DELETE", f"/channels/{self.text}/messages/pins/{a['id']}", self.owner)
        self.assertFalse(watcher.dispatch("MESSAGE_UPDATE")["d"]["pinned"])
        self.assertIsNone(watcher.dispatch("CHANNEL_PINS_UPDATE")["d"]["last_pin_timestamp"])


if __name__ == "__main__":
    unittest.main()
