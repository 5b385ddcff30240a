"""discord.py (Debian's python3-discord) with guilds: a bot added through /oauth2/authorize sees the
guild at on_ready with its channels, its own member and, with the members intent, every member after
chunking (op 8 → GUILD_MEMBERS_CHUNK)."""
import asyncio
import os
import sys
import unittest

import yarl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Server  # noqa: E402

import discord  # noqa: E402
from discord.gateway import DiscordWebSocket  # noqa: E402
from discord.http import Route  # noqa: E402


class DiscordPyGuilds(unittest.TestCase):
    def test_bot_sees_its_guild_and_members(self):
        server = Server("--rate-limit", "off").start()
        try:
            owner = server.register("dpyg_owner")
            for i in range(3):
                server.register(f"dpyg_member{i}")
            app, bot = server.create_bot(owner, "Dpy Guild Bot", flags=(1 << 14) | (1 << 18))
            _, guild, _ = server.request("POST", "/guilds", {"name": "DPY Guild"}, token=owner)
            status, _, _ = server.request(
                "POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot&permissions=8",
                {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
            self.assertEqual(status, 200)

            Route.BASE = server.url + "/api/v10"
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.url.replace("http", "ws", 1) + "/gateway")
            intents = discord.Intents.default()
            intents.members = True
            client = discord.Client(intents=intents)
            seen = {}

            @client.event
            async def on_ready():
                g = client.get_guild(int(guild["id"]))
                seen["guild"] = g and g.name
                seen["chunked"] = g and g.chunked
                seen["members"] = g and sorted(m.name for m in g.members)
                seen["channels"] = g and sorted((c.name, str(c.type)) for c in g.channels)
                seen["me"] = g and g.me and g.me.name
                seen["owner"] = g and g.owner_id
                await client.close()

            asyncio.run(asyncio.wait_for(client.start(bot), 60))
            self.assertEqual(seen["guild"], "DPY Guild")
            self.assertTrue(seen["chunked"])
            self.assertEqual(seen["members"], ["Dpy Guild Bot", "dpyg_owner"])
            self.assertEqual(seen["channels"], [("General", "voice"), ("general", "text")])
            self.assertEqual(seen["me"], "Dpy Guild Bot")
            self.assertEqual(str(seen["owner"]), server.request("GET", "/users/@me", token=owner)[1]["id"])
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
