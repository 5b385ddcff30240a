"""The gateway over real sockets with a plain client: lifecycle, every close code, compression,
ETF, resume with replay, session moves and graceful shutdown (gateway.md, clients.md §2–§3)."""
import signal
import time
import unittest

from gateway_client import Closed, GatewayClient
from harness import Server, ServerTestCase

INTERVAL = 3000


class GatewayTests(ServerTestCase):
    server_args = ("--heartbeat-interval", str(INTERVAL), "--rate-limit", "off")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.server.register("gw_user")
        cls.owner = cls.server.register("gw_owner")
        cls.app, cls.bot = cls.server.create_bot(cls.owner, "Gateway Tester")

    def client(self, query="v=10&encoding=json", path="/gateway"):
        c = GatewayClient(self.server.host, self.server.port, query, path)
        self.addCleanup(c.sock.close)
        return c

    def patch_name(self, token, name):
        status, _, _ = self.req("PATCH", "/users/@me", {"global_name": name}, token=token)
        self.assertEqual(status, 200)

    # --- lifecycle ---------------------------------------------------------------------------
    def test_hello_heartbeat_and_ready(self):
        c = self.client()
        self.assertNotIn("Sec-WebSocket-Extensions", c.handshake, "permessage-deflate is declined")
        self.assertEqual(c.hello(), INTERVAL)
        c.send({"op": 1, "d": None})  # discord.py heartbeats before identifying
        self.assertEqual(c.recv(), {"op": 11, "d": None, "s": None, "t": None})
        c.identify("Bot " + self.bot, intents=513, shard=[0, 1])
        ready = c.dispatch("READY")
        self.assertEqual(ready["s"], 1)
        d = ready["d"]
        self.assertEqual(d["v"], 10)
        self.assertEqual(d["user"]["id"], self.app["id"])
        self.assertTrue(d["user"]["bot"])
        self.assertEqual(d["guilds"], [])
        self.assertEqual(d["shard"], [0, 1])
        self.assertEqual(d["application"]["id"], self.app["id"])
        self.assertIn("flags", d["application"])
        self.assertEqual(d["resume_gateway_url"], f"ws://127.0.0.1:{self.server.port}/gateway")
        self.assertEqual(len(d["session_id"]), 32)
        c.send({"op": 1, "d": 1})
        self.assertEqual(c.recv()["op"], 11)

    def test_user_session_ready_has_client_fields(self):
        c = self.client()
        d = c.login(self.token)["d"]
        for field in ("private_channels", "relationships", "presences", "user", "session_id"):
            self.assertIn(field, d)
        self.assertNotIn("application", d)

    def test_dispatches_count_up_per_session(self):
        c = self.client()
        c.login(self.token)
        for i in range(3):
            self.patch_name(self.token, f"count {i}")
        seqs = [c.dispatch("USER_UPDATE")["s"] for _ in range(3)]
        self.assertEqual(seqs, [2, 3, 4])

    def test_gateway_bot_counts_identifies(self):
        owner = self.server.register("gw_budget_owner")
        _, bot = self.server.create_bot(owner, "Budget")
        before = self.req("GET", "/gateway/bot", token="Bot " + bot)[1]["session_start_limit"]
        c = self.client()
        c.login(bot)
        after = self.req("GET", "/gateway/bot", token="Bot " + bot)[1]["session_start_limit"]
        self.assertEqual(after["remaining"], before["remaining"] - 1)
        self.assertEqual(after["total"], 1000)
        self.assertGreater(after["reset_after"], 0)
        self.assertGreaterEqual(after["max_concurrency"], 1)

    def test_path_root_for_dpp(self):
        c = self.client(path="/")
        self.assertEqual(c.login(self.token)["t"], "READY")

    # --- close codes -------------------------------------------------------------------------
    def expect_code(self, c, code):
        self.assertEqual(c.expect_close(), code)

    def test_4004_bad_token(self):
        c = self.client()
        c.hello()
        c.identify("not.a.token")
        self.expect_code(c, 4004)

    def test_4013_invalid_intents(self):
        c = self.client()
        c.hello()
        c.identify(self.token, intents=1 << 17)
        self.expect_code(c, 4013)

    def test_unemitted_assigned_intents_are_accepted(self):
        c = self.client()
        self.assertEqual(c.login(self.token, intents=(1 << 16) | (1 << 20) | (1 << 24))["t"], "READY")

    def test_4014_privileged_intent_not_enabled(self):
        owner = self.server.register("gw_priv_owner")
        app, bot = self.server.create_bot(owner, "Unprivileged")
        c = self.client()
        c.hello()
        c.identify(bot, intents=513 | (1 << 15))
        self.expect_code(c, 4014)
        # enabled on the application → accepted
        self.server.request("PATCH", f"/applications/{app['id']}", {"flags": 1 << 18}, token=owner)
        time.sleep(5.1)  # one identify per 5 s per bot (max_concurrency 1)
        c = self.client()
        self.assertEqual(c.login(bot, intents=513 | (1 << 15))["t"], "READY")

    def test_4005_second_identify(self):
        c = self.client()
        c.login(self.token)
        c.identify(self.token)
        self.expect_code(c, 4005)

    def test_4003_before_identify(self):
        c = self.client()
        c.hello()
        c.send({"op": 3, "d": {"status": "online", "activities": [], "since": None, "afk": False}})
        self.expect_code(c, 4003)

    def test_4002_undecodable_and_oversized(self):
        c = self.client()
        c.hello()
        c.send_raw(b"{not json")
        self.expect_code(c, 4002)
        c = self.client()
        c.hello()
        c.send_raw(b'{"op":1,"d":null,"x":"' + b"a" * 5000 + b'"}')
        self.expect_code(c, 4002)

    def test_4001_unknown_opcode(self):
        c = self.client()
        c.login(self.token)
        c.send({"op": 99, "d": None})
        self.expect_code(c, 4001)

    def test_4012_bad_version(self):
        c = self.client(query="v=8&encoding=json")
        c.hello()
        self.expect_code(c, 4012)

    def test_4010_invalid_shard(self):
        c = self.client()
        c.hello()
        c.identify(self.token, shard=[1, 1])
        self.expect_code(c, 4010)

    def test_4008_rate_limit(self):
        c = self.client()
        c.hello()
        for _ in range(121):
            c.send({"op": 1, "d": None})
        codes = []
        try:
            while True:
                codes.append(c.recv()["op"])
        except Closed as closed:
            self.assertEqual(closed.code, 4008)
        self.assertEqual(codes, [11] * 120)

    def test_silent_session_is_closed_and_stays_resumable(self):
        c = self.client()
        ready = c.login(self.token)
        start = time.time()
        code = c.expect_close(timeout=15)
        self.assertEqual(code, 4000)
        self.assertLess(time.time() - start, INTERVAL / 1000 * 1.5 + 3)
        r = self.client()
        r.hello()
        r.send({"op": 6, "d": {"token": self.token, "session_id": ready["d"]["session_id"], "seq": 1}})
        self.assertEqual(r.dispatch("RESUMED")["d"], {})

    # --- compression and encodings -------------------------------------------------------------
    def test_zlib_stream_one_inflate_context(self):
        c = self.client("v=10&encoding=json&compress=zlib-stream")
        c.login(self.token)
        for i in range(5):
            self.patch_name(self.token, f"zlib {i}")
        names = [c.dispatch("USER_UPDATE")["d"]["global_name"] for _ in range(5)]
        self.assertEqual(names, [f"zlib {i}" for i in range(5)])
        c.send({"op": 1, "d": 6})
        self.assertEqual(c.recv()["op"], 11)
        self.assertGreaterEqual(c.raw_messages, 8)

    def test_zstd_stream(self):
        c = self.client("v=10&encoding=json&compress=zstd-stream")
        c.login(self.token)
        for i in range(3):
            self.patch_name(self.token, f"zstd {i}")
        self.assertEqual([c.dispatch("USER_UPDATE")["d"]["global_name"] for _ in range(3)], ["zstd 0", "zstd 1", "zstd 2"])

    def test_etf_round_trip(self):
        c = self.client("v=10&encoding=etf")
        self.assertEqual(c.hello(), INTERVAL)
        c.identify(self.token)
        ready = c.dispatch("READY")
        self.assertEqual(ready["s"], 1)
        self.assertIsInstance(ready["d"]["session_id"], str)
        self.patch_name(self.token, "étf ✓")
        update = c.dispatch("USER_UPDATE")
        self.assertEqual(update["d"]["global_name"], "étf ✓")
        c.send({"op": 1, "d": update["s"]})
        self.assertEqual(c.recv()["op"], 11)

    def test_etf_with_zlib(self):
        c = self.client("v=10&encoding=etf&compress=zlib-stream")
        self.assertEqual(c.login(self.token)["t"], "READY")

    # --- resume ----------------------------------------------------------------------------------
    def test_resume_replays_the_gap_after_a_tcp_drop(self):
        token = self.server.register("gw_resumer")
        c = self.client()
        ready = c.login(token)
        self.patch_name(token, "before")
        seen = c.dispatch("USER_UPDATE")["s"]
        c.drop()
        for i in range(3):
            self.patch_name(token, f"gap {i}")
        r = self.client()
        r.hello()
        r.send({"op": 1, "d": seen})
        self.assertEqual(r.recv()["op"], 11)
        r.send({"op": 6, "d": {"token": token, "session_id": ready["d"]["session_id"], "seq": seen}})
        replayed = [r.recv() for _ in range(4)]
        self.assertEqual([p["t"] for p in replayed], ["USER_UPDATE"] * 3 + ["RESUMED"])
        self.assertEqual([p["s"] for p in replayed], [seen + 1, seen + 2, seen + 3, seen + 4])
        self.assertEqual([p["d"]["global_name"] for p in replayed[:3]], ["gap 0", "gap 1", "gap 2"])
        self.patch_name(token, "live")
        live = r.dispatch("USER_UPDATE")
        self.assertEqual((live["s"], live["d"]["global_name"]), (seen + 5, "live"))

    def test_resume_replays_events_the_client_never_processed(self):
        token = self.server.register("gw_unread")
        c = self.client()
        ready = c.login(token)
        for i in range(2):
            self.patch_name(token, f"unread {i}")
        time.sleep(0.3)  # written to the old socket, never read by the client
        c.drop()
        r = self.client()
        r.hello()
        r.send({"op": 6, "d": {"token": token, "session_id": ready["d"]["session_id"], "seq": 1}})
        self.assertEqual([r.recv()["s"] for _ in range(3)], [2, 3, 4])

    def test_resume_unknown_session_then_identify_on_the_same_socket(self):
        c = self.client()
        c.hello()
        c.send({"op": 6, "d": {"token": self.token, "session_id": "0" * 32, "seq": 3}})
        self.assertEqual(c.recv(), {"op": 9, "d": False, "s": None, "t": None})
        c.identify(self.token)  # D++ identifies on the same socket after op 9
        self.assertEqual(c.dispatch("READY")["s"], 1)

    def test_resume_with_a_seq_from_the_future_is_refused(self):
        c = self.client()
        ready = c.login(self.token)
        c.drop()
        r = self.client()
        r.hello()
        r.send({"op": 6, "d": {"token": self.token, "session_id": ready["d"]["session_id"], "seq": 99}})
        self.assertEqual(r.recv()["op"], 9)

    def test_resume_moves_a_live_session_and_closes_the_old_socket(self):
        token = self.server.register("gw_mover")
        old = self.client()
        ready = old.login(token)
        new = self.client()
        new.hello()
        new.send({"op": 6, "d": {"token": token, "session_id": ready["d"]["session_id"], "seq": 1}})
        self.assertEqual(new.dispatch("RESUMED")["s"], 2)
        self.assertIn(old.expect_close(), (4000, None))
        self.patch_name(token, "moved")
        self.assertEqual(new.dispatch("USER_UPDATE")["s"], 3)

    def test_resume_with_someone_elses_token_is_refused(self):
        c = self.client()
        ready = c.login(self.token)
        c.drop()
        r = self.client()
        r.hello()
        r.send({"op": 6, "d": {"token": self.owner, "session_id": ready["d"]["session_id"], "seq": 1}})
        self.assertEqual(r.recv()["op"], 9)

    def test_client_close_1000_ends_the_session_other_codes_keep_it(self):
        for code, resumable in ((1000, False), (4000, True), (4200, True)):
            c = self.client()
            ready = c.login(self.token)
            c.close(code)
            time.sleep(0.2)
            r = self.client()
            r.hello()
            r.send({"op": 6, "d": {"token": self.token, "session_id": ready["d"]["session_id"], "seq": 1}})
            p = r.recv()
            self.assertEqual(p["t"] == "RESUMED", resumable, (code, p))


class ShutdownTests(unittest.TestCase):
    def test_graceful_shutdown_sends_op_7_first(self):
        server = Server("--rate-limit", "off").start()
        try:
            token = server.register("gw_shutdown")
            c = GatewayClient(server.host, server.port)
            c.login(token)
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(c.recv(), {"op": 7, "d": None, "s": None, "t": None})
            self.assertEqual(server.proc.wait(20), 0)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
