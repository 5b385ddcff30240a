"""examples/moderation_bot.cpp ($PARLEY_MODERATION_BOT) as a bot in a guild of a real parleyd: a message with
a banned word is deleted and its author warned; "!kick @user" from a member without KICK_MEMBERS is refused,
from the owner it kicks."""
import os
import select
import signal
import subprocess
import time
import unittest

from community import CommunityTestCase

MESSAGE_CONTENT_FLAG = 1 << 18


class ModerationBotTests(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def wait_until(self, predicate, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.1)
        self.fail(f"timed out waiting for {what}")

    def bot_said(self, channel, owner, text):
        return lambda: any(text in m["content"] for m in self.ok(200, "GET", f"/channels/{channel}/messages", token=owner)
                           if m["author"].get("bot"))

    def test_moderation(self):
        binary = os.environ.get("PARLEY_MODERATION_BOT")
        if not binary:
            self.skipTest("PARLEY_MODERATION_BOT must name the parley_example_moderation_bot binary")
        owner, _ = self.user("modowner")
        guild = self.guild(owner, "Moderated")
        channel = next(c for c in self.ok(200, "GET", f"/guilds/{guild['id']}/channels", token=owner)
                       if c["type"] == 0)["id"]
        app, bot_token = self.server.create_bot(owner, "Moderator", flags=MESSAGE_CONTENT_FLAG)
        self.ok(200, "POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot",
                {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
        bob, bob_id = self.user("modbob")
        carol, carol_id = self.user("modcarol")
        self.invite_and_join(guild["id"], owner, bob)
        self.invite_and_join(guild["id"], owner, carol)

        proc = subprocess.Popen([binary, self.server.direct_url, bot_token, "Darn", "heck"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(lambda: proc.poll() is None and (proc.kill(), proc.wait()))
        ready, _, _ = select.select([proc.stdout], [], [], 20)
        self.assertTrue(ready, "the bot printed nothing")
        self.assertTrue(proc.stdout.readline().startswith("moderating as "))

        bad = self.ok(200, "POST", f"/channels/{channel}/messages", {"content": "well DARN it"}, token=bob)
        fine = self.ok(200, "POST", f"/channels/{channel}/messages", {"content": "all good"}, token=bob)
        self.wait_until(lambda: self.req("GET", f"/channels/{channel}/messages/{bad['id']}", token=owner)[0] == 404,
                        "the banned message to be deleted")
        self.wait_until(self.bot_said(channel, owner, f"<@{bob_id}>, please mind your language."), "the warning")
        self.assertEqual(self.req("GET", f"/channels/{channel}/messages/{fine['id']}", token=owner)[0], 200)

        self.ok(200, "POST", f"/channels/{channel}/messages", {"content": f"!kick <@{carol_id}>"}, token=bob)
        self.wait_until(self.bot_said(channel, owner, "you need Kick Members"), "the refusal")
        self.assertEqual(self.req("GET", f"/guilds/{guild['id']}/members/{carol_id}", token=owner)[0], 200)

        self.ok(200, "POST", f"/channels/{channel}/messages", {"content": f"!kick <@!{carol_id}>"}, token=owner)
        self.wait_until(self.bot_said(channel, owner, f"Kicked <@{carol_id}>."), "the kick confirmation")
        self.assertEqual(self.req("GET", f"/guilds/{guild['id']}/members/{carol_id}", token=owner)[0], 404)

        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=15), 0)


if __name__ == "__main__":
    unittest.main()
