"""The other end of the @discordjs/voice suite: a user who joins a voice channel, plays PCM into it and
records what another user says (voice.md §1-§9, clients.md §7).

PythonVoicePeer is written here from the specs (the tests' own WebSocket client, AES-256-GCM from
python3-cryptography, Opus from libopus through ctypes). Issue 7 wants the C++ SDK voice client on this
end (`parley voice play FILE.wav` / `parley voice record OUT.wav`); the test uses only the methods below,
all in terms of 48 kHz stereo s16le PCM, so an SdkVoicePeer that runs those commands can take its place:

    peer.join()                      -> connected: main gateway, voice gateway, IP discovery, session key
    peer.start_recording()           -> begins keeping what others send
    peer.wait_for_speaker(user_id)   -> that user's SSRC once the server relayed their op 5 Speaking
    peer.stop_recording(user_id)     -> Recording(pcm, packets, ssrc) of that user since start_recording
    peer.play(pcm)                   -> sends the PCM as 20 ms Opus frames in real time (op 5 first,
                                        five silence frames at the end), returns when done
    peer.close()
    peer.user_id, peer.stats (decrypt failures, ...)

The peer speaks plain ws:// to the server (which serves HTTP and TLS on one port): Python's ssl module
cannot read and write one TLS socket from two threads safely, and the peer needs a reader thread and a
heartbeat thread. The library under test still has to use wss://.
"""
import os
import queue
import random
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import opus_codec

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from gateway_client import Closed, GatewayClient  # noqa: E402

GUILDS, GUILD_VOICE_STATES = 1 << 0, 1 << 7
AES_RTPSIZE = "aead_aes256_gcm_rtpsize"


class _Channel:
    """A GatewayClient read by a thread (into a backlog searched by wait_for) and written under a lock."""

    def __init__(self, client, on_message=None):
        self.client = client
        self.client.sock.settimeout(None)   # the reader blocks; close() unblocks it
        self.on_message = on_message
        self.lock = threading.Lock()
        self.cond = threading.Condition()
        self.backlog = []
        self.closed = None                  # a close code or an exception once the socket is done
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            while True:
                message = self.client.recv()
                if self.on_message:
                    self.on_message(message)
                with self.cond:
                    self.backlog.append(message)
                    self.cond.notify_all()
        except Closed as c:
            reason = c.code
        except Exception as e:  # the socket was shut down by close(), or the server went away
            reason = e
        with self.cond:
            self.closed = reason
            self.cond.notify_all()

    def send(self, payload):
        with self.lock:
            self.client.send(payload)

    def wait_for(self, predicate, timeout=10, what="message"):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i, m in enumerate(self.backlog):
                    if predicate(m):
                        return self.backlog.pop(i)
                if self.closed is not None:
                    raise AssertionError(f"socket closed ({self.closed!r}) while waiting for {what}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; have {[m.get('op') for m in self.backlog]}")
                self.cond.wait(left)

    def close(self):
        try:
            self.client.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.client.sock.close()
        self.thread.join(5)


class _Heartbeat:
    def __init__(self, channel, interval_seconds, payload):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(channel, interval_seconds, payload), daemon=True)
        self.thread.start()

    def _run(self, channel, interval, payload):
        while not self.stop.wait(interval):
            try:
                channel.send(payload())
            except OSError:
                return


@dataclass
class Recording:
    pcm: bytes        # interleaved stereo s16le, 48 kHz
    packets: int      # RTP packets decoded (including silence frames)
    ssrc: int


