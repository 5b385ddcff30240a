"""The voice gateway v8 and the SFU over real sockets (voice.md §3-§10, clients.md §7): users join a
voice channel with op 4 on the main gateway, open the voice gateway at VOICE_SERVER_UPDATE's endpoint
exactly as @discordjs/voice builds the URL (`?v=8` on the root path), do IP discovery over UDP, select
aead_aes256_gcm_rtpsize and exchange encrypted RTP; each receiver decrypts what the SFU re-encrypted
with its own key. A deafened member receives nothing; a bad token gets 4004; the same over WSS.

AES-256-GCM comes from Debian's python3-cryptography (scripts/install-deps.sh test)."""
import os
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import unittest

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from community import CommunityTestCase
from gateway_client import Closed, GatewayClient

GUILDS, VOICE_STATES = 1 << 0, 1 << 7
AES = "aead_aes256_gcm_rtpsize"


class VoiceClient:
    """One voice connection: the voice WebSocket (the tests' own RFC 6455 client) and a UDP socket."""

    def __init__(self, test, endpoint, ssl_context=None):
        host, port = endpoint.rsplit(":", 1)
        # @discordjs/voice: `wss://${endpoint}?v=8` — the root path with a query.
        self.ws = GatewayClient(host, int(port), query="v=8", path="/", ssl_context=ssl_context)
        test.addCleanup(self.ws.sock.close)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(5)
        test.addCleanup(self.udp.close)
        self.nonce = 1
        self.sequence = 0
        self.messages = []  # voice gateway messages read while waiting for something else

    def recv_op(self, op):
        for i, m in enumerate(self.messages):
            if m["op"] == op:
                return self.messages.pop(i)
        while True:
            m = self.ws.recv()
            if m["op"] == op:
                return m
            self.messages.append(m)

    def identify(self, server_id, user_id, session_id, token):
        # discord.js and discord.py send Identify on open, before Hello (clients.md §7).
        self.ws.send({"op": 0, "d": {"server_id": server_id, "user_id": user_id, "session_id": session_id,
                                     "token": token, "max_dave_protocol_version": 0}})
        self.hello = self.recv_op(8)["d"]
        self.ready = self.recv_op(2)["d"]
        self.ssrc = self.ready["ssrc"]
        self.media = (self.ready["ip"], self.ready["port"])
        return self.ready

    def discover(self):
        self.udp.sendto(struct.pack(">HHI", 1, 70, self.ssrc) + bytes(66), self.media)
        reply, _ = self.udp.recvfrom(2048)
        assert len(reply) == 74 and reply[1] == 2, reply
        address = reply[8:72].split(b"\0", 1)[0].decode()
        port = struct.unpack(">H", reply[72:74])[0]
        return address, port

    def select(self, mode=AES):
        address, port = self.discover()
        self.ws.send({"op": 1, "d": {"protocol": "udp", "data": {"address": address, "port": port, "mode": mode}}})
        description = self.recv_op(4)
        self.key = bytes(description["d"]["secret_key"])
        self.aes = AESGCM(self.key)
        return description, (address, port)

    def speak(self, flags=1):
        self.ws.send({"op": 5, "d": {"speaking": flags, "delay": 0, "ssrc": self.ssrc}})

    def send_rtp(self, payload):
        header = struct.pack(">BBHII", 0x80, 0x78, self.sequence, self.sequence * 960, self.ssrc)
        self.sequence += 1
        counter = struct.pack(">I", self.nonce)
        self.nonce += 1
        sealed = self.aes.encrypt(counter + bytes(8), payload, header)  # ciphertext ‖ tag, AAD = header
        self.udp.sendto(header + sealed + counter, self.media)

    def recv_rtp(self, timeout=5):
        """(ssrc, sequence, payload, nonce) of the next RTP packet, decrypted with our key."""
        self.udp.settimeout(timeout)
        packet, source = self.udp.recvfrom(2048)
        assert source == self.media, source
        header, sealed, counter = packet[:12], packet[12:-4], packet[-4:]
        payload = self.aes.decrypt(counter + bytes(8), sealed, header)
        _, _, sequence, _, ssrc = struct.unpack(">BBHII", header)
        return ssrc, sequence, payload, struct.unpack(">I", counter)[0]

    def expect_no_rtp(self, wait=0.5):
        self.udp.settimeout(wait)
        try:
            packet = self.udp.recvfrom(2048)
        except socket.timeout:
            return
        raise AssertionError(f"unexpected datagram {packet!r}")


