"""REST rate limits over real sockets (rest.md §4, clients.md §4.3): the X-RateLimit-* headers on normal
responses, 429s with everything discord.py and discord.js need, per-user and per-route buckets, the
per-address limit of public routes, the global limit, and --rate-limit off."""
import re
import time
import unittest

from harness import Server, ServerTestCase

BUCKET_RE = re.compile(r"^[0-9a-f]{16}$")
RATE_LIMIT_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-reset-after",
                      "x-ratelimit-bucket")


class RouteBucketTests(ServerTestCase):
    # Small, short buckets so a test can exhaust one and wait it out.
    server_args = ("--rate-limit-route", "GET /users/@me=3/2s", "--rate-limit-route", "PATCH /users/@me=3/2s",
                   "--rate-limit-route", "POST /auth/login=2/2s")

    users = 0

    def setUp(self):  # a fresh user, so each test starts with full buckets
        RouteBucketTests.users += 1
        self.token = self.server.register(f"rl_user_{RouteBucketTests.users}")

    def me(self, token=None, conn=None):
        return self.req("GET", "/users/@me", token=token or self.token, conn=conn)

    def exhaust(self, token=None):
        conn = self.server.connection()
        try:
            for expected_remaining in ("2", "1", "0"):
                status, _, headers = self.me(token, conn)
                self.assertEqual(status, 200)
                self.assertEqual(headers["x-ratelimit-remaining"], expected_remaining)
            return self.me(token, conn)
        finally:
            conn.close()

    def test_headers_on_a_normal_response(self):
        before = time.time()
        status, _, headers = self.me()
        self.assertEqual(status, 200)
        for name in RATE_LIMIT_HEADERS:
            self.assertIn(name, headers)
        self.assertEqual(headers["x-ratelimit-limit"], "3")
        self.assertEqual(headers["x-ratelimit-remaining"], "2")
        reset_after = float(headers["x-ratelimit-reset-after"])
        self.assertGreater(reset_after, 0)
        self.assertLessEqual(reset_after, 2.0)
        self.assertRegex(headers["x-ratelimit-reset-after"], r"^\d+\.\d{3}$")
        reset = float(headers["x-ratelimit-reset"])
        self.assertGreater(reset, before)
        self.assertLess(reset, time.time() + 2.5)
        self.assertRegex(headers["x-ratelimit-bucket"], BUCKET_RE)
        for name in ("retry-after", "x-ratelimit-scope", "x-ratelimit-global"):
            self.assertNotIn(name, headers, "only on a 429")
        self.assertIn("X-RateLimit-Remaining", headers["access-control-expose-headers"])

    def test_exhausted_bucket_gives_a_429_clients_can_retry(self):
        status, body, headers = self.exhaust()
        self.assertEqual(status, 429)
        self.assertEqual(headers["content-type"], "application/json")  # discord.py compares exactly
        self.assertIn("via", headers)  # without it discord.py takes the 429 for a CDN ban
        self.assertEqual(body["message"], "You are being rate limited.")
        self.assertIs(body["global"], False)
        retry_after = body["retry_after"]
        self.assertIsInstance(retry_after, float)
        self.assertGreater(retry_after, 0)
        self.assertLessEqual(retry_after, 2.0)
        self.assertEqual(int(headers["retry-after"]), max(1, -(-retry_after // 1)))  # whole seconds, rounded up
        self.assertEqual(headers["x-ratelimit-scope"], "user")
        self.assertNotIn("x-ratelimit-global", headers)
        self.assertEqual(headers["x-ratelimit-limit"], "3")
        self.assertEqual(headers["x-ratelimit-remaining"], "0")
        self.assertAlmostEqual(float(headers["x-ratelimit-reset-after"]), retry_after, delta=0.01)
        self.assertEqual(headers["x-ratelimit-bucket"], self.me()[2]["x-ratelimit-bucket"])

        time.sleep(retry_after)
        status, _, headers = self.me()
        self.assertEqual(status, 200, "waiting retry_after is enough")
        self.assertEqual(headers["x-ratelimit-remaining"], "2")

    def test_a_refused_request_is_not_run(self):
        status, _, _ = self.exhaust()
        self.assertEqual(status, 429)
        status, _, _ = self.req("PATCH", "/users/@me", {"global_name": "changed"}, token=self.token)
        self.assertEqual(status, 200, "another route has its own bucket")
        # A refused PATCH must not change anything.
        statuses = [self.req("PATCH", "/users/@me", {"global_name": f"n{i}"}, token=self.token)[0] for i in range(4)]
        self.assertEqual(statuses, [200, 200, 429, 429])
        time.sleep(2.0)
        _, me, _ = self.me()
        self.assertEqual(me["global_name"], "n1")

    def test_users_have_separate_buckets(self):
        self.assertEqual(self.exhaust()[0], 429)
        other = self.server.register("rl_other_user")
        status, _, headers = self.me(other)
        self.assertEqual(status, 200)
        self.assertEqual(headers["x-ratelimit-remaining"], "2")
        self.assertEqual(self.me()[0], 429, "the first user is still limited")

    def test_routes_have_separate_buckets(self):
        self.assertEqual(self.exhaust()[0], 429)
        status, _, headers = self.req("GET", "/gateway/bot", token=self.token)
        self.assertEqual(status, 200)
        self.assertEqual(headers["x-ratelimit-limit"], "20", "the default for unlisted routes")
        self.assertNotEqual(headers["x-ratelimit-bucket"], self.me()[2]["x-ratelimit-bucket"])

    def test_public_routes_are_limited_per_address(self):
        attempt = {"login": "nobody_here", "password": "wrong password"}
        self.assertEqual(self.req("POST", "/auth/login", attempt)[0], 400)
        self.assertEqual(self.req("POST", "/auth/login", attempt)[0], 400)
        status, body, headers = self.req("POST", "/auth/login", attempt)
        self.assertEqual(status, 429)
        self.assertEqual(headers["x-ratelimit-scope"], "user")
        self.assertIs(body["global"], False)
        self.assertIn("via", headers)
        # A correct password does not help while the address is limited.
        status, _, _ = self.req("POST", "/auth/login", {"login": "nobody_here", "password": "correct horse battery"})
        self.assertEqual(status, 429)

    def test_bad_tokens_are_refused_before_the_limit(self):
        for _ in range(5):
            status, _, headers = self.me(token="Bot bad.token.here")
            self.assertEqual(status, 401)
            self.assertNotIn("x-ratelimit-remaining", headers)
        self.assertEqual(self.me()[2]["x-ratelimit-remaining"], "2", "the real user's bucket is untouched")


class GlobalLimitTests(ServerTestCase):
    server_args = ("--rate-limit-global", "5")

    def test_global_limit_spans_routes(self):
        token = self.server.register("rl_global")
        other = self.server.register("rl_global_other")
        conn = self.server.connection()
        try:
            routes = ["/users/@me", "/gateway/bot", "/voice/regions", "/users/@me", "/gateway/bot"]
            for path in routes:
                status, _, headers = self.req("GET", path, token=token, conn=conn)
                self.assertEqual(status, 200, path)
                self.assertNotEqual(headers["x-ratelimit-remaining"], "0", "route buckets are far from empty")
            status, body, headers = self.req("GET", "/voice/regions", token=token, conn=conn)
        finally:
            conn.close()
        self.assertEqual(status, 429)
        self.assertIs(body["global"], True)
        self.assertEqual(headers["x-ratelimit-global"], "true")
        self.assertEqual(headers["x-ratelimit-scope"], "global")
        self.assertIn("via", headers)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertGreater(body["retry_after"], 0)
        self.assertLessEqual(body["retry_after"], 1.0)
        self.assertGreaterEqual(int(headers["retry-after"]), 1)
        self.assertEqual(self.req("GET", "/voice/regions", token=other)[0], 200, "per caller, not per server")
        time.sleep(body["retry_after"])
        self.assertEqual(self.req("GET", "/voice/regions", token=token)[0], 200)


class DisabledTests(unittest.TestCase):
    def test_rate_limit_off(self):
        server = Server("--rate-limit", "off", "--rate-limit-global", "1").start()
        try:
            token = server.register("rl_off")
            conn = server.connection()
            try:
                for _ in range(60):
                    status, _, headers = server.request("GET", "/users/@me", token=token, conn=conn)
                    self.assertEqual(status, 200)
                    for name in RATE_LIMIT_HEADERS:
                        self.assertNotIn(name, headers)
            finally:
                conn.close()
        finally:
            server.cleanup()

    def test_bad_options_stop_the_server(self):
        for args in (("--rate-limit", "maybe"), ("--rate-limit-global", "0"), ("--rate-limit-route", "GET /x=0/1s")):
            server = Server(*args)
            with self.assertRaises(RuntimeError, msg=str(args)):
                server.start(timeout=10)
            self.assertNotEqual(server.proc.wait(10), 0)
            server.proc.stdout.close()
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
