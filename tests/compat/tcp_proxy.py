"""A loopback TCP proxy that can drop every connection on command, used to force gateway reconnects
and resumes (gateway.md §3.6: a TCP drop must leave the session resumable).

    client --> 127.0.0.1:<port> --> target (parleyd)

Commands (in-process through the methods, or one text line per command on the control port, each
answered with one line "OK <json>" or "ERR <reason>"):

    HOLD            from now on accept new connections but do not connect them upstream (the client
                    waits for its WebSocket handshake; refusing instead would make discord.js
                    re-identify, since it treats ECONNREFUSED as "start a new session")
    BLACKHOLE       on every open connection, keep reading what the server sends but discard it (the
                    server's writes succeed, the client never sees them): followed by CUT, this makes
                    "events written to the old socket that the client never processed"
    CUT [fin|rst]   close every open connection now, both sides, without any WebSocket close
                    frame: fin = plain TCP close, rst = reset (SO_LINGER 0)
    RELEASE         stop holding; held connections are connected upstream and forwarded
    STATS           counters: accepted, forwarded, held (waiting now), open, cut
    WAIT_HELD n s   answer once at least n connections are held, or ERR after s seconds
    TARGET host:port

Run standalone: python3 tcp_proxy.py --target 127.0.0.1:PORT [--port N] [--control-port N]
"""
import argparse
import asyncio
import json
import socket
import struct
import sys
import threading
import time