class VoiceGatewayCase(CommunityTestCase):
    server_args = ("--rate-limit", "off")
    ssl_context = None

    def setup_call(self, *prefixes):
        """A guild with a voice channel and members (owner first): [(token, user id)], guild id, channel id."""
        owner, owner_id = self.user("vg_owner")
        guild = self.ok(201, "POST", "/guilds", {"name": "Voice"}, token=owner)
        people = [(owner, owner_id)]
        for prefix in prefixes:
            token, uid = self.user(prefix)
            self.invite_and_join(guild["id"], owner, token)
            people.append((token, uid))
        channel = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "Lounge", "type": 2}, token=owner)
        return people, guild["id"], channel["id"]

    def join(self, token, user_id, guild_id, channel_id, self_deaf=False):
        """Op 4 on the main gateway; returns (VOICE_STATE_UPDATE d, VOICE_SERVER_UPDATE d)."""
        c = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(c.sock.close)
        ready = c.login(token, intents=GUILDS | VOICE_STATES)
        for _ in ready["d"]["guilds"]:
            c.dispatch("GUILD_CREATE")
        c.send({"op": 4, "d": {"guild_id": guild_id, "channel_id": channel_id, "self_deaf": self_deaf,
                               "self_mute": False}})
        state = c.recv_until(lambda p: p["op"] == 0 and p["t"] == "VOICE_STATE_UPDATE" and p["d"]["user_id"] == user_id)
        server = c.dispatch("VOICE_SERVER_UPDATE")
        self.assertEqual(state["d"]["session_id"], ready["d"]["session_id"])
        return state["d"], server["d"], c

    def voice_metric(self, outcome):
        _, body, _ = self.req("GET", "/metrics", prefix="")
        for line in body.decode().splitlines():
            if line.startswith(f'parley_voice_datagrams_total{{outcome="{outcome}"}} '):
                return float(line.split()[-1])
        raise AssertionError(f"no voice metric {outcome}")

    def connect(self, token, user_id, guild_id, channel_id, self_deaf=False):
        state, server, main = self.join(token, user_id, guild_id, channel_id, self_deaf)
        v = VoiceClient(self, server["endpoint"], self.ssl_context)
        v.main = main
        v.user_id = user_id
        v.identify(guild_id, user_id, state["session_id"], server["token"])
        return v


