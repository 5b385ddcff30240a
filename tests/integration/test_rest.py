"""REST conventions and the account, application and gateway-discovery routes, over real sockets."""
import json
import socket
import time
import unittest

from harness import Server, ServerTestCase


class AccountTests(ServerTestCase):
    def test_register_login_logout(self):
        token = self.server.register("carol")
        status, me, headers = self.req("GET", "/users/@me", token=token)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")  # discord.py compares exactly
        self.assertEqual(me["username"], "carol")
        self.assertIsInstance(me["id"], str)
        for field in ("id", "username", "discriminator", "avatar", "global_name", "bot", "verified", "mfa_enabled", "flags"):
            self.assertIn(field, me)

        status, body, _ = self.req("POST", "/auth/login", {"login": "carol", "password": "correct horse battery"})
        self.assertEqual(status, 200)
        self.assertEqual(body["user_id"], me["id"])
        self.assertFalse(body["mfa"])
        second = body["token"]
        self.assertNotEqual(second, token)

        status, _, _ = self.req("POST", "/auth/logout", token=second)
        self.assertEqual(status, 204)
        self.assertEqual(self.req("GET", "/users/@me", token=second)[0], 401)
        self.assertEqual(self.req("GET", "/users/@me", token=token)[0], 200, "other sessions stay valid")

    def test_authorization_header_forms(self):
        token = self.server.register("dave")
        for form in (token, "Bearer " + token, "Bot " + token, "bot " + token):
            self.assertEqual(self.req("GET", "/users/@me", token=form)[0], 200, form[:7])
        status, body, _ = self.req("GET", "/users/@me")
        self.assertEqual((status, body), (401, {"message": "401: Unauthorized", "code": 0}))
        self.assertEqual(self.req("GET", "/users/@me", token="Bot nope.nope.nope")[0], 401)
        self.assertEqual(self.req("GET", "/users/@me", token="x" * 5000)[0], 401)

    def test_login_failure_names_both_fields(self):
        self.server.register("erin")
        for login, password in (("erin", "wrong password"), ("nobody", "correct horse battery")):
            status, body, _ = self.req("POST", "/auth/login", {"login": login, "password": password})
            self.assertEqual(status, 400)
            self.assertEqual(body["code"], 50035)
            self.assertEqual(body["errors"]["login"]["_errors"][0]["code"], "INVALID_LOGIN")
            self.assertEqual(body["errors"]["password"]["_errors"][0]["code"], "INVALID_LOGIN")

    def test_login_by_email_in_any_case(self):
        status, _, _ = self.req("POST", "/auth/register", {"username": "frank", "password": "correct horse battery",
                                                           "email": "Frank@Example.org"})
        self.assertEqual(status, 201)
        status, body, _ = self.req("POST", "/auth/login", {"login": "frank@EXAMPLE.org", "password": "correct horse battery"})
        self.assertEqual(status, 200, body)
        status, body, _ = self.req("POST", "/auth/register", {"username": "frank2", "password": "correct horse battery",
                                                              "email": "FRANK@example.org"})
        self.assertEqual(status, 400)
        self.assertEqual(body["errors"]["email"]["_errors"][0]["code"], "EMAIL_ALREADY_REGISTERED")

    def test_registration_validation(self):
        self.server.register("gina")
        status, body, _ = self.req("POST", "/auth/register", {"username": "gina", "password": "correct horse battery"})
        self.assertEqual(status, 400)
        self.assertEqual(body["errors"]["username"]["_errors"][0]["code"], "USERNAME_ALREADY_TAKEN")
        status, body, _ = self.req("POST", "/auth/register", {"username": "Bad Name", "password": "short"})
        self.assertEqual(status, 400)
        self.assertEqual(body["code"], 50035)
        self.assertEqual(body["errors"]["username"]["_errors"][0]["code"], "USERNAME_INVALID_CHARACTERS")
        self.assertEqual(body["errors"]["password"]["_errors"][0]["code"], "BASE_TYPE_BAD_LENGTH")
        status, body, _ = self.req("POST", "/auth/register", {})
        self.assertEqual(body["errors"]["username"]["_errors"][0]["code"], "BASE_TYPE_REQUIRED")
        self.assertEqual(body["errors"]["password"]["_errors"][0]["code"], "BASE_TYPE_REQUIRED")
        status, body, _ = self.req("POST", "/auth/register", {"username": 5, "password": "correct horse battery"})
        self.assertEqual(body["errors"]["username"]["_errors"][0]["code"], "BASE_TYPE_STRING")

    def test_patch_me_and_get_user(self):
        token = self.server.register("hank")
        other = self.server.register("ivy")
        status, me, _ = self.req("PATCH", "/users/@me", {"global_name": "Hank H."}, token=token)
        self.assertEqual((status, me["global_name"]), (200, "Hank H."))
        status, me, _ = self.req("PATCH", "/users/@me", {"username": "hank_the_tank"}, token=token)
        self.assertEqual((status, me["username"]), (200, "hank_the_tank"))
        status, body, _ = self.req("PATCH", "/users/@me", {"username": "ivy"}, token=token)
        self.assertEqual(status, 400)
        self.assertEqual(body["errors"]["username"]["_errors"][0]["code"], "USERNAME_ALREADY_TAKEN")
        status, body, _ = self.req("PATCH", "/users/@me", {"global_name": "a#b"}, token=token)
        self.assertEqual(status, 400)
        status, user, _ = self.req("GET", f"/users/{me['id']}", token=other)
        self.assertEqual(status, 200)
        self.assertEqual(user["username"], "hank_the_tank")
        self.assertNotIn("email", user)
        status, body, _ = self.req("GET", "/users/12345", token=other)
        self.assertEqual((status, body["code"]), (404, 10013))
        self.assertEqual(self.req("GET", "/users/not-a-number", token=other)[0], 404)


