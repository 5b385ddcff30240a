"""Native TLS: HTTPS and WSS on the listen port with a certificate the test makes itself; plain
HTTP keeps working on the same port."""
import http.client
import json
import os
import shutil
import ssl
import subprocess
import tempfile
import unittest

from gateway_client import GatewayClient
from harness import Server


class TlsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="parley-tls-")
        cls.cert, cls.key = os.path.join(cls.dir, "cert.pem"), os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", cls.key, "-out", cls.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        cls.server = Server("--tls-cert", cls.cert, "--tls-key", cls.key).start()
        cls.context = ssl.create_default_context(cafile=cls.cert)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def https(self, method, path, body=None, token=None):
        conn = http.client.HTTPSConnection(self.server.host, self.server.port, context=self.context, timeout=10)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = token
        conn.request(method, "/api/v10" + path, body=json.dumps(body) if body is not None else None, headers=headers)
        res = conn.getresponse()
        data = json.loads(res.read() or b"null")
        conn.close()
        return res.status, data

    def test_https_and_plain_http_share_the_port(self):
        self.assertTrue(self.server.url.startswith("https://"))
        status, body = self.https("POST", "/auth/register", {"username": "tls_user", "password": "correct horse battery"})
        self.assertEqual(status, 201)
        status, me = self.https("GET", "/users/@me", token=body["token"])
        self.assertEqual((status, me["username"]), (200, "tls_user"))
        self.assertEqual(self.server.request("GET", "/gateway")[0], 200, "plain HTTP on the same port")

    def test_gateway_url_is_wss_and_wss_works(self):
        status, body = self.https("GET", "/gateway")
        self.assertEqual(body["url"], f"wss://127.0.0.1:{self.server.port}/gateway")
        _, reg = self.https("POST", "/auth/register", {"username": "wss_user", "password": "correct horse battery"})
        c = GatewayClient(self.server.host, self.server.port, "v=10&encoding=json&compress=zlib-stream",
                          ssl_context=self.context)
        ready = c.login(reg["token"])
        self.assertEqual(ready["d"]["user"]["username"], "wss_user")
        self.assertTrue(ready["d"]["resume_gateway_url"].startswith("wss://"))
        c.close()

    def test_untrusted_clients_fail_the_handshake(self):
        conn = http.client.HTTPSConnection(self.server.host, self.server.port, context=ssl.create_default_context(),
                                           timeout=10)
        with self.assertRaises(ssl.SSLError):
            conn.request("GET", "/api/v10/gateway")


if __name__ == "__main__":
    unittest.main()