class VoiceGatewayTests(VoiceGatewayCase):
    def test_two_users_hear_each_other_through_the_sfu(self):
        [(a_token, a_id), (b_token, b_id)], guild_id, channel_id = self.setup_call("vg_b")
        a = self.connect(a_token, a_id, guild_id, channel_id)
        self.assertGreater(a.hello["heartbeat_interval"], 0)
        self.assertEqual(a.ready["ip"], "127.0.0.1")
        self.assertEqual(a.ready["modes"], [AES, "aead_xchacha20_poly1305_rtpsize"])
        description, (address, port) = a.select()
        self.assertEqual((address, port), a.udp.getsockname())  # discovery saw our real source
        self.assertEqual(description["d"]["mode"], AES)
        self.assertEqual(description["d"]["dave_protocol_version"], 0)
        self.assertEqual(len(description["d"]["secret_key"]), 32)
        self.assertEqual(description["seq"], 1)

        b = self.connect(b_token, b_id, guild_id, channel_id)
        self.assertNotEqual(a.ssrc, b.ssrc)
        self.assertEqual(b.recv_op(11)["d"]["user_ids"], [a_id])     # who is already there
        self.assertEqual(a.recv_op(11)["d"]["user_ids"], [b_id])     # the newcomer
        b.select()
        self.assertNotEqual(a.key, b.key)
        a.speak()
        speaking = b.recv_op(5)["d"]
        self.assertEqual(speaking, {"user_id": a_id, "ssrc": a.ssrc, "speaking": 1})
        b.speak()
        self.assertEqual(a.recv_op(5)["d"]["ssrc"], b.ssrc)

        frames = [os.urandom(40 + i) for i in range(5)]
        for f in frames:
            a.send_rtp(f)
        got = [b.recv_rtp() for _ in frames]
        self.assertEqual([g[2] for g in got], frames)                # decrypted with b's own key
        self.assertEqual({g[0] for g in got}, {a.ssrc})              # the speaker's SSRC is kept
        self.assertEqual([g[1] for g in got], list(range(5)))
        self.assertGreaterEqual(min(g[3] for g in got), 0x80000000)  # the server's own nonce range
        a.expect_no_rtp(0.2)                                         # no echo

        b.send_rtp(b"reply frame")
        self.assertEqual(a.recv_rtp()[2], b"reply frame")

        # Leaving on the main gateway closes the voice socket with 4014; the other sees op 13.
        b.main.send({"op": 4, "d": {"guild_id": guild_id, "channel_id": None, "self_deaf": False, "self_mute": False}})
        self.assertEqual(b.ws.expect_close(), 4014)
        self.assertEqual(a.recv_op(13)["d"]["user_id"], b_id)
        a.send_rtp(b"after leaving")
        b.expect_no_rtp()

    def test_a_deafened_member_receives_nothing(self):
        [(a_token, a_id), (b_token, b_id), (c_token, c_id)], guild_id, channel_id = self.setup_call("vg_b", "vg_deaf")
        a = self.connect(a_token, a_id, guild_id, channel_id)
        b = self.connect(b_token, b_id, guild_id, channel_id)
        deaf = self.connect(c_token, c_id, guild_id, channel_id, self_deaf=True)  # @discordjs/voice's default
        for v in (a, b, deaf):
            v.select()
        a.speak()
        for f in (b"one", b"two", b"three"):
            a.send_rtp(f)
        self.assertEqual([b.recv_rtp()[2] for _ in range(3)], [b"one", b"two", b"three"])
        deaf.expect_no_rtp()

    def test_forged_and_undiscovered_traffic_is_dropped(self):
        [(a_token, a_id), (b_token, b_id)], guild_id, channel_id = self.setup_call("vg_b")
        a = self.connect(a_token, a_id, guild_id, channel_id)
        b = self.connect(b_token, b_id, guild_id, channel_id)
        unauthentic = self.voice_metric("dropped_unauthentic")
        a.select()
        a.speak()
        a.send_rtp(b"b has no key yet")       # b did no discovery: nothing may go to it
        b.expect_no_rtp()
        b.select()
        forged = VoiceClient.__new__(VoiceClient)
        forged.udp, forged.media, forged.ssrc = b.udp, a.media, a.ssrc
        forged.sequence, forged.nonce, forged.aes = 0, 1, AESGCM(bytes(32))
        VoiceClient.send_rtp(forged, b"wrong key, a's ssrc")
        a.expect_no_rtp()
        b.expect_no_rtp()
        # Discovery for an SSRC never handed out is not answered.
        b.udp.sendto(struct.pack(">HHI", 1, 70, 0x7fffffff) + bytes(66), b.media)
        b.expect_no_rtp()
        # Dropped packets are counted on /metrics.
        self.assertEqual(self.voice_metric("dropped_unauthentic"), unauthentic + 1)
        self.assertGreaterEqual(self.voice_metric("discovery_refused"), 1)

    def test_a_bad_token_is_4004(self):
        [(a_token, a_id)], guild_id, channel_id = self.setup_call()
        state, server, _ = self.join(a_token, a_id, guild_id, channel_id)
        v = VoiceClient(self, server["endpoint"])
        v.ws.send({"op": 0, "d": {"server_id": guild_id, "user_id": a_id, "session_id": state["session_id"],
                                  "token": "0" * 32}})
        self.assertEqual(v.ws.expect_close(), 4004)

    def test_heartbeat_and_resume(self):
        [(a_token, a_id), (b_token, b_id)], guild_id, channel_id = self.setup_call("vg_b")
        a = self.connect(a_token, a_id, guild_id, channel_id)
        state, server, _ = self.join(b_token, b_id, guild_id, channel_id)
        b = VoiceClient(self, server["endpoint"])
        b.identify(guild_id, b_id, state["session_id"], server["token"])
        b.ws.send({"op": 3, "d": {"t": 1234, "seq_ack": -1}})
        self.assertEqual(b.recv_op(6)["d"], {"t": 1234})
        first = b.recv_op(11)                 # seq 1
        b.ws.drop()                           # no Close: resumable
        a.recv_op(11)
        a.speak()                             # seq 2 for b, buffered while b is away
        again = GatewayClient(*server["endpoint"].rsplit(":", 1), query="v=8", path="/")
        self.addCleanup(again.sock.close)
        again.send({"op": 7, "d": {"server_id": guild_id, "session_id": state["session_id"], "token": server["token"],
                                   "seq_ack": first["seq"]}})
        msgs = [again.recv() for _ in range(3)]
        self.assertEqual([m["op"] for m in msgs], [8, 9, 5])
        self.assertEqual(msgs[2]["seq"], first["seq"] + 1)
        self.assertEqual(msgs[2]["d"]["user_id"], a_id)

    def test_the_main_gateway_still_answers_on_the_root_path(self):
        token, _ = self.user("vg_root")
        c = GatewayClient(self.server.host, self.server.port, query="v=10&encoding=json", path="/")
        self.addCleanup(c.sock.close)
        self.assertEqual(c.login(token)["t"], "READY")


class VoiceGatewayTlsTests(VoiceGatewayCase):
    """@discordjs/voice only speaks wss:// (clients.md §7)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="parley-voice-tls-")
        cert, key = os.path.join(cls.dir, "cert.pem"), os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        cls.server_args = ("--rate-limit", "off", "--tls-cert", cert, "--tls-key", key)
        cls.ssl_context = ssl.create_default_context(cafile=cert)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_wss_voice_gateway_and_media(self):
        [(a_token, a_id), (b_token, b_id)], guild_id, channel_id = self.setup_call("vg_tls")
        a = self.connect(a_token, a_id, guild_id, channel_id)
        b = self.connect(b_token, b_id, guild_id, channel_id)
        a.select()
        b.select()
        a.speak()
        self.assertEqual(b.recv_op(5)["d"]["user_id"], a_id)
        a.send_rtp(b"over wss signalling")
        self.assertEqual(b.recv_rtp()[2], b"over wss signalling")
        with self.assertRaises(Closed):
            a.ws.send({"op": 42, "d": None})
            a.ws.recv_until(lambda m: False)


if __name__ == "__main__":
    unittest.main()
