"""discord.py (Debian's python3-discord) talking in a guild and in DMs against parleyd: it sends, replies,
edits, reacts, pins, types, uploads a file, pages through history and exchanges DMs with another bot,
and sees every event of a peer through its own gateway session with the fields it reads (clients.md §4–§6).
The peer is a second bot driven over plain REST by this test."""
import asyncio
import io
import os
import sys
import unittest
import urllib.request

import yarl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Server  # noqa: E402

import discord  # noqa: E402
from discord.gateway import DiscordWebSocket  # noqa: E402
from discord.http import Route  # noqa: E402

MESSAGE_CONTENT_APP_FLAG = 1 << 18
GUILD_MEMBERS_APP_FLAG = 1 << 14


class Peer:
    """The other bot, over REST (blocking calls, run in a thread from the event loop)."""

    def __init__(self, server, token):
        self.server, self.token = server, token

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        status, data, _ = self.server.request(method, path, body, token="Bot " + self.token)
        if status not in expect:
            raise AssertionError(f"peer {method} {path}: {status} {data}")
        return data

    async def __call__(self, *args, **kw):
        return await asyncio.to_thread(self.call, *args, **kw)


class DiscordPyMessages(unittest.TestCase):
    def test_conversation(self):
        server = Server("--rate-limit", "off").start()
        try:
            self.run_scenario(server)
        finally:
            server.cleanup()

    def run_scenario(self, server):
        owner = server.register("dpym_owner")
        app, bot = server.create_bot(owner, "Dpy Talker", flags=MESSAGE_CONTENT_APP_FLAG | GUILD_MEMBERS_APP_FLAG)
        peer_app, peer_token = server.create_bot(owner, "Peer Bot", flags=MESSAGE_CONTENT_APP_FLAG)
        _, guild, _ = server.request("POST", "/guilds", {"name": "Dpy Messages"}, token=owner)
        for a in (app, peer_app):
            status, body, _ = server.request(
                "POST", f"/oauth2/authorize?client_id={a['id']}&scope=bot&permissions=8",
                {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
            self.assertEqual(status, 200, body)
        peer = Peer(server, peer_token)
        peer_id = int(peer_app["bot"]["id"])

        Route.BASE = server.url + "/api/v10"
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.url.replace("http", "ws", 1) + "/gateway")
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        client = discord.Client(intents=intents)
        seen = {"messages": [], "edits": [], "deletes": [], "reactions": [], "typing": [], "pins": [], "dms": []}
        waiters = {}

        def notify(kind):
            fut = waiters.pop(kind, None)
            if fut and not fut.done():
                fut.set_result(True)

        async def until(kind, predicate, timeout=10):
            while not predicate():
                fut = asyncio.get_running_loop().create_future()
                waiters[kind] = fut
                await asyncio.wait_for(fut, timeout)

        @client.event
        async def on_message(m):
            seen["messages"].append(m)
            if isinstance(m.channel, discord.DMChannel):
                seen["dms"].append(m)
            notify("message")

        @client.event
        async def on_message_edit(before, after):
            seen["edits"].append(after)
            notify("edit")

        @client.event
        async def on_raw_message_delete(payload):
            seen["deletes"].append(payload)
            notify("delete")

        @client.event
        async def on_raw_reaction_add(payload):
            seen["reactions"].append(payload)
            notify("reaction")

        @client.event
        async def on_typing(channel, user, when):
            seen["typing"].append((channel.id, user.id))
            notify("typing")

        @client.event
        async def on_guild_channel_pins_update(channel, last_pin):
            seen["pins"].append((channel.id, last_pin))
            notify("pins")

        result = {}

        @client.event
        async def on_ready():
            try:
                await self.scenario(client, guild, peer, peer_id, seen, until, result)
            except Exception as e:  # reported by the assertions below
                result["error"] = repr(e)
            finally:
                await client.close()

        asyncio.run(asyncio.wait_for(client.start(bot), 120))
        self.assertNotIn("error", result, result.get("error"))
        self.assertTrue(result.get("done"))

    async def scenario(self, client, guild, peer, peer_id, seen, until, result):
        g = client.get_guild(int(guild["id"]))
        general = discord.utils.get(g.text_channels, name="general")
        self.assertIsNotNone(general)

        # Send; the bot sees its own message come back through the gateway as a guild message.
        sent = await general.send("hello from discord.py")
        await until("message", lambda: any(m.id == sent.id for m in seen["messages"]))
        echoed = next(m for m in seen["messages"] if m.id == sent.id)
        self.assertEqual(echoed.content, "hello from discord.py")
        self.assertIsInstance(echoed.author, discord.Member)  # guild_id + member were in MESSAGE_CREATE
        self.assertEqual(echoed.guild.id, g.id)

        # A peer message that mentions the bot: content, mentions and author as member.
        data = await peer("POST", f"/channels/{general.id}/messages", {"content": f"hi <@{client.user.id}>"})
        await until("message", lambda: any(m.id == int(data["id"]) for m in seen["messages"]))
        got = next(m for m in seen["messages"] if m.id == int(data["id"]))
        self.assertEqual(got.author.id, peer_id)
        self.assertEqual([u.id for u in got.mentions], [client.user.id])
        self.assertEqual(got.content, f"hi <@{client.user.id}>")

        # Reply (discord.py sends message_reference ids as JSON integers).
        reply = await got.reply("replying")
        self.assertEqual(reply.reference.message_id, got.id)
        self.assertEqual(reply.type, discord.MessageType.reply)

        # Edit; on_message_edit sees the new content and edited_at.
        edited = await sent.edit(content="hello, edited")
        self.assertEqual(edited.content, "hello, edited")
        self.assertIsNotNone(edited.edited_at)
        await until("edit", lambda: any(m.id == sent.id and m.content == "hello, edited" for m in seen["edits"]))

        # React with a unicode emoji (percent-encoded in the path); the raw event carries emoji and user.
        await got.add_reaction("\N{THUMBS UP SIGN}")
        await until("reaction", lambda: any(p.message_id == got.id for p in seen["reactions"]))
        r = next(p for p in seen["reactions"] if p.message_id == got.id)
        self.assertEqual(str(r.emoji), "\N{THUMBS UP SIGN}")
        self.assertEqual(r.user_id, client.user.id)
        fetched = await general.fetch_message(got.id)
        self.assertEqual([(str(x.emoji), x.count, x.me) for x in fetched.reactions], [("\N{THUMBS UP SIGN}", 1, True)])

        # Pin; the pins update event arrives and the pin list has it.
        await got.pin()
        await until("pins", lambda: any(c == general.id for c, _ in seen["pins"]))
        self.assertEqual([m.id for m in await general.pins()], [got.id])

        # The peer types: on_typing with the peer as user.
        await peer("POST", f"/channels/{general.id}/typing")
        await until("typing", lambda: (general.id, peer_id) in seen["typing"])

        # Upload a file; the attachment's URL serves the bytes.
        payload = b"parley attachment bytes\n" * 10
        with_file = await general.send("a file", file=discord.File(io.BytesIO(payload), filename="notes.txt"))
        self.assertEqual(len(with_file.attachments), 1)
        att = with_file.attachments[0]
        self.assertEqual((att.filename, att.size), ("notes.txt", len(payload)))
        body = await asyncio.to_thread(lambda: urllib.request.urlopen(att.url, timeout=10).read())
        self.assertEqual(body, payload)

        # History: newest first, and paging with before= reaches the first message exactly once.
        for i in range(12):
            await general.send(f"filler {i}")
        everything = [m async for m in general.history(limit=None)]
        ids = [m.id for m in everything]
        self.assertEqual(ids, sorted(ids, reverse=True))
        self.assertEqual(len(ids), len(set(ids)))
        self.assertIn(sent.id, ids)
        self.assertEqual(everything[-1].id, sent.id)  # the oldest message of the channel
        oldest_first = [m.id async for m in general.history(limit=5, oldest_first=True)]
        self.assertEqual(oldest_first, sorted(ids)[:5])

        # Delete: the raw delete event arrives.
        await with_file.delete()
        await until("delete", lambda: any(p.message_id == with_file.id for p in seen["deletes"]))

        # DMs with the peer bot both ways.
        peer_user = await client.fetch_user(peer_id)
        dm_sent = await peer_user.send("dm from discord.py")
        self.assertIsInstance(dm_sent.channel, discord.DMChannel)
        history = await peer("GET", f"/channels/{dm_sent.channel.id}/messages?limit=5")
        self.assertEqual(history[0]["content"], "dm from discord.py")
        dm = await peer("POST", "/users/@me/channels", {"recipient_id": str(client.user.id)})
        self.assertEqual(int(dm["id"]), dm_sent.channel.id)  # the one DM channel of the pair
        back = await peer("POST", f"/channels/{dm['id']}/messages", {"content": "dm back"})
        await until("message", lambda: any(m.id == int(back["id"]) for m in seen["dms"]))
        got_dm = next(m for m in seen["dms"] if m.id == int(back["id"]))
        self.assertEqual(got_dm.content, "dm back")
        self.assertEqual(got_dm.author.id, peer_id)
        result["done"] = True


if __name__ == "__main__":
    unittest.main()
