#!/usr/bin/env python3
"""Identify-to-last-GUILD_CREATE for a user in G guilds (issue 4 "Community", benchmarks; gateway.md
§3.3–§3.4): a fresh parleyd (tests/integration/harness.py: own data dir, loopback, rate limits off), one
user who creates G guilds over REST, then R times a raw WebSocket session (tests/integration/
gateway_client.py, JSON, no compression): the clock starts when Identify is sent and stops when the G-th
GUILD_CREATE has been read. Prints each run and the medians of Identify→READY and Identify→last
GUILD_CREATE in milliseconds.

Usage: PARLEYD=build/release/apps/parleyd/parleyd bench/community/identify_guilds_bench.py [guilds=100] [runs=9]
"""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration"))
from gateway_client import GatewayClient  # noqa: E402
from harness import Server  # noqa: E402

GUILDS_INTENT = 1


def one_run(server, token, guilds):
    gw = GatewayClient(server.host, server.port, timeout=30)
    try:
        gw.hello()
        start = time.perf_counter()
        gw.identify(token, intents=GUILDS_INTENT)
        ready_at = None
        seen = set()
        while len(seen) < guilds:
            p = gw.recv()
            if p.get("op") != 0:
                continue
            if p["t"] == "READY":
                ready_at = time.perf_counter()
                if len(p["d"]["guilds"]) != guilds:
                    raise AssertionError(f"READY lists {len(p['d']['guilds'])} guilds")
            elif p["t"] == "GUILD_CREATE":
                if p["d"].get("unavailable"):
                    raise AssertionError(f"guild {p['d']['id']} unavailable")
                seen.add(p["d"]["id"])
        done = time.perf_counter()
        return (ready_at - start) * 1000, (done - start) * 1000
    finally:
        gw.close()


def main():
    guilds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    server = Server("--rate-limit", "off", "--log-level", "error").start()
    try:
        token = server.register("bench_guild_user")
        t = time.perf_counter()
        conn = server.connection()
        for i in range(guilds):
            status, body, _ = server.request("POST", "/guilds", {"name": f"bench guild {i}"}, token=token, conn=conn)
            if status != 201:
                raise SystemExit(f"POST /guilds: {status} {body}")
        conn.close()
        print(f"created {guilds} guilds in {time.perf_counter() - t:.2f} s")
        one_run(server, token, guilds)  # warm-up: page cache, prepared statements
        ready, last = [], []
        for i in range(runs):
            r, l = one_run(server, token, guilds)
            ready.append(r)
            last.append(l)
            print(f"run {i + 1}: Identify->READY {r:.2f} ms, Identify->GUILD_CREATE #{guilds} {l:.2f} ms")
        print(f"guilds={guilds} runs={runs} median Identify->READY {statistics.median(ready):.2f} ms, "
              f"median Identify->last GUILD_CREATE {statistics.median(last):.2f} ms "
              f"(min {min(last):.2f}, max {max(last):.2f})")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
