"""The SDK's Asio runtime (client/runtime, issue 6 item 2) against a real parleyd with injected
faults (gateway.md §3.2, §3.6-§3.8): the C++ program parley_runtime_check ($PARLEY_RUNTIME_CHECK)
logs in through a fault-injecting TCP proxy run here, asks for faults on its stdout ("CMD ..."),
and prints one "CASE <name> PASS|FAIL <detail>" line per case:

    drop_mid_frame  the proxy forwards half of a server chunk, then resets both sides; messages
                    posted while the client is away arrive once, in order, through a Resume
    delayed_acks    the proxy delays server bytes past a heartbeat interval: zombie close, Resume
    half_open       the proxy stops forwarding both ways without closing: missing ACKs, reconnect
    op7_restart     SIGTERM makes parleyd send op 7; the restarted server (same data dir) has no
                    session, so the client identifies again
    op9_reidentify  kill -9 and restart: the Resume is answered by op 9, the client identifies again
    stop            stop() closes with 1000; no event after its completion

test_echo_bot runs examples/echo_bot.cpp ($PARLEY_ECHO_BOT) as a bot in a guild and checks its reply.

tests/compat/tcp_proxy.py can hold, blackhole and cut connections but neither delay nor freeze
them, nor cut in the middle of a chunk; the small threaded proxy below does all of these.
"""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from harness import Server

HEARTBEAT_MS = 1000


class _Pair:
    """One proxied connection. Faults apply to the pairs open when they are asked for."""

    def __init__(self, client):
        self.client = client
        self.upstream = None
        self.dead = False
        self.frozen = False
        self.delay = 0.0
        self.cut_armed = False

    def kill(self, rst=False):
        if self.dead:
            return
        self.dead = True
        for s in (self.client, self.upstream):
            if s is None:
                continue
            try:
                if rst:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                else:
                    s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


