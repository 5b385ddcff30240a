"""Message search over real sockets: GET /guilds/{id}/messages/search and GET /channels/{id}/messages/search
with content (full text, user syntax taken literally), author_id, mentions, has, min_id/max_id, channel_id,
sort_order, offset and limit, the parameter errors, and visibility: a message in a channel the caller
cannot read never appears."""
import unittest
import urllib.parse

from community import CommunityTestCase, VIEW_CHANNEL

READ_MESSAGE_HISTORY = 1 << 16


class SearchTests(CommunityTestCase):
    server_args = ("--rate-limit", "off")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls()  # borrow the helpers once for the shared fixture
        t.server = cls.server
        cls.owner, cls.owner_id = t.user("sowner")
        cls.member, cls.member_id = t.user("smember")
        cls.guild_id = t.guild(cls.owner)["id"]
        t.invite_and_join(cls.guild_id, cls.owner, cls.member)
        channels = t.ok(200, "GET", f"/guilds/{cls.guild_id}/channels", token=cls.owner)
        cls.text = next(c for c in channels if c["type"] == 0)["id"]
        cls.secret = t.ok(201, "POST", f"/guilds/{cls.guild_id}/channels", {"name": "secret", "type": 0},
                          token=cls.owner)["id"]
        t.ok(204, "PUT", f"/channels/{cls.secret}/permissions/{cls.member_id}",
             {"type": 1, "allow": "0", "deny": str(VIEW_CHANNEL)}, token=cls.owner)
        cls.nohistory = t.ok(201, "POST", f"/guilds/{cls.guild_id}/channels", {"name": "nohistory", "type": 0},
                             token=cls.owner)["id"]
        t.ok(204, "PUT", f"/channels/{cls.nohistory}/permissions/{cls.member_id}",
             {"type": 1, "allow": "0", "deny": str(READ_MESSAGE_HISTORY)}, token=cls.owner)

        def post(token, channel, content):
            return t.ok(200, "POST", f"/channels/{channel}/messages", {"content": content}, token=token)["id"]

        cls.m_hello = post(cls.owner, cls.text, "hello world from the owner")
        cls.m_member = post(cls.member, cls.text, f"hello <@{cls.owner_id}> see https://example.com")
        cls.m_secret = post(cls.owner, cls.secret, "hello secret plans")
        cls.m_nohistory = post(cls.owner, cls.nohistory, "hello unreadable history")
        cls.m_tricky = post(cls.owner, cls.text, 'cats AND dogs OR "birds" NEAR(x)')

    def search(self, token, query, channel=None, expected=200):
        qs = urllib.parse.urlencode(query, doseq=True)
        path = f"/channels/{channel}/messages/search?{qs}" if channel else f"/guilds/{self.guild_id}/messages/search?{qs}"
        return self.ok(expected, "GET", path, token=token)

    @staticmethod
    def ids(result):
        for hit in result["messages"]:
            assert isinstance(hit, list) and len(hit) == 1, hit
        return [hit[0]["id"] for hit in result["messages"]]

    def test_shape(self):
        r = self.search(self.owner, {"content": "hello"})
        for key in ("total_results", "messages", "threads", "members"):
            self.assertIn(key, r)
        self.assertEqual(r["threads"], [])
        hit = r["messages"][0][0]
        for key in ("id", "channel_id", "author", "content", "timestamp"):
            self.assertIn(key, hit)

    def test_visibility(self):
        owner = self.search(self.owner, {"content": "hello"})
        self.assertEqual(set(self.ids(owner)), {self.m_hello, self.m_member, self.m_secret, self.m_nohistory})
        self.assertEqual(owner["total_results"], 4)
        member = self.search(self.member, {"content": "hello"})
        self.assertEqual(set(self.ids(member)), {self.m_hello, self.m_member})
        self.assertEqual(member["total_results"], 2)
        for channel in (self.secret, self.nohistory):
            r = self.search(self.member, {"content": "hello", "channel_id": channel})
            self.assertEqual((r["total_results"], r["messages"]), (0, []))
        self.error(404, 10003, "GET", f"/channels/{self.secret}/messages/search?content=hello", token=self.member)
        self.error(403, 50013, "GET", f"/channels/{self.nohistory}/messages/search?content=hello", token=self.member)
        outsider, _ = self.user("soutsider")
        self.error(404, 10004, "GET", f"/guilds/{self.guild_id}/messages/search?content=hello", token=outsider)

    def test_filters(self):
        self.assertEqual(self.ids(self.search(self.owner, {"author_id": self.member_id})), [self.m_member])
        self.assertEqual(set(self.ids(self.search(self.owner, {"author_id": [self.member_id, self.owner_id],
                                                                 "content": "hello", "channel_id": self.text}))),
                         {self.m_hello, self.m_member})
        self.assertEqual(self.ids(self.search(self.owner, {"mentions": self.owner_id})), [self.m_member])
        self.assertEqual(self.ids(self.search(self.owner, {"has": "link"})), [self.m_member])
        self.assertEqual(self.ids(self.search(self.owner, {"content": "hello", "min_id": self.m_member,
                                                           "max_id": self.m_nohistory})), [self.m_secret])
        asc = self.ids(self.search(self.owner, {"content": "hello", "sort_order": "asc"}))
        self.assertEqual(asc, sorted(asc, key=int))
        desc = self.ids(self.search(self.owner, {"content": "hello"}))
        self.assertEqual(desc, sorted(desc, key=int, reverse=True))
        in_channel = self.search(self.member, {"content": "hello"}, channel=self.text)
        self.assertEqual(set(self.ids(in_channel)), {self.m_hello, self.m_member})

    def test_user_syntax_is_text(self):
        for text in ('AND', 'OR dogs', '"birds', 'NEAR(x)', 'cats*', '(((', 'content:cats', '-', '^'):
            self.search(self.owner, {"content": text})  # never an error
        self.assertEqual(self.ids(self.search(self.owner, {"content": "OR dogs"})), [self.m_tricky])
        self.assertEqual(self.ids(self.search(self.owner, {"content": "cat*"})), [])

    def test_paging(self):
        first = self.search(self.owner, {"content": "hello", "limit": 1})
        second = self.search(self.owner, {"content": "hello", "limit": 1, "offset": 1})
        self.assertEqual(first["total_results"], 4)
        self.assertEqual(second["total_results"], 4)
        self.assertEqual(len(first["messages"]), 1)
        self.assertNotEqual(self.ids(first), self.ids(second))
        past = self.search(self.owner, {"content": "hello", "offset": 100})
        self.assertEqual((past["total_results"], past["messages"]), (4, []))

    def test_parameter_errors(self):
        base = f"/guilds/{self.guild_id}/messages/search"
        for bad in ("limit=0", "limit=26", "offset=9976", "offset=-1", "has=gif", "author_id=abc",
                    "sort_order=sideways", "min_id=x"):
            self.error(400, 50035, "GET", f"{base}?{bad}", token=self.owner)
        self.search(self.owner, {"offset": 9975})


if __name__ == "__main__":
    unittest.main()
