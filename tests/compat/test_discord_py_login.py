"""discord.py (Debian's python3-discord) logs in against Parley: GET /users/@me and
GET /oauth2/applications/@me with a bot token, parsed by the library itself (clients.md §2.2)."""
import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Server  # noqa: E402

import discord  # noqa: E402
from discord.http import Route  # noqa: E402


class DiscordPyLogin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()
        Route.BASE = cls.server.url + "/api/v10"

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_login_reads_user_and_application(self):
        owner = self.server.register("dpy_owner")
        app, token = self.server.create_bot(owner, "Dpy Bot", flags=1 << 18)

        async def scenario():
            client = discord.Client(intents=discord.Intents.default())
            try:
                await client.login(token)
                info = await client.application_info()
                return client.user, info, client.application_flags
            finally:
                await client.close()

        user, info, flags = asyncio.run(scenario())
        self.assertEqual(str(user.id), app["id"])
        self.assertEqual(user.name, "Dpy Bot")
        self.assertTrue(user.bot)
        self.assertEqual(str(info.id), app["id"])
        self.assertEqual(info.name, "Dpy Bot")
        self.assertEqual(info.owner.name, "dpy_owner")
        self.assertTrue(flags.gateway_message_content)

    def test_bad_token_is_a_login_failure(self):
        async def scenario():
            client = discord.Client(intents=discord.Intents.default())
            try:
                await client.login("MTIz.bad.token")
            finally:
                await client.close()

        with self.assertRaises(discord.LoginFailure):
            asyncio.run(scenario())


if __name__ == "__main__":
    unittest.main()