class FaultProxy:
    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.target = None
        self.lock = threading.Condition()
        self.holding = True  # until the target is known
        self.pairs = []
        self.cuts = threading.Semaphore(0)
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    # --- commands -------------------------------------------------------------------------------
    def set_target(self, port):
        with self.lock:
            self.target = ("127.0.0.1", port)

    def hold(self):
        with self.lock:
            self.holding = True

    def release(self):
        with self.lock:
            self.holding = False
            self.lock.notify_all()

    def _open_pairs(self):
        with self.lock:
            return [p for p in self.pairs if not p.dead and p.upstream is not None]

    def cut_midframe(self):
        for p in self._open_pairs():
            p.cut_armed = True

    def delay(self, seconds):
        for p in self._open_pairs():
            p.delay = seconds

    def freeze(self):
        for p in self._open_pairs():
            p.frozen = True

    def close(self):
        self.closed = True
        self.listener.close()
        with self.lock:
            pairs = list(self.pairs)
            self.holding = False
            self.lock.notify_all()
        for p in pairs:
            p.kill()

    # --- forwarding -----------------------------------------------------------------------------
    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        pair = _Pair(client)
        with self.lock:
            self.pairs.append(pair)
            while (self.holding or self.target is None) and not self.closed:
                self.lock.wait()
            target = self.target
        try:
            pair.upstream = socket.create_connection(target, timeout=5)
        except OSError:
            pair.kill()
            return
        for s in (client, pair.upstream):
            s.settimeout(0.2)  # so the pumps notice kill() and freeze
        threading.Thread(target=self._pump, args=(pair, client, pair.upstream, False), daemon=True).start()
        self._pump(pair, pair.upstream, client, True)

    def _pump(self, pair, source, sink, from_server):
        try:
            while not pair.dead:
                try:
                    data = source.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    break
                received = time.monotonic()
                if pair.frozen:
                    continue  # half-open: nothing gets through, nobody closes
                if from_server and pair.cut_armed and len(data) > 100:
                    # Heartbeat ACKs are ~30 bytes; a dispatch is bigger: cut inside one.
                    sink.sendall(data[:len(data) // 2])
                    pair.kill(rst=True)
                    self.cuts.release()
                    return
                if from_server and pair.delay:
                    time.sleep(max(0.0, received + pair.delay - time.monotonic()))
                sink.sendall(data)
        except OSError:
            pass
        if not pair.frozen:
            pair.kill()


class SdkRuntimeTest(unittest.TestCase):
    def setUp(self):
        self.check = os.environ.get("PARLEY_RUNTIME_CHECK")
        if not self.check:
            self.skipTest("PARLEY_RUNTIME_CHECK must name the parley_runtime_check binary")
        self.proxy = FaultProxy()
        self.addCleanup(self.proxy.close)
        self.public_url = f"http://127.0.0.1:{self.proxy.port}"
        self.server = self._start_server(None)
        self.data_dir = self.server.data_dir
        self.addCleanup(lambda: self.server.cleanup())
        owner = self.server.register("runtime_owner")
        self.owner = owner
        _, guild, _ = self.server.request("POST", "/guilds", {"name": "Runtime"}, token=owner)
        _, channels, _ = self.server.request("GET", f"/guilds/{guild['id']}/channels", token=owner)
        self.channel = next(c for c in channels if c["type"] == 0)["id"]

    def _start_server(self, data_dir):
        server = Server("--heartbeat-interval", str(HEARTBEAT_MS), "--rate-limit", "off",
                        data_dir=data_dir, public_url=self.public_url).start()
        self.proxy.set_target(server.port)
        self.proxy.release()
        return server

    def _restart(self, how):
        self.proxy.hold()
        old = self.server
        old.stop(signal.SIGTERM if how == "term" else signal.SIGKILL)
        self.server = self._start_server(self.data_dir)
        self.server.own_data = False
        old.own_data = True  # the first server's cleanup removes the shared directory
        self.addCleanup(old.cleanup)

    def _post(self, content):
        status, body, _ = self.server.request("POST", f"/channels/{self.channel}/messages", {"content": content},
                                              token=self.owner)
        return f"OK {body['id']}" if status == 200 else f"ERR {status} {body}"

    def _command(self, words):
        cmd, args = words[0], words[1:]
        if cmd == "HOLD":
            self.proxy.hold()
        elif cmd == "RELEASE":
            self.proxy.release()
        elif cmd == "CUT_MIDFRAME":
            self.proxy.cut_midframe()
        elif cmd == "WAIT_CUT":
            if not self.proxy.cuts.acquire(timeout=float(args[0])):
                return "ERR no cut happened"
        elif cmd == "POST":
            return self._post(" ".join(args))
        elif cmd == "DELAY":
            self.proxy.delay(int(args[0]) / 1000)
        elif cmd == "FREEZE":
            self.proxy.freeze()
        elif cmd == "RESTART":
            self._restart(args[0])
        else:
            return f"ERR unknown command {cmd}"
        return "OK"

    def _run_check(self, *args):
        """Runs parley_runtime_check, answering its commands; returns ({case: (verdict, detail)},
        transcript, exit code)."""
        proc = subprocess.Popen([self.check, *args], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        results = {}
        transcript = []
        timer = threading.Timer(400, proc.kill)
        timer.start()
        try:
            for line in proc.stdout:
                line = line.rstrip("\n")
                transcript.append(line)
                if line.startswith("CMD "):
                    reply = self._command(line[4:].split())
                    transcript.append("  -> " + reply)
                    proc.stdin.write(reply + "\n")
                    proc.stdin.flush()
                elif line.startswith("CASE "):
                    _, name, verdict, *detail = line.split(" ")
                    results[name] = (verdict, " ".join(detail))
            code = proc.wait(30)
        finally:
            timer.cancel()
        stderr = proc.stderr.read()
        for f in (proc.stdin, proc.stdout, proc.stderr):
            f.close()
        report = "\n".join(transcript) + ("\nstderr:\n" + stderr if stderr else "")
        if os.environ.get("PARLEY_TEST_VERBOSE"):
            print(report, file=sys.stderr)
        return results, report, code

    def test_faults(self):
        gateway = f"ws://127.0.0.1:{self.proxy.port}/gateway"
        results, report, code = self._run_check(gateway, self.owner, self.channel)
        for name in ("login", "cache", "drop_mid_frame", "delayed_acks", "half_open", "op7_restart",
                     "op9_reidentify", "identify_pacing", "stop"):
            with self.subTest(case=name):
                self.assertIn(name, results, report)
                self.assertEqual(results[name][0], "PASS", f"{name}: {results[name][1]}\n{report}")
        self.assertEqual(code, 0, report)


    def test_transports(self):
        """wss:// with the test's own CA file, and both encodings with both compressions."""
        tmp = tempfile.mkdtemp(prefix="parley-sdk-tls-")
        self.addCleanup(shutil.rmtree, tmp, True)
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        self.server.stop()
        self.server = Server("--tls-cert", cert, "--tls-key", key, "--rate-limit", "off",
                             data_dir=self.data_dir).start()
        self.server.own_data = True
        for url, ca, encoding, compress in (
                (f"wss://127.0.0.1:{self.server.port}/gateway", cert, "json", "zlib-stream"),
                (f"wss://127.0.0.1:{self.server.port}/gateway", cert, "etf", "zstd-stream"),
                (f"ws://127.0.0.1:{self.server.port}/gateway", "-", "etf", "none"),
                (f"ws://127.0.0.1:{self.server.port}/gateway", "-", "json", "zstd-stream")):
            with self.subTest(url=url, encoding=encoding, compress=compress):
                results, report, code = self._run_check("--login", url, self.owner, self.channel, ca, encoding,
                                                        compress)
                self.assertEqual(results.get("login", ("missing",))[0], "PASS", report)
                self.assertEqual(code, 0, report)
        # Without the CA file the self-signed certificate is refused.
        results, report, code = self._run_check("--login", f"wss://127.0.0.1:{self.server.port}/gateway",
                                                self.owner, self.channel, "-", "json", "none")
        self.assertEqual(results.get("login", ("missing",))[0], "FAIL", report)
        self.assertIn("certificate", report)

    def test_echo_bot(self):
        binary = os.environ.get("PARLEY_ECHO_BOT")
        if not binary:
            self.skipTest("PARLEY_ECHO_BOT must name the parley_example_echo_bot binary")
        app, bot_token = self.server.create_bot(self.owner, "Echo", flags=1 << 18)  # message content
        _, guilds, _ = self.server.request("GET", "/users/@me/guilds", token=self.owner)
        status, body, _ = self.server.request("POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot",
                                              {"guild_id": guilds[0]["id"], "permissions": "0", "authorize": True},
                                              token=self.owner)
        self.assertEqual(status, 200, body)
        proc = subprocess.Popen([binary, self.server.direct_url, bot_token], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        watchdog = threading.Timer(60, proc.kill)
        watchdog.start()
        self.addCleanup(watchdog.cancel)
        line = proc.stdout.readline()
        self.assertTrue(line.startswith("ready as "), line)
        self._post("!echo hello there")
        self._post("no command here")
        deadline = time.time() + 20
        replies = []
        while time.time() < deadline:
            _, history, _ = self.server.request("GET", f"/channels/{self.channel}/messages?limit=10", token=self.owner)
            replies = [m["content"] for m in history if m["author"]["id"] == app["bot"]["id"]]
            if replies:
                break
            time.sleep(0.1)
        self.assertEqual(replies, ["echo: hello there"])
        proc.send_signal(signal.SIGTERM)  # stop(): close 1000, then the process ends
        self.assertEqual(proc.wait(15), 0)
        proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
