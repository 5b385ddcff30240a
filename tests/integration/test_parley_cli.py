"""`parley`, the terminal client's scriptable commands, against a real parleyd (issue 6 item 4): login with
the password on stdin and a 0600 config file, logout, guilds, channels, send, history (text and --json
shapes, paging), tail receiving a message posted over REST, dm, status through gateway op 3, the
--token/PARLEY_TOKEN override (bot tokens too), the exit codes (0 ok, 1 API error, 2 usage), and `parley voice`
(the SDK's voice command line: one member plays a 440 Hz WAV with the saved login, another records it)."""
import json
import os
import select
import shutil
import stat
import subprocess
import tempfile
import unittest

from community import CommunityTestCase
from gateway_client import GatewayClient
from test_sdk_voice import dominant_frequency, read_wav_left, rms, write_tone

PASSWORD = "correct horse battery"
GUILDS, GUILD_PRESENCES = 1 << 0, 1 << 8


class ParleyCliTests(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def setUp(self):
        self.config_home = tempfile.mkdtemp(prefix="parley-cli-")
        self.addCleanup(shutil.rmtree, self.config_home, ignore_errors=True)
        self.env = dict(os.environ, XDG_CONFIG_HOME=self.config_home)
        self.env.pop("PARLEY_TOKEN", None)
        self.env.pop("PARLEY_SERVER", None)

    def parley(self, *args, input=None, env=None, expect=0):
        r = subprocess.run([os.environ["PARLEY_CLI"], *args], capture_output=True, text=True, input=input,
                           env=dict(self.env, **(env or {})), timeout=60)
        if expect is not None:
            self.assertEqual(r.returncode, expect, f"parley {args}: {r.stderr}")
        return r

    def login(self, prefix="cli"):
        """A fresh account logged in through `parley login`: (token, user id, username)."""
        token, user_id = self.user(prefix)
        _, me, _ = self.req("GET", "/users/@me", token=token)
        self.parley("login", "--server", self.server.url, "--username", me["username"], "--password-stdin",
                    input=PASSWORD + "\n")
        return token, user_id, me["username"]

    def config_file(self):
        return os.path.join(self.config_home, "parley", "config.json")

    def text_channel(self, guild_id, token):
        channels = self.ok(200, "GET", f"/guilds/{guild_id}/channels", token=token)
        return next(c for c in channels if c["type"] == 0)["id"]

    # --- login, logout, overrides ---------------------------------------------------------------

    def test_login_saves_a_private_token_and_logout_revokes_it(self):
        _, user_id, name = self.login("login")
        path = self.config_file()
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            saved = json.load(f)
        self.assertEqual((saved["server"], saved["user_id"], saved["username"]), (self.server.url, user_id, name))
        status, me, _ = self.req("GET", "/users/@me", token=saved["token"])
        self.assertEqual((status, me["id"]), (200, user_id))

        self.assertIn("Logged out", self.parley("logout").stderr)
        self.assertFalse(os.path.exists(path))
        self.assertEqual(self.req("GET", "/users/@me", token=saved["token"])[0], 401)
        r = self.parley("guilds", expect=2)
        self.assertIn("not logged in", r.stderr)

    def test_wrong_password_is_an_api_error(self):
        r = self.parley("login", "--server", self.server.url, "--username", "nobody_like_this", "--password-stdin",
                        input="wrong\n", expect=1)
        self.assertRegex(r.stderr, r"parley: HTTP 4\d\d, code \d+: ")
        self.assertFalse(os.path.exists(self.config_file()))

    def test_token_override_for_scripts_and_bots(self):
        owner, _ = self.user("owner")
        guild = self.guild(owner, "Bot Home")
        app, bot_token = self.server.create_bot(owner, name="Cli Bot")
        bot_id = app["bot"]["id"]
        # Bots join guilds by OAuth2 authorization (rest.md); the owner adds it.
        status, body, _ = self.req("POST", "/oauth2/authorize?client_id=" + app["id"] + "&scope=bot",
                                   {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
        self.assertIn(status, (200, 201), body)
        channel = self.text_channel(guild["id"], owner)

        env = {"PARLEY_SERVER": self.server.url, "PARLEY_TOKEN": "Bot " + bot_token}
        self.assertIn(f"{guild['id']}\tBot Home", self.parley("guilds", env=env).stdout)
        sent = json.loads(self.parley("send", channel, "from a bot", "--json", env=env).stdout)
        self.assertEqual((sent["author"]["id"], sent["author"]["bot"]), (bot_id, True))
        # --token wins over the environment and the saved login; a user token works the same way.
        r = self.parley("guilds", "--server", self.server.url, "--token", owner, env={"PARLEY_TOKEN": "garbage"})
        self.assertIn("Bot Home", r.stdout)
        r = self.parley("guilds", env={"PARLEY_SERVER": self.server.url, "PARLEY_TOKEN": "garbage"}, expect=1)
        self.assertIn("HTTP 401", r.stderr)

    def test_usage_errors_exit_2(self):
        self.login("usage")
        self.parley("send", expect=2)                          # no channel
        self.parley("history", "123", "--limit", "500", expect=2)
        self.parley("history", "not-an-id", expect=2)
        self.parley("status", "busy", expect=2)
        self.parley("no-such-command", expect=2)
        r = self.parley("send", "123", input="", expect=2)     # empty text from stdin
        self.assertIn("empty", r.stderr)
        self.parley("chat", expect=2)                           # not a terminal
        self.assertEqual(self.parley("--help").returncode, 0)

    # --- guilds, channels, send, history --------------------------------------------------------

    def test_guilds_and_channels_text_and_json(self):
        token, _, _ = self.login("lists")
        guild = self.guild(token, "Listing Guild")
        extra = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "second"}, token=token)

        self.assertIn(f"{guild['id']}\tListing Guild\n", self.parley("guilds").stdout)
        listed = json.loads(self.parley("guilds", "--json").stdout)
        self.assertIsInstance(listed, list)
        mine = next(g for g in listed if g["id"] == guild["id"])
        self.assertEqual((mine["name"], mine["owner"]), ("Listing Guild", True))

        text = self.parley("channels", guild["id"]).stdout.splitlines()
        self.assertIn(f"{extra['id']}\t#second", text)
        self.assertTrue(any(line.endswith("\t#general") for line in text), text)
        self.assertTrue(any("\t[voice] " in line for line in text), text)
        channels = json.loads(self.parley("channels", guild["id"], "--json").stdout)
        self.assertEqual({c["id"] for c in channels}, {c["id"] for c in self.ok(200, "GET",
                         f"/guilds/{guild['id']}/channels", token=token)})
        self.assertTrue(all("type" in c and "name" in c for c in channels))

        r = self.parley("channels", "1", expect=1)
        self.assertIn("code 10004: Unknown Guild", r.stderr)

    def test_send_and_history(self):
        token, user_id, name = self.login("history")
        guild = self.guild(token, "History Guild")
        channel = self.text_channel(guild["id"], token)

        first_id = self.parley("send", channel, "first", "message").stdout.strip()
        second = json.loads(self.parley("send", channel, "--json", input="second\nwith two lines\n").stdout)
        self.assertEqual((second["content"], second["author"]["id"], second["channel_id"]),
                         ("second\nwith two lines", user_id, channel))
        got = self.ok(200, "GET", f"/channels/{channel}/messages/{first_id}", token=token)
        self.assertEqual(got["content"], "first message")
        for i in range(3):
            self.parley("send", channel, f"later {i}")

        lines = self.parley("history", channel).stdout.splitlines()
        # Oldest first, one line per message plus indented continuation lines.
        self.assertRegex(lines[0], r"^\[\d{4}-\d\d-\d\d \d\d:\d\d\] " + name + ": first message$")
        self.assertEqual(lines[1][lines[1].index("] ") + 2:], f"{name}: second")
        self.assertEqual(lines[2], "    with two lines")
        self.assertTrue(lines[-1].endswith(": later 2"))

        page = json.loads(self.parley("history", channel, "--json", "--limit", "2").stdout)
        self.assertEqual([m["content"] for m in page], ["later 2", "later 1"])  # the API's order: newest first
        self.assertTrue(all({"id", "author", "timestamp", "channel_id"} <= m.keys() for m in page))
        older = json.loads(self.parley("history", channel, "--json", "--limit", "2", "--before", page[-1]["id"]).stdout)
        self.assertEqual([m["content"] for m in older], ["later 0", "second\nwith two lines"])

        r = self.parley("history", "12345", expect=1)
        self.assertIn("HTTP 404, code 10003: Unknown Channel", r.stderr)
        outsider, _ = self.user("outsider")
        r = self.parley("send", channel, "hi", "--token", outsider, "--server", self.server.url, expect=1)
        self.assertRegex(r.stderr, r"HTTP 403, code 50001: Missing Access|HTTP 404, code 10003")

    def test_dm(self):
        _, alice_id, alice_name = self.login("dma")
        bob, bob_id = self.user("dmb")
        message_id = self.parley("dm", bob_id, "hello", "bob").stdout.strip()
        dms = self.ok(200, "GET", "/users/@me/channels", token=bob)
        self.assertEqual(len(dms), 1)
        self.assertEqual([u["id"] for u in dms[0]["recipients"]], [alice_id])
        got = self.ok(200, "GET", f"/channels/{dms[0]['id']}/messages", token=bob)
        self.assertEqual([(m["id"], m["content"], m["author"]["id"]) for m in got], [(message_id, "hello bob", alice_id)])
        as_json = json.loads(self.parley("dm", bob_id, "--json", input="again").stdout)
        self.assertEqual((as_json["channel_id"], as_json["content"]), (dms[0]["id"], "again"))
        self.assertIn(f"{alice_name}: again", self.parley("history", dms[0]["id"]).stdout)
        self.parley("dm", "1", "nobody", expect=1)

    # --- gateway: tail, status ------------------------------------------------------------------

    def start_tail(self, *args):
        p = subprocess.Popen([os.environ["PARLEY_CLI"], "tail", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=self.env)
        self.addCleanup(p.stderr.close)
        self.addCleanup(p.stdout.close)
        self.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
        self.assertIn("tailing", self.read_line(p.stderr, p))
        return p

    def read_line(self, stream, p, timeout=15):
        ready, _, _ = select.select([stream], [], [], timeout)
        self.assertTrue(ready, f"no output from parley tail (exit {p.poll()})")
        return stream.readline()

    def stop(self, p):
        p.send_signal(2)  # SIGINT, as Ctrl-C
        self.assertEqual(p.wait(timeout=15), 0, p.stderr.read())

    def test_tail_prints_live_messages(self):
        token, _, _ = self.login("tail")
        guild = self.guild(token, "Tail Guild")
        channel = self.text_channel(guild["id"], token)
        other = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "elsewhere"}, token=token)
        bob, _ = self.user("tailbob")
        self.invite_and_join(guild["id"], token, bob)
        _, bob_me, _ = self.req("GET", "/users/@me", token=bob)

        human = self.start_tail(channel)
        machine = self.start_tail(channel, "--json")
        self.ok(200, "POST", f"/channels/{other['id']}/messages", {"content": "not for tail"}, token=bob)
        sent = self.ok(200, "POST", f"/channels/{channel}/messages", {"content": "live from bob"}, token=bob)

        line = self.read_line(human.stdout, human)
        self.assertRegex(line, r"^\[\d{4}-\d\d-\d\d \d\d:\d\d\] " + bob_me["username"] + ": live from bob\n$")
        event = json.loads(self.read_line(machine.stdout, machine))
        self.assertEqual((event["id"], event["content"], event["channel_id"], event["author"]["id"]),
                         (sent["id"], "live from bob", channel, bob_me["id"]))
        self.stop(human)
        self.stop(machine)

        r = self.parley("tail", "999", expect=1)
        self.assertIn("Unknown Channel", r.stderr)

    def test_status_sends_presence_update(self):
        token, alice_id, _ = self.login("status")
        guild = self.guild(token, "Presence Guild")
        bob, _ = self.user("watcher")
        self.invite_and_join(guild["id"], token, bob)
        watcher = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(watcher.sock.close)
        watcher.login(bob, intents=GUILDS | GUILD_PRESENCES)

        out = self.parley("status", "dnd").stdout
        self.assertEqual(out, "status: dnd\n")
        update = watcher.recv_until(lambda p: p["op"] == 0 and p["t"] == "PRESENCE_UPDATE"
                                    and p["d"]["user"]["id"] == alice_id and p["d"]["status"] == "dnd")
        self.assertEqual(update["d"]["guild_id"], guild["id"])
        with open(self.config_file()) as f:
            self.assertEqual(json.load(f)["status"], "dnd")  # remembered for later sessions' Identify
        self.assertEqual(json.loads(self.parley("status", "idle", "--json").stdout), {"status": "idle"})

    # --- voice ----------------------------------------------------------------------------------

    def test_voice_record_hears_voice_play(self):
        token, player_id, _ = self.login("vplay")  # play uses the saved login
        guild = self.guild(token, "Voice Guild")
        channel = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "Talk", "type": 2}, token=token)
        listener, _ = self.user("vrec")
        self.invite_and_join(guild["id"], token, listener)
        tone, out = os.path.join(self.config_home, "tone.wav"), os.path.join(self.config_home, "heard.wav")
        write_tone(tone, seconds=1.0)

        # record as the other member through --url/--token (overriding the saved login).
        recorder = subprocess.Popen([os.environ["PARLEY_CLI"], "voice", "record", "--url", self.server.url, "--token",
                                     listener, "--guild", guild["id"], "--channel", channel["id"], "--seconds", "4",
                                     out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env)
        self.addCleanup(recorder.stderr.close)
        self.addCleanup(recorder.stdout.close)
        self.addCleanup(lambda: recorder.poll() is None and (recorder.kill(), recorder.wait()))
        self.assertEqual(self.read_line(recorder.stdout, recorder), "JOINED\n")

        played = self.parley("voice", "play", "--guild", guild["id"], "--channel", channel["id"], tone).stdout
        self.assertRegex(played, r"(?m)^PLAYED frames=50 ")
        self.assertEqual(recorder.wait(timeout=30), 0, recorder.stderr.read())
        recorded = [l for l in recorder.stdout.read().splitlines() if l.startswith("RECORDED ")]
        self.assertEqual(len(recorded), 1, recorded)
        self.assertIn(f"users=1 user_ids={player_id} ", recorded[0])
        samples, channels, _ = read_wav_left(out)
        self.assertEqual(channels, 2)
        self.assertGreaterEqual(len(samples), 45 * 960, recorded)  # 50 frames, minus the jitter window's hold
        middle = samples[len(samples) // 4:]
        self.assertGreater(rms(middle), 1000)
        self.assertAlmostEqual(dominant_frequency(middle), 440, delta=5)

        self.parley("voice", "play", "--guild", "0", "--channel", channel["id"], tone, expect=2)
        self.parley("voice", "dance", expect=2)


if __name__ == "__main__":
    unittest.main()
