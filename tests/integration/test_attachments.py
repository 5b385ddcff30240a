"""Attachments over real sockets (rest.md §5 multipart uploads, §6.6.3 attachment object; issue 5
part 4): uploads with payload_json or plain form fields, the attachment's metadata (size,
content_type, width/height of images), downloads with HEAD and Range, the upload limits with
Discord's errors, edits that drop files, and files removed with their message, their channel or
their guild."""
import json
import os
import socket
import struct
import unittest
import urllib.parse
import zlib

from community import CommunityTestCase

MAX_FILE = 64 * 1024
MAX_FILES = 3
MAX_TOTAL = 128 * 1024
BOUNDARY = "----parleyTestBoundary7MA4YWxk"


def png(width, height, padding=0):
    """A PNG signature and IHDR chunk (what the image probe reads), then filler bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + bytes(range(256)) * (padding // 256 + 1)


def multipart(fields=(), files=()):
    """fields: (name, text, content_type or None); files: (name, filename, content_type, bytes)."""
    out = b""
    for name, text, ctype in fields:
        out += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n'.encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + text.encode() + b"\r\n"
    for name, filename, ctype, data in files:
        out += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


class AttachmentTests(CommunityTestCase):
    server_args = ("--rate-limit", "off", "--attachments-max-file-size", str(MAX_FILE),
                   "--attachments-max-files", str(MAX_FILES), "--attachments-max-total-size", str(MAX_TOTAL))

    def setUp(self):
        self.owner, self.owner_id = self.user("owner")
        self.guild_id = self.guild(self.owner)["id"]
        channels = self.ok(200, "GET", f"/guilds/{self.guild_id}/channels", token=self.owner)
        self.text = next(c for c in channels if c["type"] == 0)["id"]
        self.messages = f"/channels/{self.text}/messages"

    def upload(self, method, path, body, token=None):
        return self.req(method, path, token=token or self.owner, raw=body,
                        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})

    def declared_length_status(self, method, path, length):
        """Sends only the head of a multipart request declaring `length` body bytes; returns (status,
        JSON body). A server that refuses the size answers at once, without reading the body."""
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as s:
            s.sendall((f"{method} /api/v10{path} HTTP/1.1\r\nHost: x\r\nAuthorization: {self.owner}\r\n"
                       f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                       f"Content-Length: {length}\r\n\r\n").encode())
            data = b""
            while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), json.loads(body)

    def download(self, url, method="GET", headers=None):
        """(status, body bytes, headers) of an attachment URL, which is served outside /api."""
        parsed = urllib.parse.urlsplit(url)
        conn = self.server.connection()
        try:
            conn.request(method, parsed.path + (f"?{parsed.query}" if parsed.query else ""), headers=headers or {})
            res = conn.getresponse()
            return res.status, res.read(), {k.lower(): v for k, v in res.getheaders()}
        finally:
            conn.close()

    def test_upload_with_payload_json_and_download(self):
        image = png(640, 480, padding=5000)
        text = b"plain text, not an image\n" * 10
        status, m, _ = self.upload("POST", self.messages, multipart(
            fields=[("payload_json", '{"content":"two files","attachments":[{"id":0,"description":"a square"},'
                                     '{"id":1}]}', "application/json")],
            files=[("files[0]", "cat%20picture.png", "image/png", image),
                   ("files[1]", "notes.txt", "text/plain", text)]))
        self.assertEqual(status, 200, m)
        self.assertEqual(m["content"], "two files")
        self.assertEqual(len(m["attachments"]), 2)
        a, b = m["attachments"]
        self.assertEqual((a["filename"], a["size"], a["content_type"], a["width"], a["height"], a["description"]),
                         ("cat_picture.png", len(image), "image/png", 640, 480, "a square"))
        self.assertEqual((b["filename"], b["size"], b["content_type"]), ("notes.txt", len(text), "text/plain"))
        self.assertIsNone(b.get("width"))
        self.assertTrue(a["url"].endswith(f"/attachments/{self.text}/{a['id']}/cat_picture.png"), a["url"])
        # The attachment is part of the stored message, not only of the create response.
        got = self.ok(200, "GET", f"{self.messages}/{m['id']}", token=self.owner)
        self.assertEqual([x["id"] for x in got["attachments"]], [a["id"], b["id"]])

        status, data, headers = self.download(a["url"])
        self.assertEqual((status, data), (200, image))
        self.assertEqual(headers["content-type"], "image/png")
        self.assertEqual(headers["accept-ranges"], "bytes")
        self.assertEqual(headers["content-length"], str(len(image)))

        status, data, headers = self.download(a["url"], headers={"Range": "bytes=8-23"})
        self.assertEqual((status, data), (206, image[8:24]))
        self.assertEqual(headers["content-range"], f"bytes 8-23/{len(image)}")
        status, data, headers = self.download(a["url"], headers={"Range": "bytes=-10"})
        self.assertEqual((status, data), (206, image[-10:]))
        status, _, headers = self.download(a["url"], headers={"Range": f"bytes={len(image)}-"})
        self.assertEqual(status, 416)
        self.assertEqual(headers["content-range"], f"bytes */{len(image)}")

        status, data, headers = self.download(b["url"], method="HEAD")
        self.assertEqual((status, data, headers["content-length"]), (200, b"", str(len(text))))
        self.assertTrue(headers["content-type"].startswith("text/plain"))

        # Deleting the message deletes its files.
        self.ok(204, "DELETE", f"{self.messages}/{m['id']}", token=self.owner)
        self.assertEqual(self.download(a["url"])[0], 404)
        self.assertEqual(self.download(b["url"])[0], 404)

    def attach(self, channel_id, filename, data):
        """Posts a message with one file in the channel; answers its attachment object."""
        status, m, _ = self.upload("POST", f"/channels/{channel_id}/messages",
                                   multipart(files=[("files[0]", filename, "text/plain", data)]))
        self.assertEqual(status, 200, m)
        return m["attachments"][0]

    def stored_path(self, channel_id, attachment):
        """Where parleyd keeps the bytes: <data dir>/attachments/<channel id>/<attachment id>."""
        return os.path.join(self.server.data_dir, "attachments", channel_id, attachment["id"])

    def assert_served(self, channel_id, attachment, data):
        with open(self.stored_path(channel_id, attachment), "rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(self.download(attachment["url"])[:2], (200, data))

    def assert_gone(self, channel_id, attachment):
        self.assertFalse(os.path.exists(self.stored_path(channel_id, attachment)))
        self.assertFalse(os.path.exists(os.path.dirname(self.stored_path(channel_id, attachment))))
        self.assertEqual(self.download(attachment["url"])[0], 404)

    def test_deleting_a_channel_deletes_its_files(self):
        doomed = self.ok(201, "POST", f"/guilds/{self.guild_id}/channels", {"name": "doomed"}, token=self.owner)["id"]
        gone = [self.attach(doomed, f"{i}.txt", f"in the doomed channel {i}".encode()) for i in range(2)]
        kept = self.attach(self.text, "kept.txt", b"in another channel")
        for i, a in enumerate(gone):
            self.assert_served(doomed, a, f"in the doomed channel {i}".encode())

        self.ok(200, "DELETE", f"/channels/{doomed}", token=self.owner)
        for a in gone:
            self.assert_gone(doomed, a)
        self.assert_served(self.text, kept, b"in another channel")

    def test_deleting_a_guild_deletes_the_files_of_its_channels(self):
        guild_id = self.guild(self.owner, "Doomed Guild")["id"]
        channels = self.ok(200, "GET", f"/guilds/{guild_id}/channels", token=self.owner)
        first = next(c for c in channels if c["type"] == 0)["id"]
        category = self.ok(201, "POST", f"/guilds/{guild_id}/channels", {"name": "Cat", "type": 4},
                           token=self.owner)["id"]
        second = self.ok(201, "POST", f"/guilds/{guild_id}/channels", {"name": "child", "parent_id": category},
                         token=self.owner)["id"]
        gone = [(first, self.attach(first, "first.txt", b"first")),
                (second, self.attach(second, "second.txt", b"second"))]
        kept = self.attach(self.text, "kept.txt", b"in another guild")
        self.assert_served(first, gone[0][1], b"first")
        self.assert_served(second, gone[1][1], b"second")

        self.ok(204, "DELETE", f"/guilds/{guild_id}", token=self.owner)
        for channel_id, a in gone:
            self.assert_gone(channel_id, a)
        self.assert_served(self.text, kept, b"in another guild")

    def test_form_fields_without_payload_json(self):
        status, m, _ = self.upload("POST", self.messages, multipart(
            fields=[("content", "from form fields", None)],
            files=[("file", "legacy.gif", "image/gif", b"GIF89a\x2c\x01\xc8\x00\xf7\x00\x00" + b"\0" * 50)]))
        self.assertEqual(status, 200, m)
        self.assertEqual(m["content"], "from form fields")
        self.assertEqual((m["attachments"][0]["width"], m["attachments"][0]["height"]), (300, 200))
        self.assertEqual(self.download(m["attachments"][0]["url"])[0], 200)

    def test_edit_adds_and_removes_files(self):
        status, m, _ = self.upload("POST", self.messages, multipart(
            fields=[("payload_json", '{"content":"v1"}', "application/json")],
            files=[("files[0]", "one.txt", "text/plain", b"one")]))
        self.assertEqual(status, 200, m)
        first = m["attachments"][0]
        # v10 edit: `attachments` lists what stays (the old one by id) plus the new upload.
        status, edited, _ = self.upload("PATCH", f"{self.messages}/{m['id']}", multipart(
            fields=[("payload_json", f'{{"attachments":[{{"id":"{first["id"]}"}},{{"id":5}}]}}', "application/json")],
            files=[("files[5]", "two.txt", "text/plain", b"two")]))
        self.assertEqual(status, 200, edited)
        self.assertEqual([a["filename"] for a in edited["attachments"]], ["one.txt", "two.txt"])
        second = edited["attachments"][1]
        self.assertEqual(self.download(second["url"])[1], b"two")
        # An edit that lists no attachments removes them, and their files.
        self.ok(200, "PATCH", f"{self.messages}/{m['id']}", {"attachments": []}, token=self.owner)
        self.assertEqual(self.download(first["url"])[0], 404)
        self.assertEqual(self.download(second["url"])[0], 404)

    def test_limits(self):
        too_big = multipart(files=[("files[0]", "big.bin", "application/octet-stream", b"x" * (MAX_FILE + 1))])
        status, err, _ = self.upload("POST", self.messages, too_big)
        self.assertEqual((status, err["code"]), (413, 40005), err)
        self.assertEqual(err["message"], "Request entity too large")

        total = multipart(files=[(f"files[{i}]", f"{i}.bin", "application/octet-stream", b"y" * (MAX_FILE - 10))
                                 for i in range(3)])
        status, err, _ = self.upload("POST", self.messages, total)
        self.assertEqual((status, err["code"]), (413, 40005), err)

        many = multipart(files=[(f"files[{i}]", f"{i}.txt", "text/plain", b"z") for i in range(MAX_FILES + 1)])
        status, err, _ = self.upload("POST", self.messages, many)
        self.assertEqual((status, err["code"]), (400, 50035), err)
        self.assertIn("files", err["errors"])

        # Above what the HTTP layer reads for an upload route: refused from the declared length.
        status, err = self.declared_length_status("POST", self.messages, MAX_TOTAL + (1 << 20) + 1)
        self.assertEqual((status, err["code"]), (413, 40005), err)
        # Below it but above the JSON body limit (1 MiB): read, then judged by the message rules.
        long_content = json.dumps({"content": "c" * ((1 << 20) + 100)})
        status, err, _ = self.upload("POST", self.messages, multipart(
            fields=[("payload_json", long_content, "application/json")]))
        self.assertEqual((status, err["code"]), (400, 50035), err)
        self.assertIn("content", err["errors"])

        # Nothing was created by the refused requests.
        self.assertEqual(self.ok(200, "GET", self.messages, token=self.owner), [])

    def test_multipart_only_where_files_are_accepted(self):
        body = multipart(fields=[("payload_json", '{"name":"renamed"}', "application/json")])
        status, err, _ = self.upload("PATCH", f"/channels/{self.text}", body)
        self.assertEqual((status, err["code"]), (400, 50035), err)
        # Other routes keep the JSON body limit (1 MiB by default) even for multipart bodies.
        status, err = self.declared_length_status("PATCH", f"/channels/{self.text}", (1 << 20) + 1)
        self.assertEqual((status, err["code"]), (413, 40005), err)

    def test_malformed_multipart(self):
        status, err, _ = self.upload("POST", self.messages, multipart(
            fields=[("payload_json", "{not json", "application/json")]))
        self.assertEqual((status, err["code"]), (400, 50109), err)
        status, err, _ = self.upload("POST", self.messages, b"--" + BOUNDARY.encode() + b"\r\nno end")
        self.assertEqual((status, err["code"]), (400, 50035), err)
        status, err, _ = self.req("POST", self.messages, token=self.owner, raw=b"x",
                                  headers={"Content-Type": "multipart/form-data"})
        self.assertEqual((status, err["code"]), (400, 50035), err)

    def test_bodyless_requests_accept_any_content_type(self):
        """discord.py sends application/octet-stream with an empty body (clients.md §4.2)."""
        m = self.ok(200, "POST", self.messages, {"content": "to delete"}, token=self.owner)
        status, _, _ = self.req("DELETE", f"{self.messages}/{m['id']}", token=self.owner, raw=b"",
                                headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 204)
        status, _, _ = self.req("GET", f"/channels/{self.text}", token=self.owner,
                                headers={"Content-Type": "multipart/form-data; boundary=x"})
        self.assertEqual(status, 200)

    def test_unknown_attachment_paths(self):
        base = self.server.direct_url
        for path in ("/attachments/1/2/a.png", "/attachments/1/2", "/attachments/x/y/z", f"/attachments/{self.text}"):
            self.assertEqual(self.download(base + path)[0], 404, path)
        self.assertEqual(self.download(base + "/attachments/1/2/a.png", method="DELETE")[0], 405)


if __name__ == "__main__":
    unittest.main()