class ApplicationTests(ServerTestCase):
    def test_bot_lifecycle(self):
        owner = self.server.register("olga")
        app, bot_token = self.server.create_bot(owner, "Helper Bot")
        self.assertEqual(app["bot"]["username"], "Helper Bot")
        self.assertTrue(app["bot"]["bot"])
        self.assertEqual(len(app["bot"]["discriminator"]), 4)

        # discord.py's login: GET /users/@me then GET /oauth2/applications/@me with the bot token.
        status, me, _ = self.req("GET", "/users/@me", token="Bot " + bot_token)
        self.assertEqual((status, me["id"], me["bot"]), (200, app["id"], True))
        status, info, _ = self.req("GET", "/oauth2/applications/@me", token="Bot " + bot_token)
        self.assertEqual(status, 200)
        for field in ("id", "name", "icon", "description", "bot_public", "bot_require_code_grant", "verify_key", "owner", "flags"):
            self.assertIn(field, info)
        self.assertIsNone(info["interactions_endpoint_url"])
        self.assertEqual(info["owner"]["username"], "olga")
        self.assertEqual(self.req("GET", "/applications/@me", token="Bot " + bot_token)[1]["id"], app["id"])
        self.assertEqual(self.req("GET", "/oauth2/applications/@me", token=owner)[1]["code"], 20002)

        status, patched, _ = self.req("PATCH", f"/applications/{app['id']}",
                                      {"description": "helps", "flags": (1 << 15) | (1 << 18)}, token=owner)
        self.assertEqual(status, 200)
        self.assertEqual((patched["description"], patched["flags"]), ("helps", (1 << 15) | (1 << 18)))
        status, body, _ = self.req("PATCH", f"/applications/{app['id']}", {"flags": 1 << 2}, token=owner)
        self.assertEqual(status, 400)

        # Someone else's application does not exist for them; bots cannot create applications.
        stranger = self.server.register("sam")
        self.assertEqual(self.req("GET", f"/applications/{app['id']}", token=stranger)[1]["code"], 10002)
        self.assertEqual(self.req("POST", "/applications", {"name": "x"}, token="Bot " + bot_token)[1]["code"], 20001)
        status, listed, _ = self.req("GET", "/applications", token=owner)
        self.assertEqual([a["id"] for a in listed], [app["id"]])

        status, reset, _ = self.req("POST", f"/applications/{app['id']}/bot/reset", {}, token=owner)
        self.assertEqual(status, 200)
        self.assertEqual(self.req("GET", "/users/@me", token="Bot " + bot_token)[0], 401, "old token revoked")
        self.assertEqual(self.req("GET", "/users/@me", token="Bot " + reset["token"])[0], 200)

        self.assertEqual(self.req("DELETE", f"/applications/{app['id']}", token=owner)[0], 204)
        self.assertEqual(self.req("GET", "/users/@me", token="Bot " + reset["token"])[0], 401)

    def test_same_bot_name_twice(self):
        owner = self.server.register("pat")
        a, _ = self.server.create_bot(owner, "Twin")
        b, _ = self.server.create_bot(owner, "Twin")
        self.assertNotEqual(a["bot"]["discriminator"], b["bot"]["discriminator"])

    def test_bot_token_shape(self):
        owner = self.server.register("quinn")
        app, token = self.server.create_bot(owner, "Shape")
        import base64
        first = token.split(".")[0]
        self.assertEqual(base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode(), app["id"])


