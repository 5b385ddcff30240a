"""The browser client as parleyd serves it (issue 8 §1): the embedded copy of web/ byte for byte, content
types, ETag revalidation (304), gzip, HEAD, deep links answered with index.html, --web-root for
development, and the paths next to it (/api, /healthz, unknown paths) unchanged."""
import gzip
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import Server  # noqa: E402

WEB = os.environ.get("PARLEY_WEB_SOURCE") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")


# What server/site/CMakeLists.txt embeds (README.md and the like stay out).
EMBEDDED = (".html", ".js", ".css", ".svg", ".png", ".ico", ".webmanifest")


def web_files():
    for root, _, files in os.walk(WEB):
        for name in files:
            if not name.endswith(EMBEDDED):
                continue
            path = os.path.join(root, name)
            yield "/" + os.path.relpath(path, WEB).replace(os.sep, "/"), path


class EmbeddedSiteTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def get(self, path, headers=None, method="GET"):
        return self.server.request(method, path, headers=headers, prefix="")

    def test_every_file_is_served_byte_for_byte(self):
        seen = 0
        for url, path in web_files():
            status, body, headers = self.get(url)
            self.assertEqual(status, 200, url)
            with open(path, "rb") as f:
                expected = f.read()
            if isinstance(body, dict):  # harness parses JSON answers
                self.fail(f"{url} answered JSON")
            self.assertEqual(body or b"", expected, f"{url}: the binary embeds an older web/ (rebuild parleyd)")
            self.assertIn("etag", headers)
            self.assertEqual(headers["cache-control"], "no-cache")
            seen += 1
        self.assertGreater(seen, 10)
        self.assertEqual(self.get("/README.md")[0], 404)

    def test_content_types(self):
        for url, want in (("/index.html", "text/html; charset=utf-8"), ("/js/main.js", "text/javascript; charset=utf-8"),
                          ("/css/app.css", "text/css; charset=utf-8"), ("/icon.svg", "image/svg+xml")):
            status, _, headers = self.get(url)
            self.assertEqual((status, headers["content-type"]), (200, want), url)
            self.assertEqual(headers["x-content-type-options"], "nosniff")

    def test_etag_revalidation(self):
        _, _, headers = self.get("/js/store.js")
        status, body, again = self.get("/js/store.js", {"If-None-Match": headers["etag"]})
        self.assertEqual(status, 304)
        self.assertIsNone(body)
        self.assertEqual(again["etag"], headers["etag"])
        status, _, _ = self.get("/js/store.js", {"If-None-Match": '"something-else"'})
        self.assertEqual(status, 200)

    def test_gzip_when_accepted(self):
        _, plain, plain_headers = self.get("/js/views/chat_view.js")
        status, body, headers = self.get("/js/views/chat_view.js", {"Accept-Encoding": "gzip, br"})
        self.assertEqual((status, headers.get("content-encoding")), (200, "gzip"))
        self.assertEqual(gzip.decompress(body), plain)
        self.assertLess(len(body), len(plain))
        self.assertEqual(headers["vary"], "Accept-Encoding")
        self.assertNotEqual(headers["etag"], plain_headers["etag"])
        self.assertNotIn("content-encoding", plain_headers)
        _, _, refused = self.get("/js/views/chat_view.js", {"Accept-Encoding": "gzip;q=0"})
        self.assertNotIn("content-encoding", refused)

    def test_head_states_length_without_body(self):
        _, plain, _ = self.get("/css/app.css")
        status, body, headers = self.get("/css/app.css", method="HEAD")
        self.assertEqual(status, 200)
        self.assertFalse(body)
        self.assertEqual(int(headers["content-length"]), len(plain))

    def test_index_preloads_every_module(self):
        _, index, _ = self.get("/index.html")
        for url, _ in web_files():
            if url.endswith(".js") and url != "/js/main.js":
                self.assertIn(f'<link rel="modulepreload" href="{url}">'.encode(), index, url)

    def test_deep_links_get_index_html(self):
        _, index, _ = self.get("/index.html")
        for path in ("/", "/login", "/register", "/channels/@me", "/channels/@me/123", "/channels/1/2",
                     "/invite/AbCd12", "/channels/1/2?x=1"):
            status, body, headers = self.get(path)
            self.assertEqual((status, body), (200, index), path)
            self.assertTrue(headers["content-type"].startswith("text/html"), path)
            self.assertIn("script-src 'self'", headers["content-security-policy"])

    def test_other_paths_unchanged(self):
        self.assertEqual(self.get("/healthz")[0], 200)
        self.assertEqual(self.get("/metrics")[0], 200)
        status, body, _ = self.server.request("GET", "/no/such/route")
        self.assertEqual((status, body), (404, {"message": "404: Not Found", "code": 0}))
        for path in ("/no-such-page.js", "/../etc/passwd", "/js/../index.html", "/.hidden", "/js/"):
            status, body, headers = self.get(path)
            self.assertEqual(status, 404, path)
            self.assertEqual(headers["content-type"], "application/json", path)
        self.assertEqual(self.get("/index.html", method="POST")[0], 405)
        token = self.server.register("webtester")
        self.assertEqual(self.server.request("GET", "/users/@me", token=token)[0], 200)


class WebRootTests(unittest.TestCase):
    def test_web_root_serves_edits_without_restart(self):
        root = tempfile.mkdtemp(prefix="parley-webroot-")
        server = Server("--web-root", root)
        try:
            with open(os.path.join(root, "index.html"), "w") as f:
                f.write("<!doctype html><p>dev one</p>")
            server.start()
            status, body, _ = server.request("GET", "/channels/@me", prefix="")
            self.assertEqual((status, body), (200, b"<!doctype html><p>dev one</p>"))
            with open(os.path.join(root, "index.html"), "w") as f:
                f.write("<!doctype html><p>dev two</p>")
            self.assertEqual(server.request("GET", "/", prefix="")[1], b"<!doctype html><p>dev two</p>")
            self.assertEqual(server.request("GET", "/js/main.js", prefix="")[0], 404)
        finally:
            server.cleanup()
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
