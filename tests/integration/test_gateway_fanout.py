"""Fan-out through the gateway's write coalescing (server/gateway/gateway_connection.cpp): once a
write pass has reached --gateway-write-coalesce's threshold of connections (256), the next pass is
held for the configured time so several events share each connection's write. Whatever the hold,
every session must receive every event exactly once, in order, with consecutive sequence numbers,
and a quiet server must still answer heartbeats and deliver single events."""
import unittest

from gateway_client import GatewayClient
from harness import ServerTestCase

SESSIONS = 300   # above the 256 connections that switch the hold on
EVENTS = 40  # more dispatches than one 64-entry gather list held (the old write_some limit)


class CoalescedFanoutTests(ServerTestCase):
    # A long hold (50 ms) so that events fired back to back really meet in one held pass.
    server_args = ("--rate-limit", "off", "--gateway-write-coalesce", "50000")

    def patch_me(self, token, name):
        status, body, _ = self.req("PATCH", "/users/@me", {"global_name": name}, token=token)
        self.assertEqual(status, 200, body)

    def test_every_session_gets_every_event_in_order(self):
        token = self.server.register("fanout_user")
        clients = []
        for _ in range(SESSIONS):
            c = GatewayClient(self.server.host, self.server.port, timeout=30)
            self.addCleanup(c.sock.close)
            c.login(token)
            clients.append(c)

        names = [f"fan {i}" for i in range(EVENTS)]
        for name in names:
            self.patch_me(token, name)

        for i, c in enumerate(clients):
            got = []
            while len(got) < EVENTS:
                p = c.recv()
                if p["op"] == 0 and p["t"] == "USER_UPDATE":
                    got.append(p)
            self.assertEqual([p["d"]["global_name"] for p in got], names, f"session {i}")
            seqs = [p["s"] for p in got]
            self.assertEqual(seqs, list(range(seqs[0], seqs[0] + EVENTS)), f"session {i}")

        # After the burst: a heartbeat is still answered at once, and one more event arrives.
        probe = clients[0]
        probe.send({"op": 1, "d": None})
        self.assertEqual(probe.recv_until(lambda p: p["op"] == 11)["op"], 11)
        self.patch_me(token, "after")
        for c in (clients[0], clients[-1]):
            self.assertEqual(c.dispatch("USER_UPDATE")["d"]["global_name"], "after")


if __name__ == "__main__":
    unittest.main()
