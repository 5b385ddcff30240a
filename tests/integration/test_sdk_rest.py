"""The C++ SDK's REST client against a real parleyd (issue 6 part 3; rest.md §4, §5, §7): runs
parley_rest_client_check ($PARLEY_REST_CHECK, set by CTest) with a bot made here. Over plain HTTP
it goes through the whole scenario (guild, channels, messages, upload, history paging, edit, delete,
reactions, invite + join by a user, DM) with the server's normal per-route limits, including a real
429 that the client must wait out; over TLS it checks that a custom CA file is trusted and that the
same self-signed certificate is refused without it."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import Server

CHECK = os.environ.get("PARLEY_REST_CHECK")


def run_check(test, *args, expect_ok=True, timeout=240):
    if not CHECK:
        raise RuntimeError("PARLEY_REST_CHECK must name the parley_rest_client_check binary")
    r = subprocess.run([CHECK, *args], capture_output=True, text=True, timeout=timeout)
    report = f"exit {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    if expect_ok:
        test.assertEqual(r.returncode, 0, report)
        test.assertIn("PASS", r.stdout, report)
    return r, report


GATEWAY_GUILD_MEMBERS = 1 << 14  # listing members needs the privileged intent (rest.md §7.3)


def make_bot(server, name):
    owner = server.register(f"{name}_owner")
    _, token = server.create_bot(owner, f"{name} bot", flags=GATEWAY_GUILD_MEMBERS)
    return token


class SdkRestOverHttpTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The harness only loosens the global and account limits; message sends keep their
        # normal 5 per 5 s per channel, which the scenario runs into on purpose.
        cls.server = Server().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_full_scenario(self):
        token = make_bot(self.server, "sdk_full")
        person = self.server.register("sdk_person")
        r, report = run_check(self, "--base-url", self.server.url, "--token", token, "--user-token", person)
        for step in ("create guild", "upload a file", "history page 0", "edit message", "add reaction",
                     "user: join by invite", "create DM", "send into an exhausted bucket", "delete guild"):
            self.assertIn(f"ok: {step}", r.stdout, report)
        got = re.search(r"the second client got (\d+) 429\(s\) and waited (\d+) ms", r.stdout)
        self.assertIsNotNone(got, report)
        self.assertGreaterEqual(int(got.group(1)), 1, report)
        # Whatever was left of the 5 s window when the 429 came: at least the check's own 500 ms.
        self.assertGreaterEqual(int(got.group(2)), 500, report)

    def test_bad_token_fails_with_discords_error(self):
        r, report = run_check(self, "--base-url", self.server.url, "--token", "not.a.token", expect_ok=False)
        self.assertEqual(r.returncode, 1, report)
        self.assertIn("FAIL: get current user: HTTP 401", r.stderr, report)

    def test_unreachable_server_fails_cleanly(self):
        r, report = run_check(self, "--base-url", "http://127.0.0.1:1", "--token", "x", expect_ok=False)
        self.assertEqual(r.returncode, 1, report)
        self.assertIn("FAIL: get current user:", r.stderr, report)


class SdkRestOverTlsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="parley-sdk-tls-")
        cls.cert, cls.key = os.path.join(cls.dir, "cert.pem"), os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", cls.key, "-out", cls.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        cls.server = Server("--tls-cert", cls.cert, "--tls-key", cls.key).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_custom_ca_file_is_trusted(self):
        self.assertTrue(self.server.url.startswith("https://"))
        token = make_bot(self.server, "sdk_tls")
        r, report = run_check(self, "--base-url", self.server.url, "--token", token, "--ca-file", self.cert, "--quick")
        self.assertIn("ok: upload a file", r.stdout, report)

    def test_certificate_is_refused_without_its_ca(self):
        token = make_bot(self.server, "sdk_tls_untrusted")
        run_check(self, "--base-url", self.server.url, "--token", token, "--expect-tls-failure")


if __name__ == "__main__":
    unittest.main()
