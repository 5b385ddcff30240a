"""discord.py's own HTTP client (Debian's python3-discord 2.2.2) against Parley's rate limits
(clients.md §4.3): a 429 — per route or global — is waited out and retried transparently, and the
headers of normal responses drive its pre-emptive waiting without a single 429."""
import asyncio
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Server  # noqa: E402

import aiohttp  # noqa: E402
import discord  # noqa: E402
from discord.http import HTTPClient, Route  # noqa: E402


async def with_client(token, calls):
    """Logs in with discord.py's HTTPClient and runs `calls(http)`; returns (result, statuses seen on the wire)."""
    statuses = []
    trace = aiohttp.TraceConfig()

    async def on_request_end(session, ctx, params):
        statuses.append((params.method, params.url.path, params.response.status))

    trace.on_request_end.append(on_request_end)
    http = HTTPClient(asyncio.get_running_loop(), http_trace=trace)
    try:
        me = await http.static_login(token)
        result = await calls(http, me)
        return me, result, statuses
    finally:
        await http.close()


class RouteLimit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--rate-limit-route", "GET /users/@me=2/3s",
                            "--rate-limit-route", "GET /users/{user_id}=2/2s").start()
        Route.BASE = cls.server.url + "/api/v10"
        owner = cls.server.register("dpy_rl_owner")
        cls.app, cls.token = cls.server.create_bot(owner, "Dpy Rl Bot")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_a_429_is_waited_out_and_retried(self):
        conn = self.server.connection()
        try:  # empty the bot's bucket behind discord.py's back, so it cannot wait pre-emptively
            for _ in range(2):
                self.assertEqual(self.server.request("GET", "/users/@me", token="Bot " + self.token, conn=conn)[0], 200)
            status, body, _ = self.server.request("GET", "/users/@me", token="Bot " + self.token, conn=conn)
        finally:
            conn.close()
        self.assertEqual(status, 429)
        retry_after = body["retry_after"]

        started = time.monotonic()

        async def nothing(http, me):
            return None

        me, _, statuses = asyncio.run(with_client(self.token, nothing))
        elapsed = time.monotonic() - started
        self.assertEqual(me["id"], self.app["id"])
        self.assertEqual([s for _, path, s in statuses if path.endswith("/users/@me")], [429, 200], statuses)
        self.assertGreaterEqual(elapsed, retry_after - 0.5, "it waited before retrying")

    def test_headers_make_it_wait_instead_of_hitting_429(self):
        async def fetch_self_four_times(http, me):
            return [await http.get_user(int(me["id"])) for _ in range(4)]

        started = time.monotonic()
        me, users, statuses = asyncio.run(with_client(self.token, fetch_self_four_times))
        elapsed = time.monotonic() - started
        self.assertEqual([u["id"] for u in users], [me["id"]] * 4)
        user_calls = [s for _, path, s in statuses if path.endswith("/users/" + me["id"])]
        self.assertEqual(user_calls, [200] * 4, "Remaining: 0 with Reset-After made it wait, not retry")
        self.assertGreater(elapsed, 1.0, "two per two seconds: the third call waited for the reset")


class GlobalLimit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--rate-limit-global", "3").start()
        Route.BASE = cls.server.url + "/api/v10"
        owner = cls.server.register("dpy_gl_owner")
        cls.app, cls.token = cls.server.create_bot(owner, "Dpy Gl Bot")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_a_global_429_is_waited_out_and_retried(self):
        refusals = []

        async def spend_allowance_then_call(http, me):
            # Spend the bot's global allowance (3 per second) on another route behind discord.py's back,
            # right before its call, so the 1 s window cannot pass in between.
            conn = self.server.connection()
            try:
                while True:
                    status, body, _ = self.server.request("GET", "/voice/regions", token="Bot " + self.token, conn=conn)
                    if status == 429:
                        refusals.append(body)
                        break
            finally:
                conn.close()
            return await http.get_user(int(me["id"]))

        me, user, statuses = asyncio.run(with_client(self.token, spend_allowance_then_call))
        self.assertIs(refusals[0]["global"], True)
        self.assertEqual(user["id"], self.app["id"])
        self.assertEqual([s for _, path, s in statuses if path.endswith("/users/" + me["id"])], [429, 200], statuses)

if __name__ == "__main__":
    unittest.main()
