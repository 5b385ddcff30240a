"""Messages and history over real sockets (rest.md §6.6, §7.5; gateway.md §11.1; clients.md §4–§5):
every message route with its errors, visibility of messages and events, MESSAGE_CREATE's fields,
history paging, and durability of acknowledged messages across kill -9."""
import signal
import shutil
import threading
import time
import unittest

from community import CommunityTestCase, VIEW_CHANNEL
from gateway_client import GatewayClient
from harness import Server

GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 15
SEND_MESSAGES = 1 << 11


class MessageCase(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def setUp(self):
        self.owner, self.owner_id = self.user("owner")
        self.member, self.member_id = self.user("member")
        self.guild_id = self.guild(self.owner)["id"]
        self.invite_and_join(self.guild_id, self.owner, self.member)
        channels = self.ok(200, "GET", f"/guilds/{self.guild_id}/channels", token=self.owner)
        self.text = next(c for c in channels if c["type"] == 0)["id"]

    def path(self, *rest, channel=None):
        return "/".join([f"/channels/{channel or self.text}/messages", *rest]).rstrip("/")

    def post(self, token, body, channel=None):
        if isinstance(body, str):
            body = {"content": body}
        return self.ok(200, "POST", self.path(channel=channel), body, token=token)

    def client(self, token, intents=GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT):
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        c.login(token, intents=intents)
        c.dispatch("GUILD_CREATE")
        return c


class MessageRouteTests(MessageCase):
    def test_create_get_edit_delete(self):
        m = self.post(self.member, {"content": "hello", "nonce": "abc", "tts": False})
        for key in ("id", "channel_id", "type", "content", "author", "tts", "pinned", "mention_everyone", "embeds",
                    "attachments", "edited_timestamp", "timestamp", "mentions", "mention_roles", "flags", "components"):
            self.assertIn(key, m)
        self.assertEqual((m["content"], m["nonce"], m["channel_id"], m["author"]["id"]),
                         ("hello", "abc", self.text, self.member_id))
        self.assertIsNone(m["edited_timestamp"])
        got = self.ok(200, "GET", self.path(m["id"]), token=self.owner)
        self.assertEqual(got["content"], "hello")
        edited = self.ok(200, "PATCH", self.path(m["id"]), {"content": "hello again"}, token=self.member)
        self.assertEqual(edited["content"], "hello again")
        self.assertIsNotNone(edited["edited_timestamp"])
        self.error(403, 50005, "PATCH", self.path(m["id"]), {"content": "not mine"}, token=self.owner)
        self.ok(204, "DELETE", self.path(m["id"]), token=self.member)
        self.error(404, 10008, "GET", self.path(m["id"]), token=self.owner)
        self.error(404, 10008, "DELETE", self.path(m["id"]), token=self.member)
        self.error(404, 10008, "PATCH", self.path("123"), {"content": "x"}, token=self.member)

    def test_discord_py_integer_ids_and_reply(self):
        first = self.post(self.owner, "question")
        reply = self.post(self.member, {"content": "answer", "components": [], "tts": False,
                                        "message_reference": {"message_id": int(first["id"]),
                                                              "channel_id": int(self.text),
                                                              "guild_id": int(self.guild_id)}})
        self.assertEqual(reply["type"], 19)
        self.assertEqual(reply["message_reference"]["message_id"], first["id"])
        self.assertEqual(reply["referenced_message"]["content"], "question")
        self.error(400, 50035, "POST", self.path(), {"content": "x", "message_reference": {"message_id": "1"}},
                   token=self.member)
        plain = self.post(self.member, {"content": "x", "message_reference": {"message_id": "1",
                                                                              "fail_if_not_exists": False}})
        self.assertEqual(plain["type"], 0)

    def test_slowmode_429_carries_what_the_libraries_retry_on(self):
        self.ok(200, "PATCH", f"/channels/{self.text}", {"rate_limit_per_user": 30}, token=self.owner)
        self.post(self.member, "first")
        status, body, headers = self.req("POST", self.path(), {"content": "too soon"}, token=self.member)
        self.assertEqual(status, 429, body)
        self.assertEqual(body["code"], 20016)
        self.assertFalse(body["global"])
        self.assertTrue(25 < body["retry_after"] <= 30, body)
        # discord.py retries only with Via; both libraries wait on Retry-After / Reset-After (clients.md §4.3).
        self.assertIn("via", headers)
        self.assertTrue(25 <= float(headers["retry-after"]) <= 30, headers)
        self.assertEqual(headers["x-ratelimit-remaining"], "0")
        self.assertIn("x-ratelimit-reset-after", headers)
        # The owner (MANAGE_CHANNELS) is not slowed down.
        self.post(self.owner, "one")
        self.post(self.owner, "two")

    def test_create_errors(self):
        too_long = self.error(400, 50035, "POST", self.path(), {"content": "x" * 2001}, token=self.member)
        self.assertEqual(too_long["errors"]["content"]["_errors"][0]["code"], "BASE_TYPE_MAX_LENGTH")
        self.post(self.member, "y" * 2000)
        self.error(400, 50006, "POST", self.path(), {"content": ""}, token=self.member)
        self.error(400, 50006, "POST", self.path(), {}, token=self.member)
        self.error(404, 10003, "POST", self.path(channel="1234"), {"content": "x"}, token=self.member)
        # No SEND_MESSAGES for the member in this channel: 403 50013; the owner still may.
        self.ok(204, "PUT", f"/channels/{self.text}/permissions/{self.member_id}",
                {"type": 1, "deny": str(SEND_MESSAGES)}, token=self.owner)
        self.error(403, 50013, "POST", self.path(), {"content": "x"}, token=self.member)
        self.post(self.owner, "owner can")

    def test_bulk_delete(self):
        ids = [self.post(self.member, f"m{i}")["id"] for i in range(3)]
        self.error(403, 50013, "POST", self.path("bulk-delete"), {"messages": ids[:2]}, token=self.member)
        self.error(400, 50016, "POST", self.path("bulk-delete"), {"messages": ids[:1]}, token=self.owner)
        self.error(400, 50034, "POST", self.path("bulk-delete"), {"messages": [ids[0], ids[0]]}, token=self.owner)
        old = str((1 << 22) * 1000)  # a snowflake from 2015
        self.error(400, 50034, "POST", self.path("bulk-delete"), {"messages": [ids[0], old]}, token=self.owner)
        self.ok(204, "POST", self.path("bulk-delete"), {"messages": ids[:2]}, token=self.owner)
        self.ok(204, "POST", self.path("bulk_delete"), {"messages": [ids[2], str(int(ids[2]) + 1)]}, token=self.owner)
        self.assertEqual(self.ok(200, "GET", self.path(), token=self.owner), [])

    def test_history_pages(self):
        ids = [self.post(self.member, f"m{i}")["id"] for i in range(12)]
        newest = self.ok(200, "GET", self.path() + "?limit=5", token=self.member)
        self.assertEqual([m["id"] for m in newest], ids[::-1][:5])
        before = self.ok(200, "GET", self.path() + f"?limit=5&before={ids[5]}", token=self.member)
        self.assertEqual([m["id"] for m in before], [ids[4], ids[3], ids[2], ids[1], ids[0]])
        after = self.ok(200, "GET", self.path() + f"?limit=3&after={ids[5]}", token=self.member)
        self.assertEqual([m["id"] for m in after], [ids[8], ids[7], ids[6]])
        around = self.ok(200, "GET", self.path() + f"?limit=5&around={ids[6]}", token=self.member)
        self.assertEqual([m["id"] for m in around], [ids[8], ids[7], ids[6], ids[5], ids[4]])
        self.assertEqual(len(self.ok(200, "GET", self.path(), token=self.member)), 12)
        self.error(400, 50035, "GET", self.path() + "?limit=101", token=self.member)
        self.error(400, 50035, "GET", self.path() + "?limit=0", token=self.member)
        self.error(400, 50035, "GET", self.path() + f"?before={ids[3]}&after={ids[1]}", token=self.member)


class VisibilityTests(MessageCase):
    def test_hidden_channel_gives_404_and_no_events(self):
        secret = self.ok(201, "POST", f"/guilds/{self.guild_id}/channels",
                         {"name": "secret", "permission_overwrites": [
                             {"id": self.guild_id, "type": 0, "deny": str(VIEW_CHANNEL)}]}, token=self.owner)["id"]
        hidden = self.post(self.owner, "classified", channel=secret)
        self.error(404, 10003, "GET", self.path(channel=secret), token=self.member)
        self.error(404, 10003, "GET", self.path(hidden["id"], channel=secret), token=self.member)
        self.error(404, 10003, "POST", self.path(channel=secret), {"content": "x"}, token=self.member)
        watcher = self.client(self.member)
        self.post(self.owner, "in the secret channel", channel=secret)
        self.post(self.owner, "in the open channel")
        event = watcher.dispatch("MESSAGE_CREATE")
        self.assertEqual(event["d"]["content"], "in the open channel", "the hidden channel's message was not sent")

    def test_message_create_fields(self):
        watcher = self.client(self.owner)
        sent = self.post(self.member, {"content": f"hi <@{self.owner_id}>", "nonce": 12345})
        d = watcher.dispatch("MESSAGE_CREATE")["d"]
        self.assertEqual(d["id"], sent["id"])
        self.assertEqual(d["guild_id"], self.guild_id)
        self.assertEqual(d["channel_type"], 0)
        self.assertEqual(d["nonce"], 12345)
        self.assertIn("roles", d["member"])
        self.assertNotIn("user", d["member"])
        self.assertEqual([u["id"] for u in d["mentions"]], [self.owner_id])
        self.ok(200, "PATCH", self.path(sent["id"]), {"content": "edited"}, token=self.member)
        update = watcher.dispatch("MESSAGE_UPDATE")["d"]
        self.assertEqual((update["content"], update["tts"], update["guild_id"]), ("edited", False, self.guild_id))
        self.ok(204, "DELETE", self.path(sent["id"]), token=self.member)
        deleted = watcher.dispatch("MESSAGE_DELETE")["d"]
        self.assertEqual((deleted["id"], deleted["channel_id"], deleted["guild_id"]),
                         (sent["id"], self.text, self.guild_id))

    def test_history_without_read_message_history_is_empty(self):
        self.post(self.owner, "before")
        self.ok(204, "PUT", f"/channels/{self.text}/permissions/{self.member_id}",
                {"type": 1, "deny": str(1 << 16)}, token=self.owner)
        self.assertEqual(self.ok(200, "GET", self.path(), token=self.member), [])


class MessageDurabilityTest(unittest.TestCase):
    def test_acknowledged_messages_survive_kill_9(self):
        server = Server("--rate-limit", "off").start()
        token = server.register("durable")
        _, guild, _ = server.request("POST", "/guilds", {"name": "durability"}, token=token)
        _, channels, _ = server.request("GET", f"/guilds/{guild['id']}/channels", token=token)
        text = next(c for c in channels if c["type"] == 0)["id"]
        acknowledged, lock, stop = [], threading.Lock(), threading.Event()

        def writer(worker):
            conn = server.connection()
            n = 0
            while not stop.is_set():
                try:
                    status, body, _ = server.request("POST", f"/channels/{text}/messages",
                                                     {"content": f"w{worker} n{n}"}, token=token, conn=conn)
                except OSError:
                    return
                n += 1
                if status == 200:
                    with lock:
                        acknowledged.append(body["id"])

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        deadline = time.time() + 30
        while time.time() < deadline:
            with lock:
                if len(acknowledged) >= 100:
                    break
            time.sleep(0.02)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        stop.set()
        for t in threads:
            t.join()
        restarted = Server("--rate-limit", "off", data_dir=server.data_dir).start()
        try:
            self.assertGreaterEqual(len(acknowledged), 100)
            missing = []
            conn = restarted.connection()
            for message_id in acknowledged:
                status, _, _ = restarted.request("GET", f"/channels/{text}/messages/{message_id}", token=token, conn=conn)
                if status != 200:
                    missing.append(message_id)
            self.assertEqual(missing, [], f"{len(missing)} of {len(acknowledged)} acknowledged messages lost")
        finally:
            restarted.stop()
            shutil.rmtree(server.data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
