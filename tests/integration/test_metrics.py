"""/metrics over real sockets: the Prometheus text the node exposes after real traffic — request counts
by route template (never the raw path), latency histograms, open connections, store latency and 429s."""
import re
import time
import unittest

from harness import ServerTestCase

SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{(name, ((label, value), ...)): float} for every sample line."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE_RE.match(line)
        assert m, f"not a sample line: {line!r}"
        labels = tuple(sorted(LABEL_RE.findall(m.group(2) or "")))
        samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def key(name, **labels):
    return (name, tuple(sorted(labels.items())))


class MetricsTests(ServerTestCase):
    server_args = ("--rate-limit-route", "GET /users/{user_id}=2/60s")

    def metrics(self, conn=None):
        status, body, headers = self.req("GET", "/metrics", prefix="", conn=conn)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        return body.decode(), parse(body.decode())

    def test_requests_are_counted_by_route_template(self):
        _, before = self.metrics()  # the other tests share this server
        token = self.server.register("metrics_counted")
        conn = self.server.connection()
        try:
            for _ in range(7):
                self.assertEqual(self.req("GET", "/users/@me", token=token, conn=conn)[0], 200)
        finally:
            conn.close()
        self.assertEqual(self.req("GET", "/users/@me", token="Bot not.a.token")[0], 401)
        _, me, _ = self.req("GET", "/users/@me", token=token)
        user_path = f"/users/{me['id']}"
        self.assertEqual(self.req("GET", user_path, token=token)[0], 200)

        text, samples = self.metrics()

        def delta(k):
            return samples[k] - before.get(k, 0)

        route = "GET /users/@me"
        self.assertEqual(delta(key("parley_http_requests_total", route=route, method="GET", status="200")), 8)
        self.assertEqual(delta(key("parley_http_requests_total", route=route, method="GET", status="401")), 1)
        self.assertEqual(delta(key("parley_http_requests_total", route="GET /users/{user_id}", method="GET",
                                   status="200")), 1)
        self.assertEqual(delta(key("parley_http_requests_total", route="POST /auth/register", method="POST",
                                   status="201")), 1)
        self.assertNotIn(me["id"], text, "raw paths never become labels")

        # The latency histogram: cumulative buckets ending in +Inf == count.
        buckets = sorted(((float(dict(labels)["le"]), value) for (name, labels), value in samples.items()
                          if name == "parley_http_request_duration_seconds_bucket" and dict(labels)["route"] == route),
                         key=lambda b: b[0])
        self.assertGreater(len(buckets), 5)
        self.assertEqual(buckets[-1][0], float("inf"))
        counts = [v for _, v in buckets]
        self.assertEqual(counts, sorted(counts), "cumulative")
        self.assertEqual(delta(key("parley_http_request_duration_seconds_bucket", route=route, le="+Inf")), 9)
        self.assertEqual(delta(key("parley_http_request_duration_seconds_count", route=route)), 9)
        self.assertEqual(counts[-1], samples[key("parley_http_request_duration_seconds_count", route=route)])
        total = delta(key("parley_http_request_duration_seconds_sum", route=route))
        self.assertGreater(total, 0)
        self.assertLess(total, 9 * 5.0)

    def test_other_paths_use_fixed_labels(self):
        self.req("GET", "/no-such-page-4711", prefix="")
        self.req("GET", "/healthz", prefix="")
        self.assertEqual(self.req("GET", "/no/such/route-4712")[0], 404)
        self.assertEqual(self.req("BREW", "/coffee-4713", prefix="")[0], 405)
        text, samples = self.metrics()
        for raw in ("4711", "4712", "4713", "BREW", "healthz"):
            self.assertNotIn(raw, text)
        self.assertGreaterEqual(samples[key("parley_http_requests_total", route="site", method="GET", status="404")], 1)
        self.assertGreaterEqual(samples[key("parley_http_requests_total", route="site", method="GET", status="200")], 1)
        self.assertGreaterEqual(samples[key("parley_http_requests_total", route="unmatched", method="GET", status="404")], 1)
        self.assertGreaterEqual(samples[key("parley_http_requests_total", route="site", method="OTHER", status="405")], 1)

    def test_open_connections_gauge(self):
        gauge = key("parley_open_connections", kind="http")
        poll = self.server.connection()  # one connection asks throughout: others close asynchronously

        def settled(expected, deadline=10):
            end = time.time() + deadline
            value = self.metrics(poll)[1][gauge]
            while value != expected and time.time() < end:
                time.sleep(0.05)
                value = self.metrics(poll)[1][gauge]
            return value

        try:
            self.assertIn(key("parley_open_connections", kind="gateway"), self.metrics(poll)[1])
            self.assertEqual(settled(1), 1, "only the polling connection is open")
            conns = [self.server.connection() for _ in range(3)]
            try:
                for c in conns:  # make sure each is accepted: one request on each, kept alive
                    self.assertEqual(self.req("GET", "/healthz", prefix="", conn=c)[0], 200)
                self.assertEqual(self.metrics(poll)[1][gauge], 4)
            finally:
                for c in conns:
                    c.close()
            self.assertEqual(settled(1), 1, "closed connections leave the gauge")
        finally:
            poll.close()

    def test_gateway_connections_gauge(self):
        from gateway_client import GatewayClient
        gauge = key("parley_open_connections", kind="gateway")
        poll = self.server.connection()
        token = self.server.register("metrics_gateway")
        before = self.metrics(poll)[1][gauge]
        clients = [GatewayClient(self.server.host, self.server.port) for _ in range(2)]
        try:
            for c in clients:
                c.login(token)
            self.assertEqual(self.metrics(poll)[1][gauge], before + 2)
        finally:
            for c in clients:
                c.close()
        end = time.time() + 10
        while self.metrics(poll)[1][gauge] != before and time.time() < end:
            time.sleep(0.05)
        self.assertEqual(self.metrics(poll)[1][gauge], before)
        poll.close()

    def test_store_latency_histogram(self):
        self.server.register("metrics_store")  # a write and some reads
        _, samples = self.metrics()
        for kind in ("read", "write"):
            count = samples[key("parley_store_operation_seconds_count", kind=kind)]
            self.assertGreaterEqual(count, 1, kind)
            self.assertEqual(samples[key("parley_store_operation_seconds_bucket", kind=kind, le="+Inf")], count)
            self.assertGreater(samples[key("parley_store_operation_seconds_sum", kind=kind)], 0)

    def test_rate_limited_counter(self):
        token = self.server.register("metrics_limited")
        _, me, _ = self.req("GET", "/users/@me", token=token)
        before = self.metrics()[1][key("parley_rate_limited_total", scope="user")]
        statuses = [self.req("GET", f"/users/{me['id']}", token=token)[0] for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 429, 429])
        _, samples = self.metrics()
        self.assertEqual(samples[key("parley_rate_limited_total", scope="user")], before + 2)
        self.assertEqual(samples[key("parley_rate_limited_total", scope="global")], 0)
        self.assertGreaterEqual(samples[key("parley_http_requests_total", route="GET /users/{user_id}", method="GET",
                                            status="429")], 2)


if __name__ == "__main__":
    unittest.main()
