"""discord.js 14 managing a guild on Parley (issue 4 "Real clients"): channel, role, member edits,
overwrites, invite, kick, ban and unban, each followed through the events into the library's cache. The
scenario is node/guild_scenario.mjs; this file sets up the server, the accounts and the guild."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from harness import Server  # noqa: E402

import node_deps  # noqa: E402


class DiscordJsGuilds(unittest.TestCase):
    def test_guild_management_through_discord_js(self):
        node_deps.ensure(quiet=True)  # no-op when run through run_discord_js.sh
        server = Server("--rate-limit", "off").start()
        try:
            owner = server.register("djsg_owner")
            member = server.register("djsg_member")
            _, member_me, _ = server.request("GET", "/users/@me", token=member)
            banned_token = server.register("djsg_banned2")
            _, banned_me, _ = server.request("GET", "/users/@me", token=banned_token)
            app, bot = server.create_bot(owner, "Djs Guild Bot", flags=1 << 14)
            _, guild, _ = server.request("POST", "/guilds", {"name": "DJS Guild"}, token=owner)
            _, channels, _ = server.request("GET", f"/guilds/{guild['id']}/channels", token=owner)
            text = next(c for c in channels if c["type"] == 0)
            _, invite, _ = server.request("POST", f"/channels/{text['id']}/invites", {}, token=owner)
            status, _, _ = server.request("POST", f"/invites/{invite['code']}", {}, token=member)
            self.assertEqual(status, 200)
            kicked = server.register("djsg_kicked")
            _, kicked_me, _ = server.request("GET", "/users/@me", token=kicked)
            status, _, _ = server.request("POST", f"/invites/{invite['code']}", {}, token=kicked)
            self.assertEqual(status, 200)
            status, _, _ = server.request(
                "POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot&permissions=8",
                {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
            self.assertEqual(status, 200)

            env = dict(os.environ, PARLEY_URL=server.url, PARLEY_BOT_TOKEN=bot, PARLEY_GUILD_ID=guild["id"],
                       PARLEY_MEMBER_ID=member_me["id"], PARLEY_KICK_ID=kicked_me["id"],
                       PARLEY_BAN_ID=banned_me["id"])
            proc = subprocess.run(["node", os.path.join(HERE, "node", "guild_scenario.mjs")], env=env,
                                  capture_output=True, text=True, timeout=150)
            lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
            self.assertTrue(lines, f"no RESULT line\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
            result = json.loads(lines[-1][len("RESULT "):])
            self.assertEqual(result["failures"], [], f"events: {result['events']}\nstderr:\n{proc.stderr[-3000:]}")
            self.assertTrue(result["ok"])
            self.assertEqual(proc.returncode, 0)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
