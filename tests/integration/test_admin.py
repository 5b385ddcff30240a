"""`parley admin` on the data directory of a running server: users, bots, token reset, online backup."""
import os
import sqlite3
import subprocess
import unittest

from harness import ServerTestCase


def admin(server, *args, env=None):
    cli = os.environ["PARLEY_CLI"]
    return subprocess.run([cli, "admin", "--data", server.data_dir, *args], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=60)


class AdminTests(ServerTestCase):
    def test_create_user_and_bot_then_use_them_over_http(self):
        r = admin(self.server, "create-user", "root_admin", env={"PARLEY_PASSWORD": "correct horse battery"})
        self.assertEqual(r.returncode, 0, r.stderr)
        status, body, _ = self.req("POST", "/auth/login", {"login": "root_admin", "password": "correct horse battery"})
        self.assertEqual(status, 200)
        self.assertEqual(body["user_id"], r.stdout.strip())

        r = admin(self.server, "create-bot", "Admin Made", "--owner", "root_admin")
        self.assertEqual(r.returncode, 0, r.stderr)
        token = r.stdout.strip()
        status, me, _ = self.req("GET", "/users/@me", token="Bot " + token)
        self.assertEqual((status, me["username"], me["bot"]), (200, "Admin Made", True))

        listing = admin(self.server, "list").stdout
        self.assertIn("root_admin\tuser", listing)
        self.assertIn("Admin Made#", listing)

        r = admin(self.server, "reset-token", me["id"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.req("GET", "/users/@me", token="Bot " + token)[0], 401)
        self.assertEqual(self.req("GET", "/users/@me", token="Bot " + r.stdout.strip())[0], 200)

    def test_errors_exit_non_zero(self):
        self.assertNotEqual(admin(self.server, "create-bot", "X", "--owner", "nobody_here").returncode, 0)
        self.assertNotEqual(admin(self.server, "reset-token", "42").returncode, 0)
        r = admin(self.server, "create-user", "Bad Name", env={"PARLEY_PASSWORD": "correct horse battery"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("USERNAME_INVALID_CHARACTERS", r.stderr)

    def test_online_backup(self):
        self.server.register("backed_up")
        dest = os.path.join(self.server.data_dir, "copy.db")
        r = admin(self.server, "backup", dest)
        self.assertEqual(r.returncode, 0, r.stderr)
        names = {row[0] for row in sqlite3.connect(dest).execute("select username from users")}
        self.assertIn("backed_up", names)


if __name__ == "__main__":
    unittest.main()
