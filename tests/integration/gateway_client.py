"""A plain gateway client for the integration tests: RFC 6455 framing written here (not the
server's codec), JSON or ETF, and zlib-stream (one inflate context for the whole connection) or
zstd-stream decoding."""
import base64
import json
import os
import socket
import struct
import time
import zlib

import etf

try:
    import zstandard
except ImportError:  # installed by scripts/install-deps.sh test
    zstandard = None


class Closed(Exception):
    def __init__(self, code, reason=b""):
        super().__init__(f"closed with {code}")
        self.code = code
        self.reason = reason


class GatewayClient:
    def __init__(self, host, port, query="v=10&encoding=json", path="/gateway", timeout=10, ssl_context=None):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        if ssl_context is not None:
            self.sock = ssl_context.wrap_socket(self.sock, server_hostname=host)
        self.encoding = "etf" if "encoding=etf" in query else "json"
        self.compress = "zlib" if "compress=zlib-stream" in query else "zstd" if "compress=zstd-stream" in query else None
        self.inflater = zlib.decompressobj() if self.compress == "zlib" else None
        self.zbuf = b""
        self.zstd = zstandard.ZstdDecompressor().decompressobj() if self.compress == "zstd" else None
        self.buf = b""
        self.frames = []
        self.raw_messages = 0
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path}?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.handshake = head.decode()
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(self.handshake)

    # --- frames ---------------------------------------------------------------------------------
    def send_frame(self, opcode, data):
        mask = os.urandom(4)
        n = len(data)
        header = bytes([0x80 | opcode])
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("TCP closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv_frame(self):
        b0, b1 = self._read_exact(2)
        n = b1 & 0x7F
        if b1 & 0x80:
            raise AssertionError("server frames must not be masked")
        if n == 126:
            n = struct.unpack(">H", self._read_exact(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._read_exact(8))[0]
        return b0 & 0x0F, bool(b0 & 0x80), self._read_exact(n)

    # --- payloads -------------------------------------------------------------------------------
    def send(self, payload):
        if self.encoding == "etf":
            self.send_frame(2, etf.encode(payload))
        else:
            self.send_frame(1, json.dumps(payload).encode())

    def send_raw(self, data, opcode=1):
        self.send_frame(opcode, data)

    def recv(self):
        """The next gateway payload; raises Closed on a close frame."""
        while True:
            opcode, fin, data = self.recv_frame()
            if opcode == 8:
                code = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else 1005
                raise Closed(code, data[2:])
            if opcode == 9:
                self.send_frame(10, data)
                continue
            if opcode not in (1, 2):
                continue
            self.raw_messages += 1
            if self.compress == "zlib":
                self.zbuf += data
                if not self.zbuf.endswith(b"\x00\x00\xff\xff"):
                    continue
                data, self.zbuf = self.inflater.decompress(self.zbuf), b""
            elif self.compress == "zstd":
                data = self.zstd.decompress(data)
            return etf.decode(data) if self.encoding == "etf" else json.loads(data)

    def recv_until(self, predicate, limit=100):
        for _ in range(limit):
            p = self.recv()
            if predicate(p):
                return p
        raise AssertionError("expected payload not seen")

    def dispatch(self, name):
        return self.recv_until(lambda p: p["op"] == 0 and p["t"] == name)

    def expect_close(self, timeout=10):
        """Reads until the server closes; returns the close code (None for a TCP close without one)."""
        self.sock.settimeout(timeout)
        try:
            while True:
                self.recv()
        except Closed as c:
            # The server ends the TCP connection itself after its Close (discord.py never answers).
            self.sock.settimeout(timeout)
            try:
                while self.sock.recv(4096):
                    pass
            except OSError:
                pass
            return c.code
        except (ConnectionResetError, BrokenPipeError):
            return None

    def close(self, code=1000):
        """A WebSocket close handshake: our Close, then read until the server's Close or EOF.
        Closing with unread data would make the kernel send RST, which can overtake our Close."""
        try:
            self.send_frame(8, struct.pack(">H", code))
            self.sock.settimeout(5)
            while True:
                opcode, _, _ = self.recv_frame()
                if opcode == 8:
                    break
        except (OSError, ConnectionResetError):
            pass
        self.sock.close()

    def drop(self):
        """A TCP drop without a WebSocket close."""
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()

    # --- lifecycle helpers ---------------------------------------------------------------------
    def hello(self):
        p = self.recv()
        assert p["op"] == 10, p
        return p["d"]["heartbeat_interval"]

    def identify(self, token, intents=513, **extra):
        d = {"token": token, "intents": intents, "properties": {"os": "linux", "browser": "it", "device": "it"}}
        d.update(extra)
        self.send({"op": 2, "d": d})

    def login(self, token, intents=513, **extra):
        self.hello()
        self.identify(token, intents, **extra)
        ready = self.dispatch("READY")
        self.last_seq = ready["s"]
        return ready
