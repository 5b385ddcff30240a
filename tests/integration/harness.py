"""Starts a real parleyd on 127.0.0.1 with a fresh data directory and talks HTTP to it.

Used by the integration and compatibility suites. The binary comes from $PARLEYD (set by CTest);
each server gets port 0 and reports its URL on stdout.
"""
import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

# Every suite registers and logs in from 127.0.0.1, far beyond the production per-address limits
# (README "Configuration"); some hammer the server on purpose. A suite's own rate limit options come
# later and win (test_ratelimit.py tests the limits themselves).
TEST_RATE_LIMITS = ("--rate-limit-global", "1000000",
                    "--rate-limit-route", "POST /auth/register=100000/60s,POST /auth/login=100000/60s")


class Server:
    """public_url: passed as --public-url (e.g. a proxy in front of the server). parleyd then prints that
    URL, so `url` is the public URL while host/port/direct_url name the socket it really bound."""

    def __init__(self, *extra_args, data_dir=None, env=None, public_url=None):
        self.binary = os.environ.get("PARLEYD")
        if not self.binary:
            raise RuntimeError("PARLEYD must name the parleyd binary")
        self.own_data = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="parley-it-")
        self.extra_args = list(extra_args)
        self.env = env
        self.public_url = public_url
        self.proc = None
        self.url = None
        self.direct_url = None
        self.log = []

    def start(self, timeout=20):
        args = [self.binary, "--data", self.data_dir, "--listen", "127.0.0.1:0",
                "--password-cost", "minimal", "--log-level", os.environ.get("PARLEY_TEST_LOG_LEVEL", "warn"),
                *TEST_RATE_LIMITS, *self.extra_args]
        if self.public_url:
            args += ["--public-url", self.public_url]
        env = dict(os.environ, **(self.env or {}))
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.log.append(line)
            if line.startswith("parleyd listening on "):
                self.url = line.split()[-1].strip()
                threading.Thread(target=self._drain, daemon=True).start()
                parsed = urllib.parse.urlparse(self.url)
                self.host, self.port = parsed.hostname, parsed.port
                if self.public_url:
                    self.port = self._bound_port()
                    self.host = "127.0.0.1"
                self.direct_url = f"http://{self.host}:{self.port}"
                return self
        raise RuntimeError("parleyd did not start:\n" + "".join(self.log))

    def _bound_port(self):
        """The TCP port parleyd listens on, read from /proc (its stdout line names the public URL)."""
        inodes = set()
        fd_dir = f"/proc/{self.proc.pid}/fd"
        for fd in os.listdir(fd_dir):
            try:
                link = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[len("socket:["):-1])
        ports = set()
        for table in ("tcp", "tcp6"):
            try:
                with open(f"/proc/{self.proc.pid}/net/{table}") as f:
                    rows = f.readlines()[1:]
            except OSError:
                continue
            for row in rows:
                fields = row.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        if len(ports) != 1:
            raise RuntimeError(f"cannot tell parleyd's listening port: {sorted(ports)}")
        return ports.pop()

    def _drain(self):
        for line in self.proc.stdout:
            self.log.append(line)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        if self.own_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    # --- HTTP ---------------------------------------------------------------------------
    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, path, body=None, token=None, headers=None, raw=None, conn=None, prefix="/api/v10"):
        """Returns (status, parsed JSON or None, response headers as a dict with lower-case keys)."""
        hdrs = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        if token is not None:
            hdrs["Authorization"] = token
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, prefix + path, body=data, headers=hdrs)
            res = conn.getresponse()
            payload = res.read()
            parsed = json.loads(payload) if payload and res.getheader("Content-Type", "").startswith("application/json") else payload or None
            return res.status, parsed, {k.lower(): v for k, v in res.getheaders()}
        finally:
            if own:
                conn.close()

    # --- accounts -------------------------------------------------------------------------
    def register(self, username, password="correct horse battery"):
        status, body, _ = self.request("POST", "/auth/register", {"username": username, "password": password})
        if status != 201:
            raise AssertionError(f"register {username}: {status} {body}")
        return body["token"]

    def create_bot(self, owner_token, name="Test Bot", flags=None):
        status, app, _ = self.request("POST", "/applications", {"name": name}, token=owner_token)
        if status != 201:
            raise AssertionError(f"create bot: {status} {app}")
        if flags is not None:
            status, _, _ = self.request("PATCH", f"/applications/{app['id']}", {"flags": flags}, token=owner_token)
            assert status == 200
        return app, app["bot"]["token"]


class ServerTestCase(unittest.TestCase):
    """One server per test class."""
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.server_args).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def req(self, *a, **kw):
        return self.server.request(*a, **kw)
