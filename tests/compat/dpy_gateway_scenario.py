"""discord.py 2.2 gateway scenario against parleyd: login and READY, heartbeats, then two forced reconnects
(TCP drop through tcp_proxy.py, and the client closing itself with code 4000) that must be RESUMEs
replaying every event produced during the gap exactly once, in order (gateway.md §3, clients.md §3.3).

Run with Debian's /usr/bin/python3 (python3-discord). Environment, set by test_discord_py_gateway.py:
  PARLEY_URL            server base URL for REST (Route.BASE = PARLEY_URL + '/api/v10')
  PARLEY_BOT_TOKEN      bot token; PARLEY_BOT_ID the bot's user id (optional check)
  PARLEY_PROXY_CONTROL  host:port of the proxy's control port; the gateway URL, discovered with an
                        unauthenticated GET /api/v10/gateway, must lead through the proxy
  PARLEY_HEARTBEAT_MS, PARLEY_GAP_EVENTS, PARLEY_PHASES, PARLEY_SCENARIO_TIMEOUT: as in the discord.js one
Prints progress, then one line `RESULT {json}`; exit status 0 only if every check passed.
"""
import asyncio
import json
import math
import os
import sys
import time
import urllib.request

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcp_proxy import control  # noqa: E402

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME, OP_INVALID_SESSION, OP_ACK = 0, 1, 2, 6, 9, 11


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        print(f"missing environment variable {name}", file=sys.stderr)
        sys.exit(2)
    return value


BASE_URL = env("PARLEY_URL").rstrip("/")
TOKEN = env("PARLEY_BOT_TOKEN")
BOT_ID = os.environ.get("PARLEY_BOT_ID")
CONTROL_HOST, _, CONTROL_PORT = env("PARLEY_PROXY_CONTROL").rpartition(":")
HEARTBEAT_MS = int(env("PARLEY_HEARTBEAT_MS", "2000"))
GAP_EVENTS = int(env("PARLEY_GAP_EVENTS", "5"))
PHASES = [p.strip() for p in env("PARLEY_PHASES", "heartbeats,live,tcp_drop,client_close").split(",") if p.strip()]
TIMEOUT = float(env("PARLEY_SCENARIO_TIMEOUT", "150"))

STARTED = time.monotonic()
result = {
    "library": f"discord.py {discord.__version__}",
    "ok": False,
    "failures": [],
    "steps_done": [],
    "step": None,
    "gateway_ready": 0,  # READY dispatches received (a second one = the library re-identified)
    "on_ready": 0,
    "on_connect": 0,  # discord.py dispatches 'connect' on every READY, not on a resume
    "on_resumed": 0,
    "on_disconnect": 0,
    "identify_sent": 0,  # from on_socket_raw_send
    "resume_sent": 0,
    "heartbeats_sent": 0,
    "heartbeat_acks": 0,
    "invalid_sessions": 0,
    "sequences": [],  # `s` of every dispatch, in arrival order
    "resumed_seqs": [],
    "user_updates": [],  # {s, global_name} of every USER_UPDATE for the bot
    "phases": {},
}


def log(msg):
    print(f"[dpy {time.monotonic() - STARTED:.2f}s] {msg}", flush=True)


def fail(msg):
    step = result["step"]
    result["failures"].append(f"{step}: {msg}" if step else msg)
    log(f"FAIL {msg}")


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


async def wait_for(what, pred, seconds):
    deadline = time.monotonic() + seconds
    while not pred():
        if time.monotonic() > deadline:
            fail(f"timed out after {seconds}s waiting for {what}")
            return False
        await asyncio.sleep(0.02)
    return True


async def proxy(command, timeout=60):
    return await control(CONTROL_HOST, int(CONTROL_PORT), command, timeout)


