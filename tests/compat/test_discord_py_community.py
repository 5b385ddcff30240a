"""discord.py (Debian's python3-discord) managing a guild on Parley (issue 4 "Real clients"): a bot with
ADMINISTRATOR (added through /oauth2/authorize) creates a text channel and a role, gives the role to a
member, edits the channel's overwrites, creates an invite, kicks one member and bans another, and after
each step reads the result from its own cache once the event arrived (CHANNEL_CREATE/UPDATE,
GUILD_ROLE_CREATE, GUILD_MEMBER_UPDATE/REMOVE, INVITE_CREATE, GUILD_BAN_ADD; gateway.md §11)."""
import asyncio
import os
import sys
import unittest

import yarl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Server  # noqa: E402

import discord  # noqa: E402
from discord.gateway import DiscordWebSocket  # noqa: E402
from discord.http import Route  # noqa: E402

GUILD_MEMBERS_APP_FLAG = 1 << 14


class DiscordPyCommunity(unittest.TestCase):
    def test_guild_management_through_discord_py(self):
        server = Server("--rate-limit", "off").start()
        try:
            self.run_scenario(server)
        finally:
            server.cleanup()

    def run_scenario(self, server):
        owner = server.register("dpyc_owner")
        app, bot = server.create_bot(owner, "Dpy Community Bot", flags=GUILD_MEMBERS_APP_FLAG)
        _, guild, _ = server.request("POST", "/guilds", {"name": "DPY Community"}, token=owner)
        _, channels, _ = server.request("GET", f"/guilds/{guild['id']}/channels", token=owner)
        text = next(c for c in channels if c["type"] == 0)
        _, invite, _ = server.request("POST", f"/channels/{text['id']}/invites", {}, token=owner)
        users = {}
        for role in ("member", "kicked", "banned"):
            token = server.register(f"dpyc_{role}")
            status, body, _ = server.request("POST", f"/invites/{invite['code']}", {}, token=token)
            self.assertEqual(status, 200, body)
            users[role] = int(server.request("GET", "/users/@me", token=token)[1]["id"])
        status, body, _ = server.request(
            "POST", f"/oauth2/authorize?client_id={app['id']}&scope=bot&permissions=8",
            {"guild_id": guild["id"], "permissions": "8", "authorize": True}, token=owner)
        self.assertEqual(status, 200, body)

        Route.BASE = server.url + "/api/v10"
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.url.replace("http", "ws", 1) + "/gateway")
        intents = discord.Intents.default()  # guilds, moderation (bans), invites, ...
        intents.members = True
        client = discord.Client(intents=intents)
        seen = {"channels": [], "channel_updates": [], "roles": [], "member_updates": [], "invites": [],
                "removed": [], "bans": [], "audit": []}
        waiters = {}

        def notify(kind):
            fut = waiters.pop(kind, None)
            if fut and not fut.done():
                fut.set_result(True)

        async def until(kind, predicate, timeout=10):
            while not predicate():
                fut = asyncio.get_running_loop().create_future()
                waiters[kind] = fut
                try:
                    await asyncio.wait_for(fut, timeout)
                except asyncio.TimeoutError:
                    raise AssertionError(f"no {kind} event satisfying the check within {timeout}s") from None

        @client.event
        async def on_guild_channel_create(channel):
            seen["channels"].append(channel)
            notify("channels")

        @client.event
        async def on_guild_channel_update(before, after):
            seen["channel_updates"].append(after)
            notify("channel_updates")

        @client.event
        async def on_guild_role_create(role):
            seen["roles"].append(role)
            notify("roles")

        @client.event
        async def on_member_update(before, after):
            seen["member_updates"].append(after)
            notify("member_updates")

        @client.event
        async def on_invite_create(invite):
            seen["invites"].append(invite)
            notify("invites")

        @client.event
        async def on_member_remove(member):
            seen["removed"].append(member.id)
            notify("removed")

        @client.event
        async def on_member_ban(guild, user):
            seen["bans"].append((guild.id, user.id))
            notify("bans")

        @client.event
        async def on_audit_log_entry_create(entry):
            seen["audit"].append(entry)
            notify("audit")

        result = {}

        @client.event
        async def on_ready():
            try:
                await self.scenario(client, int(guild["id"]), users, seen, until)
                result["done"] = True
            except Exception as e:  # reported by the assertions below
                result["error"] = repr(e)
            finally:
                await client.close()

        asyncio.run(asyncio.wait_for(client.start(bot), 120))
        self.assertNotIn("error", result, result.get("error"))
        self.assertTrue(result.get("done"))

    async def scenario(self, client, guild_id, users, seen, until):
        g = client.get_guild(guild_id)
        self.assertIsNotNone(g)
        self.assertTrue(g.me.guild_permissions.administrator)
        member_count = g.member_count
        self.assertEqual(member_count, 5)  # owner, three invitees, the bot

        # A text channel: CHANNEL_CREATE puts it in the guild's cache with its topic.
        channel = await g.create_text_channel("dpy-room", topic="made by discord.py")
        await until("channels", lambda: any(c.id == channel.id for c in seen["channels"]))
        cached = g.get_channel(channel.id)
        self.assertIsInstance(cached, discord.TextChannel)
        self.assertEqual((cached.name, cached.topic), ("dpy-room", "made by discord.py"))

        # A role with KICK_MEMBERS: GUILD_ROLE_CREATE.
        role = await g.create_role(name="dpy-role", permissions=discord.Permissions(kick_members=True),
                                   reason="compat test role")
        await until("roles", lambda: any(r.id == role.id for r in seen["roles"]))
        cached_role = g.get_role(role.id)
        self.assertIsNotNone(cached_role)
        self.assertEqual(cached_role.name, "dpy-role")
        self.assertTrue(cached_role.permissions.kick_members)
        self.assertFalse(cached_role.permissions.ban_members)

        # The role given to a member (PUT /members/{user}/roles/{role}): GUILD_MEMBER_UPDATE.
        member = g.get_member(users["member"])
        self.assertIsNotNone(member)  # from chunking at startup
        self.assertNotIn(role, member.roles)
        await member.add_roles(role, reason="trusted")
        await until("member_updates", lambda: role in g.get_member(users["member"]).roles)
        self.assertEqual(sorted(r.id for r in g.get_member(users["member"]).roles), sorted([g.id, role.id]))

        # Overwrites: deny SEND_MESSAGES to the role, allow VIEW_CHANNEL to the member: CHANNEL_UPDATE.
        await channel.set_permissions(role, send_messages=False, reason="quiet")
        await channel.set_permissions(member, view_channel=True)
        await until("channel_updates", lambda: len(g.get_channel(channel.id).overwrites) == 2)
        overwrites = g.get_channel(channel.id).overwrites
        self.assertEqual(set(o.id for o in overwrites), {role.id, member.id})
        role_ow = overwrites[g.get_role(role.id)]
        self.assertIs(role_ow.send_messages, False)
        self.assertIsNone(role_ow.view_channel)
        member_ow = next(v for k, v in overwrites.items() if k.id == member.id)
        self.assertIs(member_ow.view_channel, True)
        self.assertIsNone(member_ow.send_messages)
        # The member's computed permissions in that channel follow from the cache.
        perms = g.get_channel(channel.id).permissions_for(g.get_member(users["member"]))
        self.assertFalse(perms.send_messages)
        self.assertTrue(perms.view_channel)

        # An invite: on_invite_create carries the code, channel, inviter and limits.
        invite = await channel.create_invite(max_age=600, max_uses=3, unique=True)
        await until("invites", lambda: any(i.code == invite.code for i in seen["invites"]))
        got = next(i for i in seen["invites"] if i.code == invite.code)
        self.assertEqual(got.channel.id, channel.id)
        self.assertEqual(got.guild.id, g.id)
        self.assertEqual(got.inviter.id, client.user.id)
        self.assertEqual((got.max_age, got.max_uses, got.uses), (600, 3, 0))
        self.assertIn(invite.code, [i.code for i in await g.invites()])

        # Kick: on_member_remove, and the member is gone from the cache.
        kicked = g.get_member(users["kicked"])
        self.assertIsNotNone(kicked)
        await kicked.kick(reason="compat kick")
        await until("removed", lambda: users["kicked"] in seen["removed"])
        self.assertIsNone(g.get_member(users["kicked"]))
        self.assertEqual(g.member_count, member_count - 1)

        # Ban a member (with a message-deletion window): on_member_ban and on_member_remove.
        banned = g.get_member(users["banned"])
        self.assertIsNotNone(banned)
        await g.ban(banned, reason="compat ban", delete_message_seconds=60)
        await until("bans", lambda: (g.id, users["banned"]) in seen["bans"])
        await until("removed", lambda: users["banned"] in seen["removed"])
        self.assertIsNone(g.get_member(users["banned"]))
        self.assertEqual(g.member_count, member_count - 2)
        ban = await g.fetch_ban(discord.Object(users["banned"]))
        self.assertEqual((ban.user.id, ban.reason), (users["banned"], "compat ban"))

        # The audit log: the kick and the ban arrived as events and are in the log with their reasons.
        await until("audit", lambda: any(e.action == discord.AuditLogAction.ban for e in seen["audit"]))
        entries = [e async for e in g.audit_logs(limit=50)]
        by_action = {(e.action, e.target.id if e.target else None): e for e in entries}
        self.assertEqual(by_action[(discord.AuditLogAction.kick, users["kicked"])].reason, "compat kick")
        self.assertEqual(by_action[(discord.AuditLogAction.ban, users["banned"])].reason, "compat ban")
        self.assertIn((discord.AuditLogAction.role_create, role.id), by_action)
        self.assertIn((discord.AuditLogAction.channel_create, channel.id), by_action)


if __name__ == "__main__":
    unittest.main()
