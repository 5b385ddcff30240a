"""discord.js 14 talking in a guild and in DMs against parleyd; the scenario is node/messages_scenario.mjs
(send, reply, edit, react, pin, type, upload, history paging, delete, DMs with a peer bot)."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from harness import Server  # noqa: E402
import node_deps  # noqa: E402

MESSAGE_CONTENT_APP_FLAG = 1 << 18
STEPS = ["send", "receive", "reply", "edit", "react", "pin", "typing", "upload", "history", "delete", "dm"]


class DiscordJsMessages(unittest.TestCase):
    def test_conversation(self):
        node_deps.ensure(quiet=True)
        server = Server("--rate-limit", "off").start()
        try:
            owner = server.register("djsm_owner")
            app, token = server.create_bot(owner, "Djs Talker", flags=MESSAGE_CONTENT_APP_FLAG)
            peer_app, peer_token = server.create_bot(owner, "Djs Peer", flags=MESSAGE_CONTENT_APP_FLAG)
            _, guild, _ = server.request("POST", "/guilds", {"name": "Djs Messages"}, token=owner)
            for a in (app, peer_app):
                status, body, _ = server.request(
                    "POST", f"/oauth2/authorize?client_id={a['id']}&scope=bot&permissions=8",
                    {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
                self.assertEqual(status, 200, body)
            env = dict(os.environ, PARLEY_URL=server.url, PARLEY_BOT_TOKEN=token, PARLEY_PEER_TOKEN=peer_token,
                       PARLEY_PEER_ID=peer_app["bot"]["id"], PARLEY_GUILD_ID=guild["id"])
            proc = subprocess.run(["node", os.path.join(HERE, "node", "messages_scenario.mjs")], env=env,
                                  capture_output=True, text=True, timeout=180)
            output = proc.stdout + proc.stderr
            result = next((json.loads(line[7:]) for line in output.splitlines() if line.startswith("RESULT ")), None)
            if result is None or proc.returncode != 0:
                print(f"\n----- scenario output -----\n{output}\n----- parleyd log (last 40 lines) -----\n"
                      f"{''.join(server.log[-40:])}", file=sys.stderr)
            self.assertIsNotNone(result, "the scenario printed no RESULT line")
            self.assertEqual(result["failures"], [])
            self.assertEqual(result["steps_done"], STEPS)
            self.assertEqual(proc.returncode, 0)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