class PythonVoicePeer:
    def __init__(self, host, port, token, guild_id, channel_id):
        self.host, self.port = host, port
        self.token, self.guild_id, self.channel_id = token, guild_id, channel_id
        self.user_id = None
        self.ssrc_by_user = {}
        self.stats = {"rtp_received": 0, "decrypt_failures": 0, "other_datagrams": 0, "rtp_sent": 0}
        self._main = self._voice = None
        self._heartbeats = []
        self._main_seq = None
        self._voice_seq = -1
        self._udp = None
        self._udp_stop = threading.Event()
        self._udp_thread = None
        self._recording = None
        self._record_lock = threading.Lock()

    # --- connecting ------------------------------------------------------------------------------
    def join(self, timeout=10):
        main = GatewayClient(self.host, self.port)
        interval = main.hello() / 1000
        main.identify(self.token, intents=GUILDS | GUILD_VOICE_STATES)
        self._main = _Channel(main, self._on_main)
        self._heartbeats.append(_Heartbeat(self._main, interval, lambda: {"op": 1, "d": self._main_seq}))
        ready = self._main.wait_for(lambda p: p.get("t") == "READY", timeout, "READY")["d"]
        self.user_id = ready["user"]["id"]
        self._main.send({"op": 4, "d": {"guild_id": self.guild_id, "channel_id": self.channel_id,
                                        "self_mute": False, "self_deaf": False}})
        state = self._main.wait_for(lambda p: p.get("t") == "VOICE_STATE_UPDATE" and p["d"]["user_id"] == self.user_id,
                                    timeout, "own VOICE_STATE_UPDATE")["d"]
        server = self._main.wait_for(lambda p: p.get("t") == "VOICE_SERVER_UPDATE", timeout, "VOICE_SERVER_UPDATE")["d"]

        host, port = server["endpoint"].rsplit(":", 1)
        voice = GatewayClient(host, int(port), query="v=8", path="/")
        voice.send({"op": 0, "d": {"server_id": self.guild_id, "user_id": self.user_id,
                                   "session_id": state["session_id"], "token": server["token"],
                                   "max_dave_protocol_version": 0}})
        self._voice = _Channel(voice, self._on_voice)
        hello = self._voice.wait_for(lambda m: m["op"] == 8, timeout, "voice Hello")["d"]
        self._heartbeats.append(_Heartbeat(self._voice, hello["heartbeat_interval"] / 1000,
                                           lambda: {"op": 3, "d": {"t": int(time.time() * 1000),
                                                                   "seq_ack": self._voice_seq}}))
        ready = self._voice.wait_for(lambda m: m["op"] == 2, timeout, "voice Ready")["d"]
        self.ssrc = ready["ssrc"]
        self.media = (ready["ip"], ready["port"])
        if AES_RTPSIZE not in ready["modes"]:
            raise AssertionError(f"server does not offer {AES_RTPSIZE}: {ready['modes']}")

        self._udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._udp.bind(("127.0.0.1", 0))
        address, udp_port = self._discover()
        self._voice.send({"op": 1, "d": {"protocol": "udp", "data": {"address": address, "port": udp_port,
                                                                      "mode": AES_RTPSIZE}}})
        description = self._voice.wait_for(lambda m: m["op"] == 4, timeout, "Session Description")["d"]
        self._aes = AESGCM(bytes(description["secret_key"]))
        self._nonce = 0
        self._sequence = random.randrange(1 << 16)
        self._timestamp = random.randrange(1 << 32)
        self._udp.settimeout(0.2)
        self._udp_thread = threading.Thread(target=self._receive_udp, daemon=True)
        self._udp_thread.start()
        return self

    def _on_main(self, p):
        if p.get("s") is not None:
            self._main_seq = p["s"]

    def _on_voice(self, m):
        if isinstance(m.get("seq"), int):
            self._voice_seq = m["seq"]
        # voice.md §3.4: the SSRC→user mapping comes only from the server's op 5.
        if m["op"] == 5 and isinstance(m["d"], dict) and "user_id" in m["d"]:
            self.ssrc_by_user[m["d"]["user_id"]] = m["d"]["ssrc"]

    def _discover(self):
        request = struct.pack(">HHI", 1, 70, self.ssrc) + bytes(66)
        self._udp.settimeout(1)
        for _ in range(5):   # UDP: retry a lost request
            self._udp.sendto(request, self.media)
            try:
                reply, source = self._udp.recvfrom(2048)
            except socket.timeout:
                continue
            if source == self.media and len(reply) == 74 and struct.unpack(">H", reply[:2])[0] == 2:
                address = reply[8:72].split(b"\0", 1)[0].decode()
                return address, struct.unpack(">H", reply[72:74])[0]
        raise AssertionError("no IP discovery reply")

    # --- receiving -------------------------------------------------------------------------------
    def _receive_udp(self):
        while not self._udp_stop.is_set():
            try:
                packet, source = self._udp.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if source != self.media or len(packet) < 12 + 16 + 4 or packet[0] >> 6 != 2 or 200 <= packet[1] <= 204:
                self.stats["other_datagrams"] += 1
                continue
            # voice.md §8.5: the rtpsize clear header is the fixed part, CSRCs and the extension preamble.
            cc, extension = packet[0] & 0x0F, packet[0] & 0x10
            header_len = 12 + 4 * cc + (4 if extension else 0)
            counter = packet[-4:]
            try:
                plain = self._aes.decrypt(counter + bytes(8), packet[header_len:-4], packet[:header_len])
            except InvalidTag:
                self.stats["decrypt_failures"] += 1
                continue
            if extension:
                words = struct.unpack(">H", packet[header_len - 2:header_len])[0]
                plain = plain[4 * words:]
            if packet[0] & 0x20 and plain:
                plain = plain[:-plain[-1]]
            self.stats["rtp_received"] += 1
            ssrc = struct.unpack(">I", packet[8:12])[0]
            with self._record_lock:
                if self._recording is not None:
                    self._recording.append((ssrc, plain))

    def start_recording(self):
        with self._record_lock:
            self._recording = []

    def wait_for_speaker(self, user_id, timeout=10):
        """The SSRC the server announced for user_id (op 5)."""
        self._voice.wait_for(lambda m: m["op"] == 5 and m["d"].get("user_id") == user_id, timeout,
                             f"op 5 Speaking of {user_id}")
        return self.ssrc_by_user[user_id]

    def stop_recording(self, user_id):
        with self._record_lock:
            packets, self._recording = self._recording or [], None
        ssrc = self.ssrc_by_user.get(user_id)
        decoder = opus_codec.Decoder()
        pcm = bytearray()
        count = 0
        for packet_ssrc, payload in packets:   # loopback keeps the order; the SFU keeps the sender's SSRC
            if packet_ssrc == ssrc:
                pcm += decoder.decode(payload).tobytes()
                count += 1
        decoder.close()
        return Recording(bytes(pcm), count, ssrc)

    # --- sending ---------------------------------------------------------------------------------
    def _send_rtp(self, payload):
        header = struct.pack(">BBHII", 0x80, 0x78, self._sequence, self._timestamp, self.ssrc)
        self._sequence = (self._sequence + 1) & 0xFFFF
        self._timestamp = (self._timestamp + opus_codec.FRAME_SAMPLES) & 0xFFFFFFFF
        self._nonce = (self._nonce + 1) & 0xFFFFFFFF
        counter = struct.pack(">I", self._nonce)
        self._udp.sendto(header + self._aes.encrypt(counter + bytes(8), payload, header) + counter, self.media)
        self.stats["rtp_sent"] += 1

    def play(self, pcm):
        """pcm: 48 kHz stereo s16le; a partial last frame is padded with silence."""
        # voice.md §3.4: Speaking binds the SSRC before any audio; give the relay a moment to reach others.
        self._voice.send({"op": 5, "d": {"speaking": 1, "delay": 0, "ssrc": self.ssrc}})
        time.sleep(0.2)
        encoder = opus_codec.Encoder()
        step = opus_codec.FRAME_BYTES
        frames = [encoder.encode(pcm[i:i + step].ljust(step, b"\0")) for i in range(0, len(pcm), step)]
        encoder.close()
        frames += [opus_codec.SILENCE_FRAME] * 5
        due = time.monotonic()
        for frame in frames:
            self._send_rtp(frame)
            due += 0.020
            time.sleep(max(0.0, due - time.monotonic()))
        self._voice.send({"op": 5, "d": {"speaking": 0, "delay": 0, "ssrc": self.ssrc}})
        return len(frames)

    # --- leaving ---------------------------------------------------------------------------------
    def close(self):
        for h in self._heartbeats:
            h.stop.set()
        if self._main and self._main.closed is None:
            try:
                self._main.send({"op": 4, "d": {"guild_id": self.guild_id, "channel_id": None,
                                                "self_mute": False, "self_deaf": False}})
            except OSError:
                pass
        self._udp_stop.set()
        if self._udp_thread:
            self._udp_thread.join(2)
        if self._udp:
            self._udp.close()
        for channel in (self._voice, self._main):
            if channel:
                channel.close()