class TcpProxy:
    """The proxy proper; every method must be called on the event loop that ran start()."""

    def __init__(self, target=None, host="127.0.0.1", verbose=False):
        self.target = target  # (host, port); connections accepted before it is set wait like held ones
        self.host = host
        self.verbose = verbose
        self.port = None
        self.control_port = None
        self._server = None
        self._control = None
        self._holding = False
        self._released = None  # asyncio.Event, set while not holding
        self._pairs = set()  # live _pair objects (held or forwarding)
        self._tasks = set()
        self.accepted = 0
        self.forwarded = 0
        self.cut_count = 0
        self.held_now = 0

    def _log(self, *a):
        if self.verbose:
            print("[proxy]", *a, file=sys.stderr, flush=True)

    async def start(self, port=0, control_port=0):
        self._released = asyncio.Event()
        if self.target is not None:
            self._released.set()
        self._server = await asyncio.start_server(self._on_client, self.host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._control = await asyncio.start_server(self._on_control, self.host, control_port)
        self.control_port = self._control.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        for srv in (self._server, self._control):
            if srv:
                srv.close()
        self.cut("fin")
        for srv in (self._server, self._control):
            if srv:
                await srv.wait_closed()
        for t in list(self._tasks):
            t.cancel()

    # --- commands -------------------------------------------------------------------------------
    def set_target(self, host, port):
        self.target = (host, port)
        if not self._holding:
            self._released.set()

    def hold(self):
        self._holding = True
        self._released.clear()

    def release(self):
        self._holding = False
        if self.target is not None:
            self._released.set()

    def cut(self, how="fin"):
        """Closes every connection (held ones too); returns how many client connections it closed."""
        n = 0
        for pair in list(self._pairs):
            pair.kill(how)
            n += 1
        self.cut_count += n
        self._log(f"cut {n} connection(s) ({how})")
        return n

    def blackhole(self):
        """Discards server-to-client bytes on every open connection; returns how many."""
        for pair in self._pairs:
            pair.blackhole = True
        return len(self._pairs)

    def stats(self):
        return {"accepted": self.accepted, "forwarded": self.forwarded, "held": self.held_now,
                "open": len(self._pairs), "cut": self.cut_count, "holding": self._holding}

    async def wait_held(self, n, timeout):
        deadline = time.monotonic() + timeout
        while self.held_now < n:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    # --- forwarding -----------------------------------------------------------------------------
    def _spawn(self, coro):
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _on_client(self, reader, writer):
        self.accepted += 1
        pair = _Pair(writer)
        self._pairs.add(pair)
        try:
            if not self._released.is_set():
                self.held_now += 1
                self._log(f"holding connection #{self.accepted}")
                try:
                    # Wake up on release, or when a CUT kills this held connection.
                    waiter = self._spawn(self._released.wait())
                    await asyncio.wait({waiter, pair.dead_future()}, return_when=asyncio.FIRST_COMPLETED)
                    waiter.cancel()
                finally:
                    self.held_now -= 1
                if pair.dead:
                    return
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
            except OSError as e:
                self._log(f"upstream connect failed: {e}")
                pair.kill("fin")
                return
            if pair.dead:
                up_writer.transport.abort()
                return
            pair.upstream = up_writer
            self.forwarded += 1
            a = self._spawn(_pipe(reader, up_writer))
            b = self._spawn(_pipe(up_reader, writer, pair))
            await asyncio.wait({a, b, pair.dead_future()}, return_when=asyncio.FIRST_COMPLETED)
            # One direction ended (EOF or error) or we were cut: tear down both sides. A graceful
            # close on one side is passed on as a graceful close (FIN) on the other.
            if not pair.dead:
                pair.close_gracefully()
            a.cancel()
            b.cancel()
        finally:
            self._pairs.discard(pair)

    async def _on_control(self, reader, writer):
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                reply = await self._command(line.decode().split())
                writer.write((reply + "\n").encode())
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _command(self, words):
        if not words:
            return "ERR empty command"
        cmd, args = words[0].upper(), words[1:]
        try:
            if cmd == "HOLD":
                self.hold()
            elif cmd == "RELEASE":
                self.release()
            elif cmd == "BLACKHOLE":
                return "OK " + json.dumps({"blackholed": self.blackhole()})
            elif cmd == "CUT":
                how = args[0].lower() if args else "fin"
                if how not in ("fin", "rst"):
                    return "ERR CUT takes fin or rst"
                return "OK " + json.dumps({"cut": self.cut(how)})
            elif cmd == "STATS":
                pass
            elif cmd == "WAIT_HELD":
                n = int(args[0]) if args else 1
                timeout = float(args[1]) if len(args) > 1 else 10.0
                if not await self.wait_held(n, timeout):
                    return "ERR " + json.dumps({"timeout": timeout, **self.stats()})
            elif cmd == "TARGET":
                host, _, port = args[0].rpartition(":")
                self.set_target(host, int(port))
            else:
                return f"ERR unknown command {cmd}"
        except (IndexError, ValueError) as e:
            return f"ERR bad arguments: {e}"
        return "OK " + json.dumps(self.stats())


class _Pair:
    """One proxied connection: the accepted client side and, once connected, the upstream side."""

    def __init__(self, client_writer):
        self.client = client_writer
        self.upstream = None
        self.dead = False
        self.blackhole = False  # discard upstream -> client bytes
        self._dead_future = asyncio.get_running_loop().create_future()

    def dead_future(self):
        return self._dead_future

    def _mark_dead(self):
        self.dead = True
        if not self._dead_future.done():
            self._dead_future.set_result(None)

    def kill(self, how):
        if self.dead:
            return
        self._mark_dead()
        for w in (self.client, self.upstream):
            if w is None:
                continue
            if how == "rst":
                sock = w.get_extra_info("socket")
                if sock is not None:
                    try:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    except OSError:
                        pass
            # abort(): drop whatever is still buffered in the proxy, like a cable pulled mid-stream.
            w.transport.abort()

    def close_gracefully(self):
        self._mark_dead()
        for w in (self.client, self.upstream):
            if w is not None:
                w.close()


async def _pipe(reader, writer, pair=None):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if pair is not None and pair.blackhole:
                continue
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass


async def control(host, port, command, timeout=30.0):
    """Sends one command to a proxy's control port; returns the parsed JSON of an OK answer."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write((command + "\n").encode())
        await writer.drain()
        line = (await asyncio.wait_for(reader.readline(), timeout)).decode().strip()
    finally:
        writer.close()
    status, _, rest = line.partition(" ")
    if status != "OK":
        raise RuntimeError(f"proxy command {command!r} failed: {line!r}")
    return json.loads(rest) if rest else {}


class ProxyThread:
    """Runs a TcpProxy on its own event loop in a daemon thread, for synchronous test code."""

    def __init__(self, target=None, verbose=False):
        self.proxy = TcpProxy(target, verbose=verbose)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self):
        self.thread.start()
        self.call(self.proxy.start())
        return self

    def call(self, coro, timeout=30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def run(self, fn, *args):
        async def wrapper():
            return fn(*args)
        return self.call(wrapper())

    @property
    def port(self):
        return self.proxy.port

    @property
    def control_port(self):
        return self.proxy.control_port

    @property
    def url(self):
        return f"http://127.0.0.1:{self.proxy.port}"

    def set_target(self, host, port):
        self.run(self.proxy.set_target, host, port)

    def hold(self):
        self.run(self.proxy.hold)

    def release(self):
        self.run(self.proxy.release)

    def cut(self, how="fin"):
        return self.run(self.proxy.cut, how)

    def blackhole(self):
        return self.run(self.proxy.blackhole)

    def blackhole(self):
        """Discards server-to-client bytes on every open connection; returns how many."""
        for pair in self._pairs:
            pair.blackhole = True
        return len(self._pairs)

    def stats(self):
        return self.run(self.proxy.stats)

    def stop(self):
        try:
            self.call(self.proxy.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


def main():
    ap = argparse.ArgumentParser(description="TCP proxy that can cut its connections on command")
    ap.add_argument("--target", required=True, help="host:port to forward to")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--control-port", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    host, _, port = a.target.rpartition(":")

    async def run():
        p = await TcpProxy((host, int(port)), verbose=a.verbose).start(a.port, a.control_port)
        print(f"proxy listening on 127.0.0.1:{p.port} control 127.0.0.1:{p.control_port}", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
