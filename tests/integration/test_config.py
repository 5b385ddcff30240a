"""parleyd's configuration sources (flags > environment > TOML file > defaults), the snowflake
worker id, and graceful shutdown letting in-flight requests finish."""
import os
import signal
import tempfile
import threading
import time
import unittest

from gateway_client import GatewayClient
from harness import Server


class ConfigTests(unittest.TestCase):
    def start(self, *args, env=None):
        server = Server(*args, env=env).start()
        self.addCleanup(server.cleanup)
        return server

    def hello_interval(self, server):
        c = GatewayClient(server.host, server.port)
        try:
            return c.hello()
        finally:
            c.sock.close()

    def test_toml_env_and_flag_precedence(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write('heartbeat_interval = 5000\nworker_id = 7\nlog_level = "warn"\n')
        self.addCleanup(os.unlink, f.name)
        server = self.start("--config", f.name)
        self.assertEqual(self.hello_interval(server), 5000)
        token = server.register("toml_user")
        user_id = int(server.request("GET", "/users/@me", token=token)[1]["id"])
        self.assertEqual((user_id & 0x3E0000) >> 17, 7, "worker_id from the file")
        # the environment beats the file
        server = self.start("--config", f.name, env={"PARLEY_HEARTBEAT_INTERVAL": "6000"})
        self.assertEqual(self.hello_interval(server), 6000)
        # a flag beats both
        server = self.start("--config", f.name, "--heartbeat-interval", "7000", env={"PARLEY_HEARTBEAT_INTERVAL": "6000"})
        self.assertEqual(self.hello_interval(server), 7000)

    def test_bad_configuration_is_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write("heartbeat_interval = [oops\n")
        self.addCleanup(os.unlink, f.name)
        for args in (("--config", f.name), ("--worker-id", "40"), ("--listen", "nowhere"), ("--tls-cert", "x.pem")):
            with self.assertRaises(RuntimeError, msg=str(args)):
                Server(*args).start()

    def test_worker_id_is_in_every_snowflake(self):
        server = self.start("--worker-id", "9")
        token = server.register("worker_nine")
        user_id = int(server.request("GET", "/users/@me", token=token)[1]["id"])
        self.assertEqual((user_id & 0x3E0000) >> 17, 9)
        # and ids carry the time: within a minute of now
        created_ms = (user_id >> 22) + 1420070400000
        self.assertLess(abs(created_ms - time.time() * 1000), 60_000)

    def test_in_flight_requests_finish_on_sigterm(self):
        # Argon2id at its production cost takes long enough that the signal lands mid-request.
        server = Server("--password-cost", "moderate").start()
        self.addCleanup(server.cleanup)
        results = []

        def register():
            results.append(server.request("POST", "/auth/register",
                                          {"username": "in_flight", "password": "correct horse battery"}))

        t = threading.Thread(target=register)
        t.start()
        time.sleep(0.15)
        server.proc.send_signal(signal.SIGTERM)
        t.join(30)
        self.assertEqual(server.proc.wait(30), 0)
        self.assertEqual(results[0][0], 201, "the in-flight request was answered")
        restarted = Server(data_dir=server.data_dir).start()
        self.addCleanup(restarted.stop)
        status, _, _ = restarted.request("POST", "/auth/login", {"login": "in_flight", "password": "correct horse battery"})
        self.assertEqual(status, 200, "and its write was kept")


if __name__ == "__main__":
    unittest.main()
