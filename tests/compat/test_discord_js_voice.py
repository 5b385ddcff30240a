"""@discordjs/voice 0.18.0 on Parley (issue 7 "real clients", voice.md, clients.md §7): a discord.js bot joins a
voice channel over wss:// (parleyd with TLS and a self-signed certificate made here; node trusts it through
NODE_EXTRA_CA_CERTS), plays a 440 Hz tone that a second member records and decodes, then receives and decodes
a 440 Hz tone that member plays, and stays connected until its first voice heartbeat is ACKed. The scenario is
node/voice_scenario.mjs, driven over stdio. The member is the C++ SDK's voice client: `parley-voice record` and
`parley-voice play` ($PARLEY_VOICE, set by CTest; over wss:// with --ca), and, as a second case, the
specification-written voice_peer.PythonVoicePeer."""
import array
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from harness import Server  # noqa: E402

import node_deps  # noqa: E402
import tone  # noqa: E402
from test_sdk_voice import Tool, read_wav_left, write_tone  # noqa: E402
from voice_peer import PythonVoicePeer  # noqa: E402

TONE_HZ = 440
TOLERANCE_HZ = 5


class NodeScenario:
    """node voice_scenario.mjs with line-based stdio: commands in, EVENT/RESULT lines out (read by a thread
    so every wait has a deadline); stderr (the library's debug log) is kept for failure messages."""

    def __init__(self, env):
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "node", "voice_scenario.mjs")], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.lines = queue.Queue()
        self.stdout, self.stderr = [], []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout, True), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr, False), daemon=True).start()

    def _pump(self, stream, keep, forward):
        for line in stream:
            keep.append(line)
            if forward:
                self.lines.put(line.rstrip("\n"))
        if forward:
            self.lines.put(None)

    def send(self, *words):
        self.proc.stdin.write(" ".join(words) + "\n")
        self.proc.stdin.flush()

    def event(self, step, timeout):
        """The payload of `EVENT {"step": step, ...}`; fails with the scenario's output otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {step} event within {timeout} s\n{self.output()}") from None
            if line is None:
                raise AssertionError(f"scenario ended before {step}\n{self.output()}")
            if line.startswith("RESULT "):
                raise AssertionError(f"scenario gave up before {step}: {line}\n{self.output()}")
            if line.startswith("EVENT "):
                payload = json.loads(line[len("EVENT "):])
                if payload["step"] == step:
                    return payload

    def result(self, timeout):
        self.proc.wait(timeout)
        time.sleep(0.1)  # let the pump threads finish
        results = [line for line in self.stdout if line.startswith("RESULT ")]
        if not results:
            raise AssertionError(f"no RESULT line\n{self.output()}")
        return json.loads(results[-1][len("RESULT "):])

    def output(self):
        return f"stdout:\n{''.join(self.stdout)}\nstderr (last 6000 chars):\n{''.join(self.stderr)[-6000:]}"

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass


class DiscordJsVoice(unittest.TestCase):
    def setUp(self):
        node_deps.ensure(quiet=True)  # no-op when run through run_discord_js.sh
        self.dir = tempfile.mkdtemp(prefix="parley-djs-voice-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", self.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        self.server = Server("--rate-limit", "off", "--tls-cert", self.cert, "--tls-key", key).start()
        self.addCleanup(self.server.cleanup)

    def ok(self, expected, method, path, body=None, token=None):
        # Setup over plain HTTP on the TLS port (parleyd serves both); the library under test uses TLS.
        status, payload, _ = self.server.request(method, path, body, token=token)
        self.assertEqual(status, expected, f"{method} {path}: {payload}")
        return payload

    def server_log(self):
        _, metrics, _ = self.server.request("GET", "/metrics", prefix="")
        sfu = [line for line in metrics.decode().splitlines() if line.startswith("parley_voice_datagrams_total")]
        return "\n".join(sfu) + "\nparleyd log (last 4000 chars):\n" + "".join(self.server.log)[-4000:]

    @staticmethod
    def settle(peer, quiet=0.3, limit=3.0):
        """Waits until no RTP has arrived for `quiet` seconds: the library's last frames may still be in flight."""
        deadline = time.monotonic() + limit
        seen = -1
        while seen != peer.stats["rtp_received"] and time.monotonic() < deadline:
            seen = peer.stats["rtp_received"]
            time.sleep(quiet)

    def call(self):
        """A guild with a voice channel, its owner (the member) and a bot in it: (owner token, app, bot token,
        guild, channel)."""
        self.assertTrue(self.server.url.startswith("https://"), self.server.url)
        owner = self.server.register("djsv_owner")
        app, bot_token = self.server.create_bot(owner, "Djs Voice Bot")
        guild = self.ok(201, "POST", "/guilds", {"name": "DJS Voice"}, owner)
        channel = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "Stage Left", "type": 2}, owner)
        self.ok(200, "POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot&permissions=8",
                {"guild_id": guild["id"], "permissions": "8", "authorize": True}, owner)
        return owner, app, bot_token, guild, channel

    def node(self, bot_token, guild, channel):
        env = dict(os.environ, PARLEY_URL=self.server.url, PARLEY_BOT_TOKEN=bot_token, PARLEY_GUILD_ID=guild["id"],
                   PARLEY_CHANNEL_ID=channel["id"], NODE_EXTRA_CA_CERTS=self.cert)
        node = NodeScenario(env)
        self.addCleanup(node.kill)
        return node

    def finish(self, node, context):
        """The connection outlives one voice heartbeat interval (0.18's bare-nonce op 3 is ACKed), then leaves."""
        heartbeat = node.event("heartbeat", 35)
        self.assertIsInstance(heartbeat["ws_ping"], int, f"no heartbeat ACK: {heartbeat}\n{context()}")
        self.assertEqual(heartbeat["status"], "ready", heartbeat)
        node.send("leave")
        result = node.result(15)
        self.assertEqual(result["failures"], [], context())
        self.assertTrue(result["ok"])
        self.assertEqual(node.proc.returncode, 0)
        self.assertIn("connecting->ready", result["states"])
        return heartbeat

    def voice_tool(self, command, token, guild, channel, path, *extra):
        return Tool(self, command, "--url", self.server.url, "--token", token, "--guild", guild["id"],
                    "--channel", channel["id"], "--ca", self.cert, *extra, path)

    def test_bot_and_sdk_client_hear_each_others_440_hz_tone(self):
        if not os.environ.get("PARLEY_VOICE"):
            self.skipTest("PARLEY_VOICE (the parley-voice binary) is not set")
        owner, app, bot_token, guild, channel = self.call()
        owner_id = self.ok(200, "GET", "/users/@me", token=owner)["id"]
        node = self.node(bot_token, guild, channel)
        ready = node.event("ready", 40)
        self.assertEqual(ready["mode"], "aead_aes256_gcm_rtpsize")
        bot_id = ready["user_id"]
        self.assertEqual(bot_id, app["bot"]["id"])

        # PLAY: the bot's tone, recorded by `parley-voice record` (stopped with SIGINT, which writes the WAV).
        out = os.path.join(self.dir, "heard.wav")
        recorder = self.voice_tool("record", owner, guild, channel, out, "--seconds", "60")
        context = lambda: f"{node.output()}\n{self.server_log()}\nrecorder: {recorder.lines}"  # noqa: E731
        recorder.wait_line("JOINED")
        node.send("play")
        played = node.event("played", 20)
        speaking = recorder.wait_line(f"SPEAKING user={bot_id} ", timeout=5)
        self.assertEqual(speaking, f"SPEAKING user={bot_id} ssrc={ready['ssrc']} flags=1", "op 5 relayed")
        time.sleep(0.5)  # the library's last frames may still be in flight
        recorder.proc.send_signal(2)
        recorded = recorder.wait_line("RECORDED", timeout=15)
        code, err = recorder.finish(15)
        self.assertEqual(code, 0, f"{err}\n{context()}")
        self.assertRegex(recorded, rf"^RECORDED samples=\d+ users=1 user_ids={bot_id} ")
        samples, channels, rate = read_wav_left(out)
        self.assertEqual((channels, rate), (2, tone.RATE))
        # 2 s = 100 frames, then the library's five silence frames (less the jitter buffer's first hold).
        self.assertGreaterEqual(len(samples), 95 * 960, f"{recorded}, bot says {played}\n{context()}")
        frequency, purity = tone.analyse(samples, channels=1)
        self.assertAlmostEqual(frequency, TONE_HZ, delta=TOLERANCE_HZ, msg=f"bot → SDK: {frequency} Hz")
        self.assertGreater(purity, 0.8, f"bot → SDK: not a clean tone (purity {purity:.2f})")

        # RECEIVE: `parley-voice play` of a generated 440 Hz WAV, decoded by the bot (receiver.subscribe()).
        node.send("listen", owner_id)
        node.event("listening", 10)
        wav = os.path.join(self.dir, "tone.wav")
        write_tone(wav, freq=TONE_HZ, seconds=2.0)
        player = self.voice_tool("play", owner, guild, channel, wav)
        sent = player.wait_line("PLAYED", timeout=30)
        self.assertEqual(player.finish(15)[0], 0, player.stderr())
        self.assertTrue(sent.startswith("PLAYED frames=100 "), sent)
        received = node.event("heard", 20)
        self.assertGreaterEqual(received["packets"], 95, f"{received}\n{context()}")
        self.assertGreaterEqual(received["seconds"], 1.9, received)
        self.assertAlmostEqual(received["frequency"], TONE_HZ, delta=TOLERANCE_HZ,
                               msg=f"SDK → bot: {received}\n{context()}")
        self.assertGreater(received["purity"], 0.8, f"SDK → bot: not a clean tone {received}")

        heartbeat = self.finish(node, context)
        print(f"\n  bot -> parley-voice: {len(samples) // 960} frames, {frequency} Hz, purity {purity:.3f}; "
              f"parley-voice -> bot: {received['packets']} packets, {received['frequency']} Hz, purity "
              f"{received['purity']:.3f}; voice heartbeat ACK after {heartbeat['ws_ping']} ms", file=sys.stderr)

    def test_bot_and_python_peer_hear_each_others_440_hz_tone(self):
        owner, app, bot_token, guild, channel = self.call()
        # The member is in the channel first, so it hears the bot from its first packet.
        peer = PythonVoicePeer(self.server.host, self.server.port, owner, guild["id"], channel["id"])
        self.addCleanup(peer.close)
        peer.join()

        node = self.node(bot_token, guild, channel)
        context = lambda: f"{node.output()}\n{self.server_log()}\npeer stats: {peer.stats}"  # noqa: E731

        ready = node.event("ready", 40)
        self.assertEqual(ready["mode"], "aead_aes256_gcm_rtpsize", context())
        bot_id = ready["user_id"]
        self.assertEqual(bot_id, app["bot"]["id"])

        # PLAY: the bot's tone, recorded by the member.
        peer.start_recording()
        node.send("play")
        self.assertEqual(peer.wait_for_speaker(bot_id), ready["ssrc"], "op 5 relayed with the bot's SSRC")
        played = node.event("played", 20)
        self.settle(peer)
        heard = peer.stop_recording(bot_id)
        self.assertEqual(peer.stats["decrypt_failures"], 0, context())
        # 2 s = 100 frames, then the library's five silence frames.
        self.assertGreaterEqual(heard.packets, 95, f"{heard.packets} packets, bot says {played}\n{context()}")
        samples = array.array("h")
        samples.frombytes(heard.pcm)
        frequency, purity = tone.analyse(samples)
        self.assertAlmostEqual(frequency, TONE_HZ, delta=TOLERANCE_HZ, msg=f"bot → member: {frequency} Hz")
        self.assertGreater(purity, 0.8, f"bot → member: not a clean tone (purity {purity:.2f})")

        # RECEIVE: the member's tone, decoded by the bot through connection.receiver.subscribe().
        node.send("listen", peer.user_id)
        node.event("listening", 10)
        sent = peer.play(tone.sine_pcm(TONE_HZ, 2.0))
        received = node.event("heard", 20)
        self.assertGreaterEqual(received["packets"], sent - 5, f"{received} of {sent} packets\n{context()}")
        self.assertGreaterEqual(received["seconds"], 1.9, received)
        self.assertAlmostEqual(received["frequency"], TONE_HZ, delta=TOLERANCE_HZ,
                               msg=f"member → bot: {received}\n{context()}")
        self.assertGreater(received["purity"], 0.8, f"member → bot: not a clean tone {received}")

        heartbeat = self.finish(node, context)
        print(f"\n  bot -> member: {heard.packets} packets, {frequency} Hz, purity {purity:.3f}; member -> bot: "
              f"{received['packets']} packets, {received['frequency']} Hz, purity {received['purity']:.3f}; "
              f"voice heartbeat ACK after {heartbeat['ws_ping']} ms",
              file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