def rest(method, path, body=None, token=None):
    req = urllib.request.Request(BASE_URL + "/api/v10" + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bot " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


async def patch_global_name(name):
    # Straight to the server (not through the library, not through the proxy).
    await asyncio.to_thread(rest, "PATCH", "/users/@me", {"global_name": name}, TOKEN)


def configure():
    """clients.md §1: the two class attributes, set before the client is created."""
    Route.BASE = BASE_URL + "/api/v10"
    gateway = rest("GET", "/gateway")["url"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    return gateway


def make_client():
    client = discord.Client(intents=discord.Intents.default(), enable_debug_events=True)

    @client.event
    async def on_socket_raw_receive(msg):
        payload = json.loads(msg)
        op, s, t, d = payload.get("op"), payload.get("s"), payload.get("t"), payload.get("d")
        if op == OP_ACK:
            result["heartbeat_acks"] += 1
        elif op == OP_INVALID_SESSION:
            result["invalid_sessions"] += 1
            log(f"INVALID_SESSION d={d}")
        elif op == OP_DISPATCH:
            if s is not None:
                result["sequences"].append(s)
            if t == "READY":
                result["gateway_ready"] += 1
                log(f"READY s={s} session={d.get('session_id')} resume_gateway_url={d.get('resume_gateway_url')}")
            elif t == "RESUMED":
                result["resumed_seqs"].append(s)
                log(f"RESUMED s={s}")
            elif t == "USER_UPDATE" and (not BOT_ID or d.get("id") == BOT_ID):
                result["user_updates"].append({"s": s, "global_name": d.get("global_name")})

    @client.event
    async def on_socket_raw_send(payload):
        if isinstance(payload, bytes):
            payload = payload.decode()
        op = json.loads(payload).get("op")
        if op == OP_IDENTIFY:
            result["identify_sent"] += 1
            log("sent IDENTIFY")
        elif op == OP_RESUME:
            result["resume_sent"] += 1
            log("sent RESUME")
        elif op == OP_HEARTBEAT:
            result["heartbeats_sent"] += 1

    @client.event
    async def on_ready():
        result["on_ready"] += 1

    @client.event
    async def on_connect():
        result["on_connect"] += 1

    @client.event
    async def on_resumed():
        result["on_resumed"] += 1
        log("on_resumed")

    @client.event
    async def on_disconnect():
        result["on_disconnect"] += 1

    return client


def last_seq():
    return max(result["sequences"]) if result["sequences"] else None


async def gap_phase(client, name, prefix, disconnect, held_timeout, in_flight=0):
    """One forced reconnect; the proxy holds the library's new connection while the events are produced.
    With in_flight > 0, that many events are produced first while the proxy swallows what the server sends:
    the server wrote them to the old connection, the library never saw them, only a replay delivers them."""
    phase = {"expected": [], "received": [], "seq_before": last_seq()}
    result["phases"][name] = phase
    before = {k: result[k] for k in ("gateway_ready", "on_connect", "on_ready", "identify_sent", "resume_sent", "on_resumed")}
    t0 = time.monotonic()

    await proxy("HOLD")

    async def produce(i):
        value = f"{prefix}-{i}"
        await patch_global_name(value)
        phase["expected"].append(value)

    if in_flight:
        await proxy("BLACKHOLE")
        for i in range(1, in_flight + 1):
            await produce(i)
        await asyncio.sleep(0.3)  # let the server write them out
        phase["in_flight"] = in_flight
    await disconnect()
    try:
        await proxy(f"WAIT_HELD 1 {held_timeout}", timeout=held_timeout + 10)
    except RuntimeError as e:
        fail(f"library did not reconnect: {e}")
        await proxy("RELEASE")  # let later phases run
        return
    phase["reconnect_seconds"] = round(time.monotonic() - t0, 3)
    log(f"{name}: library reconnected after {phase['reconnect_seconds']}s and is held; "
        f"producing {GAP_EVENTS - in_flight} more events")
    for i in range(in_flight + 1, GAP_EVENTS + 1):
        await produce(i)
    await proxy("RELEASE")
    log(f"{name}: released")

    def mine():
        return [u for u in result["user_updates"] if (u["global_name"] or "").startswith(prefix + "-")]

    # A new READY means the session was not resumed: stop waiting early, the checks below report it.
    await wait_for("on_resumed", lambda: result["on_resumed"] > before["on_resumed"]
                   or result["gateway_ready"] > before["gateway_ready"], 30)
    await wait_for(f"{GAP_EVENTS} USER_UPDATE events of the gap", lambda: len(mine()) >= GAP_EVENTS, 10)
    await asyncio.sleep(max(1.0, HEARTBEAT_MS / 1000))  # late duplicates would show up here
    phase["resume_seconds"] = round(time.monotonic() - t0, 3)
    phase["received"] = [u["global_name"] for u in mine()]
    phase["received_seqs"] = [u["s"] for u in mine()]
    resumed_seq = result["resumed_seqs"][-1] if result["resumed_seqs"] else None
    phase["replayed_before_resumed"] = sum(1 for u in mine() if resumed_seq is not None and u["s"] < resumed_seq)

    check(result["gateway_ready"] == before["gateway_ready"], "a second READY arrived: the library re-identified")
    check(result["on_connect"] == before["on_connect"], "on_connect fired again (new session)")
    check(result["on_ready"] == before["on_ready"], "on_ready fired again")
    check(result["identify_sent"] == before["identify_sent"], "the library sent IDENTIFY again")
    check(result["resume_sent"] == before["resume_sent"] + 1,
          f"expected exactly one RESUME, saw {result['resume_sent'] - before['resume_sent']}")
    check(result["on_resumed"] == before["on_resumed"] + 1,
          f"expected exactly one on_resumed, saw {result['on_resumed'] - before['on_resumed']}")
    check(phase["received"] == phase["expected"],
          f"gap events: expected {phase['expected']} exactly once in order, received {phase['received']}")


async def scenario(client_box):
    result["step"] = "login"
    gateway = configure()
    log(f"discord.py {discord.__version__}, REST {Route.BASE}, gateway {gateway}, proxy control {CONTROL_HOST}:{CONTROL_PORT}")
    client = make_client()
    client_box.append(client)
    runner = asyncio.create_task(client.start(TOKEN))

    def client_alive():
        if runner.done():
            exc = runner.exception() if not runner.cancelled() else None
            cause = exc.__cause__ or exc.__context__ if exc else None  # discord.py 2.2 hides the first error
            raise RuntimeError(f"client.start() ended: {exc!r}" + (f" (while handling {cause!r})" if cause else ""))
        return True

    async def wait(what, pred, seconds):
        return await wait_for(what, lambda: client_alive() and pred(), seconds)

    await wait("on_ready", lambda: result["on_ready"] == 1, 30)
    check(result["gateway_ready"] == 1, f"expected one READY, saw {result['gateway_ready']}")
    check(result["identify_sent"] == 1, f"expected one IDENTIFY, saw {result['identify_sent']}")
    check(result["sequences"][:1] == [1], f"READY must be s=1, got {result['sequences'][:1]}")
    check(not BOT_ID or str(client.user.id) == BOT_ID, f"logged in as {client.user.id}, expected {BOT_ID}")
    log(f"logged in as {client.user} ({client.user.id})")
    result["steps_done"].append("login")

    if "heartbeats" in PHASES:
        result["step"] = "heartbeats"
        acks0 = result["heartbeat_acks"]
        await wait("3 heartbeat ACKs", lambda: result["heartbeat_acks"] >= acks0 + 3, HEARTBEAT_MS * 5 / 1000 + 5)
        check(result["on_disconnect"] == 0 and result["resume_sent"] == 0 and result["gateway_ready"] == 1,
              "the connection was not stable while heartbeating")
        check(math.isfinite(client.latency), f"no heartbeat latency measured ({client.latency})")
        log(f"{result['heartbeat_acks'] - acks0} heartbeat ACKs, latency {client.latency * 1000:.1f} ms")
        result["steps_done"].append("heartbeats")

    if "live" in PHASES:
        result["step"] = "live"
        await patch_global_name("live-1")
        await wait("the live USER_UPDATE", lambda: any(u["global_name"] == "live-1" for u in result["user_updates"]), 10)
        result["steps_done"].append("live")

    if "tcp_drop" in PHASES:
        result["step"] = "tcp_drop"

        async def drop():
            cut = (await proxy("CUT fin"))["cut"]
            log(f"tcp_drop: proxy cut {cut} connection(s)")
            check(cut == 1, f"expected to cut exactly the gateway connection, cut {cut}")

        await gap_phase(client, "tcp_drop", "drop", drop, 20, in_flight=min(2, GAP_EVENTS))
        client_alive()
        result["steps_done"].append("tcp_drop")

    if "client_close" in PHASES:
        result["step"] = "client_close"
        closing = []

        async def close_4000():
            # clients.md §3.3: discord.py closes with 4000 when it means to resume. The close handshake
            # runs while the library already reconnects, so it is not awaited here.
            closing.append(asyncio.create_task(client.ws.close(4000)))

        await gap_phase(client, "client_close", "close", close_4000, 40)
        if closing:
            try:
                await asyncio.wait_for(closing[0], 5)
                result["phases"]["client_close"]["close_handshake_done"] = True
            except asyncio.TimeoutError:
                result["phases"]["client_close"]["close_handshake_done"] = False
                log("note: the server did not answer the 4000 close frame within 5 s")
        client_alive()
        result["steps_done"].append("client_close")

    result["step"] = "sequences"
    seqs = result["sequences"]
    check(len(seqs) == len(set(seqs)), f"sequence numbers received twice: {sorted(s for s in set(seqs) if seqs.count(s) > 1)}")
    check(seqs == sorted(seqs), f"sequence numbers out of order: {seqs}")
    holes = [s for s in range(1, (max(seqs) if seqs else 0) + 1) if s not in seqs]
    check(not holes, f"dispatches never received (holes in s): {holes}")
    check(result["invalid_sessions"] == 0, f"received {result['invalid_sessions']} INVALID_SESSION")
    result["steps_done"].append("sequences")
    result["step"] = None

    try:
        result["proxy"] = await proxy("STATS")
    except Exception:  # noqa: BLE001 - informational only
        pass
    await client.close()
    try:
        await asyncio.wait_for(runner, 10)
    except asyncio.TimeoutError:
        fail("client.start() did not return within 10 s of client.close()")


async def main():
    if os.environ.get("PARLEY_DEBUG"):
        discord.utils.setup_logging(level=10)
    client_box = []
    task = asyncio.create_task(scenario(client_box))
    try:
        done, _ = await asyncio.wait({task}, timeout=TIMEOUT)
        if not done:
            task.cancel()
            fail(f"scenario timed out after {TIMEOUT}s")
        else:
            task.result()
    except Exception as e:  # noqa: BLE001 - reported in RESULT
        fail(f"exception: {e!r}")
    finally:
        if client_box and not client_box[0].is_closed():
            try:
                await asyncio.wait_for(client_box[0].close(), 10)
            except Exception:  # noqa: BLE001
                pass


if __name__ == "__main__":
    asyncio.run(main())
    result["resumed_events"] = result["on_resumed"]
    result["ok"] = not result["failures"]
    result["elapsed_seconds"] = round(time.monotonic() - STARTED, 3)
    print("RESULT " + json.dumps(result), flush=True)
    sys.exit(0 if result["ok"] else 1)