class ConventionTests(ServerTestCase):
    def test_versions(self):
        token = self.server.register("vera")
        for prefix in ("/api/v10", "/api/v9", "/api"):
            self.assertEqual(self.req("GET", "/users/@me", token=token, prefix=prefix)[0], 200, prefix)
        status, body, _ = self.req("GET", "/users/@me", token=token, prefix="/api/v7")
        self.assertEqual((status, body["code"]), (400, 50041))

    def test_unknown_route_and_method(self):
        status, body, headers = self.req("GET", "/no/such/route")
        self.assertEqual((status, body), (404, {"message": "404: Not Found", "code": 0}))
        self.assertEqual(headers["content-type"], "application/json")
        status, body, _ = self.req("DELETE", "/users/@me", token="x")
        self.assertEqual((status, body["code"]), (405, 0))

    def test_bad_bodies(self):
        status, body, _ = self.req("POST", "/auth/login", raw=b"{not json", headers={"Content-Type": "application/json"})
        self.assertEqual((status, body["code"]), (400, 50109))
        status, body, _ = self.req("POST", "/auth/login", raw=b"[1,2]", headers={"Content-Type": "application/json"})
        self.assertEqual((status, body["code"]), (400, 50035), "an array where an object is wanted")
        status, body, _ = self.req("POST", "/auth/login", raw=b'"text"', headers={"Content-Type": "application/json"})
        self.assertEqual((status, body["code"]), (400, 50035))
        status, body, _ = self.req("POST", "/auth/login", raw=b"login=x", headers={"Content-Type": "text/plain"})
        self.assertEqual((status, body["code"]), (400, 50035))

    def _raw_exchange(self, head, body_part):
        s = socket.create_connection((self.server.host, self.server.port))
        s.sendall(head + body_part)
        s.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data or not data.endswith(b"}"):
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        return data

    def test_oversized_bodies_get_413(self):
        # Declared too large: answered before the body is read.
        reply = self._raw_exchange(b"POST /api/v10/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   b"Content-Length: 2097152\r\n\r\n", b"{")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:40])
        self.assertIn(b'"code":40005', reply)
        # Chunked, growing past the limit while it is read.
        chunk = b"x" * 65536
        body = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 20
        reply = self._raw_exchange(b"POST /api/v10/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   b"Transfer-Encoding: chunked\r\n\r\n", body)
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:40])

    def test_bodiless_request_with_any_content_type(self):
        token = self.server.register("walt")  # discord.py sends application/octet-stream on empty bodies
        status, _, _ = self.req("POST", "/auth/logout", token=token, raw=b"", headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 204)

    def test_cors_preflight(self):
        status, _, headers = self.req("OPTIONS", "/users/@me", headers={"Origin": "http://example.org",
                                                                         "Access-Control-Request-Method": "PATCH"})
        self.assertEqual(status, 204)
        self.assertEqual(headers["access-control-allow-origin"], "*")
        self.assertIn("Authorization", headers["access-control-allow-headers"])
        self.assertIn("PATCH", headers["access-control-allow-methods"])

    def test_keep_alive(self):
        conn = self.server.connection()
        for _ in range(5):
            self.assertEqual(self.req("GET", "/gateway", conn=conn)[0], 200)
        conn.close()

    def test_gateway_discovery(self):
        status, body, _ = self.req("GET", "/gateway")
        self.assertEqual(status, 200)
        self.assertEqual(body["url"], f"ws://127.0.0.1:{self.server.port}/gateway")
        self.assertEqual(self.req("GET", "/gateway/bot")[0], 401)
        owner = self.server.register("xena")
        _, bot = self.server.create_bot(owner, "Gateway Bot")
        status, body, _ = self.req("GET", "/gateway/bot", token="Bot " + bot)
        self.assertEqual(status, 200)
        self.assertNotIn("?", body["url"])
        self.assertGreaterEqual(body["shards"], 1)
        limit = body["session_start_limit"]
        self.assertGreaterEqual(limit["remaining"], body["shards"])
        self.assertGreaterEqual(limit["max_concurrency"], 1)
        for field in ("total", "reset_after"):
            self.assertIn(field, limit)

    def test_health(self):
        status, body, _ = self.req("GET", "/healthz", prefix="")
        self.assertEqual((status, body), (200, {"status": "ok"}))


class TimeoutTests(unittest.TestCase):
    def test_slow_client_is_disconnected(self):
        server = Server("--header-timeout", "500").start()
        try:
            s = socket.create_connection((server.host, server.port))
            s.sendall(b"GET /api/v10/gateway HTTP/1.1\r\nHost: x\r\n")  # never finishes the headers
            s.settimeout(10)
            start = time.time()
            self.assertEqual(s.recv(100), b"", "the server closes the connection")
            self.assertLess(time.time() - start, 5)
            # and it still serves others
            self.assertEqual(server.request("GET", "/gateway")[0], 200)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
