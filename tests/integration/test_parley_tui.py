"""The interactive mode of `parley` (issue 6 item 4) driven through tmux like a person at a terminal:
`tmux new-session -d -x 120 -y 40`, `send-keys`, `capture-pane -p`. Against a real parleyd: the channel
list and members with presence dots, switching channels (Tab, /join), sending with Enter (seen in the pane
and in REST history), live messages, edits and deletes from another user, typing indicators both ways,
PageUp loading older history, a terminal resize, and /quit."""
import os
import shlex
import shutil
import subprocess
import tempfile
import time
import unittest

from community import CommunityTestCase
from gateway_client import GatewayClient

PASSWORD = "correct horse battery"
GUILDS, GUILD_PRESENCES, GUILD_MESSAGES, GUILD_MESSAGE_TYPING = 1 << 0, 1 << 8, 1 << 9, 1 << 11


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed (scripts/install-deps.sh test)")
class ParleyTuiTests(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    def setUp(self):
        self.config_home = tempfile.mkdtemp(prefix="parley-tui-")
        self.addCleanup(shutil.rmtree, self.config_home, ignore_errors=True)
        # A tmux server of our own (-L), without the user's ~/.tmux.conf (-f /dev/null).
        self.tmux_socket = f"parley-tui-{os.getpid()}-{id(self)}"

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.tmux_socket, "-f", "/dev/null", *args], capture_output=True,
                              text=True, check=check, timeout=30)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "chat", *keys)

    def type_text(self, text):
        self.tmux("send-keys", "-t", "chat", "-l", text)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "chat").stdout

    def wait_for(self, predicate, what, timeout=15):
        deadline = time.time() + timeout
        while True:
            shown = self.screen()
            if predicate(shown):
                return shown
            if time.time() > deadline:
                self.fail(f"{what} not on screen after {timeout} s:\n{shown}")
            time.sleep(0.2)

    def wait_text(self, text, timeout=15):
        return self.wait_for(lambda s: text in s, repr(text), timeout)

    def start_chat(self):
        env = dict(os.environ, XDG_CONFIG_HOME=self.config_home)
        r = subprocess.run([os.environ["PARLEY_CLI"], "login", "--server", self.server.url, "--username",
                            self.alice_name, "--password-stdin"], input=PASSWORD + "\n", text=True,
                           capture_output=True, env=env, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        # A shell around parley prints its exit status into the pane afterwards (tmux's own
        # remain-on-exit status proved unreliable: tmux 3.3 sometimes leaves the child unreaped).
        command = f"{shlex.quote(os.environ['PARLEY_CLI'])}; echo parley exited with status $?; sleep 600"
        self.tmux("new-session", "-d", "-s", "chat", "-x", "120", "-y", "40", "-e",
                  f"XDG_CONFIG_HOME={self.config_home}", command)
        self.addCleanup(self.tmux, "kill-server", check=False)

    def post(self, token, channel, content):
        return self.ok(200, "POST", f"/channels/{channel}/messages", {"content": content}, token=token)

    def test_interactive_chat(self):
        alice, alice_id = self.user("alice")
        self.alice_name = self.ok(200, "GET", "/users/@me", token=alice)["username"]
        bob, _ = self.user("bob")
        bob_name = self.ok(200, "GET", "/users/@me", token=bob)["username"]
        guild = self.guild(alice, "TUI Guild")
        general = next(c for c in self.ok(200, "GET", f"/guilds/{guild['id']}/channels", token=alice)
                       if c["type"] == 0)["id"]
        random = self.ok(201, "POST", f"/guilds/{guild['id']}/channels", {"name": "random"}, token=alice)["id"]
        self.invite_and_join(guild["id"], alice, bob)
        for i in range(70):  # more than one history page (50)
            self.post(alice, general, f"old message {i:02d}")
        # Bob is online before alice connects: his dot comes with GUILD_CREATE's presences.
        watcher = GatewayClient(self.server.host, self.server.port)
        self.addCleanup(watcher.sock.close)
        watcher.login(bob, intents=GUILDS | GUILD_PRESENCES | GUILD_MESSAGES | GUILD_MESSAGE_TYPING)

        self.start_chat()
        shown = self.wait_text("old message 69")
        for expected in ("TUI Guild", "#general", "#random", "Members", f"\u25cf {bob_name}", f"\u25cf {self.alice_name}"):
            self.assertIn(expected, shown)
        self.assertNotIn("old message 00", shown)  # only the newest page fits on screen

        # Switch with Tab, send with Enter: the message shows in the pane and is in REST history.
        self.keys("Tab")
        self.wait_for(lambda s: "#random>" in s.splitlines()[-1], "the #random prompt")
        self.type_text("hello from the terminal")
        # Typing sends TYPING_START (bob's session sees it) before Enter.
        typing = watcher.recv_until(lambda p: p["op"] == 0 and p["t"] == "TYPING_START")
        self.assertEqual((typing["d"]["user_id"], typing["d"]["channel_id"]), (alice_id, random))
        self.keys("Enter")
        self.wait_text(f"{self.alice_name}: hello from the terminal")
        history = self.ok(200, "GET", f"/channels/{random}/messages", token=bob)
        self.assertEqual([(m["content"], m["author"]["id"]) for m in history], [("hello from the terminal", alice_id)])

        # Another user: typing indicator, then a live message, an edit and a delete.
        self.ok(204, "POST", f"/channels/{random}/typing", token=bob)
        self.wait_text(f"{bob_name} is typing\u2026")
        sent = self.post(bob, random, "bob was here")
        shown = self.wait_text(f"{bob_name}: bob was here")
        self.assertNotIn("is typing", shown)
        self.ok(200, "PATCH", f"/channels/{random}/messages/{sent['id']}", {"content": "bob is still here"}, token=bob)
        self.wait_text(f"{bob_name}: bob is still here (edited)")
        self.ok(204, "DELETE", f"/channels/{random}/messages/{sent['id']}", token=bob)
        self.wait_for(lambda s: "bob is still here" not in s, "the deleted message gone")

        # A message in a channel we are not looking at counts as unread.
        self.post(bob, general, "while you were away")
        self.wait_text("#general (1)")

        # /join, then PageUp through history until the oldest message, loading the older page.
        self.type_text("/join general")
        self.keys("Enter")
        self.wait_for(lambda s: "#general>" in s.splitlines()[-1], "the #general prompt")
        self.wait_text("while you were away")
        deadline = time.time() + 20
        while "old message 00" not in self.screen():
            self.assertLess(time.time(), deadline, "PageUp never reached the oldest message")
            self.keys("PPage")
            time.sleep(0.3)
        shown = self.screen()
        self.assertIn("beginning of #general", shown)
        self.keys("NPage", "NPage", "NPage", "NPage", "NPage")
        self.wait_text("while you were away")

        # Resize: the members column goes away below 100 columns and the layout follows the new size.
        self.tmux("resize-window", "-t", "chat", "-x", "90", "-y", "30")
        shown = self.wait_for(lambda s: "Members" not in s and len(s.splitlines()) <= 30, "the narrow layout")
        self.assertTrue(shown.splitlines()[-1].startswith("#general>"), shown)
        self.assertIn("while you were away", shown)

        self.type_text("/quit")
        self.keys("Enter")
        self.wait_text("parley exited with status 0")

if __name__ == "__main__":
    unittest.main()
