// discord.js 14 guild scenario against parleyd (issue 4 "Real clients", rest.md §7.3–§7.6, gateway.md §11):
// a bot with ADMINISTRATOR creates a channel and a role, gives the role to a member and renames them,
// edits the channel's overwrites, creates an invite, kicks a member, bans and unbans a user, and checks
// that its cache follows from the events (CHANNEL_CREATE/UPDATE, GUILD_ROLE_CREATE, GUILD_MEMBER_UPDATE/
// REMOVE, INVITE_CREATE, GUILD_BAN_ADD/REMOVE, GUILD_AUDIT_LOG_ENTRY_CREATE).
//
// Environment (set by test_discord_js_guilds.py):
//   PARLEY_URL        server base URL, e.g. http://127.0.0.1:PORT
//   PARLEY_BOT_TOKEN  the bot's token (the bot is in the guild with ADMINISTRATOR)
//   PARLEY_GUILD_ID, PARLEY_MEMBER_ID (a member to edit), PARLEY_KICK_ID (a member to kick),
//   PARLEY_BAN_ID (a user to ban and unban)
// Prints one line `RESULT {json}`; exit status 0 only if every check passed.
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditLogEvent, Client, Events, GatewayIntentBits, PermissionFlagsBits, version } from 'discord.js';

const env = process.env;
const result = { library: `discord.js ${version}`, ok: false, failures: [], events: [] };

function done(code) {
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(code);
}
function check(cond, what) {
  if (!cond) result.failures.push(what);
}
// Resolves with the first event `name` whose arguments satisfy `pred`, or null after `ms`.
function next(client, name, pred = () => true, ms = 10000) {
  return new Promise(resolve => {
    const timer = setTimeout(() => { client.off(name, on); resolve(null); }, ms);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(timer);
      client.off(name, on);
      resolve(args);
    }
    client.on(name, on);
  });
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildModeration,
            GatewayIntentBits.GuildInvites],
  rest: { api: `${env.PARLEY_URL.replace(/\/+$/, '')}/api` },
});
client.on(Events.Raw, p => { if (p.t) result.events.push(p.t); });
setTimeout(() => { result.failures.push('timeout'); done(1); }, 90000).unref();

try {
  const ready = next(client, Events.ClientReady);
  await client.login(env.PARLEY_BOT_TOKEN);
  await ready;
  const guild = client.guilds.cache.get(env.PARLEY_GUILD_ID) ?? await client.guilds.fetch(env.PARLEY_GUILD_ID);
  check(guild, 'guild in cache');

  // A channel: the CHANNEL_CREATE puts it in the cache.
  const channelEvent = next(client, Events.ChannelCreate, c => c.name === 'djs-room');
  const channel = await guild.channels.create({ name: 'djs-room', topic: 'made by discord.js' });
  check((await channelEvent)?.[0]?.id === channel.id, 'CHANNEL_CREATE for the new channel');
  check(guild.channels.cache.get(channel.id)?.topic === 'made by discord.js', 'channel topic in cache');

  // A role, given to a member (PUT /members/{user}/roles/{role}), and a nick.
  const roleEvent = next(client, Events.GuildRoleCreate, r => r.name === 'djs-role');
  const role = await guild.roles.create({ name: 'djs-role', permissions: [PermissionFlagsBits.KickMembers] });
  check((await roleEvent)?.[0]?.id === role.id, 'GUILD_ROLE_CREATE');
  const member = await guild.members.fetch(env.PARLEY_MEMBER_ID);
  const roleAdded = next(client, Events.GuildMemberUpdate, (_, m) => m.id === member.id && m.roles.cache.has(role.id));
  await member.roles.add(role, 'trusted');
  check(await roleAdded, 'GUILD_MEMBER_UPDATE after roles.add');
  const renamed = next(client, Events.GuildMemberUpdate, (_, m) => m.id === member.id && m.nickname === 'Djs Nick');
  await member.setNickname('Djs Nick');
  check(await renamed, 'GUILD_MEMBER_UPDATE after setNickname');
  check(guild.members.cache.get(member.id)?.nickname === 'Djs Nick', 'nick in cache');
  const roleRemoved = next(client, Events.GuildMemberUpdate, (_, m) => m.id === member.id && !m.roles.cache.has(role.id));
  await member.roles.remove(role);
  check(await roleRemoved, 'GUILD_MEMBER_UPDATE after roles.remove');

  // Overwrites on the channel: CHANNEL_UPDATE with them.
  const overwritten = next(client, Events.ChannelUpdate, (_, c) => c.id === channel.id &&
                           c.permissionOverwrites.cache.has(role.id));
  await channel.permissionOverwrites.edit(role, { SendMessages: false });
  check(await overwritten, 'CHANNEL_UPDATE with the overwrite');
  check(channel.permissionOverwrites.cache.get(role.id)?.deny.has(PermissionFlagsBits.SendMessages),
        'overwrite deny in cache');

  // An invite (the bot is an administrator, so it hears of it).
  const inviteEvent = next(client, Events.InviteCreate, i => i.channelId === channel.id);
  const invite = await channel.createInvite({ maxAge: 600, unique: true });
  check((await inviteEvent)?.[0]?.code === invite.code, 'INVITE_CREATE');

  // Kick a member: GUILD_MEMBER_REMOVE takes it out of the cache and the count; the kick is audited.
  const kickTarget = await guild.members.fetch(env.PARLEY_KICK_ID);
  const countBefore = guild.memberCount;
  const removed = next(client, Events.GuildMemberRemove, m => m.id === env.PARLEY_KICK_ID);
  await kickTarget.kick('compat kick');
  check(await removed, 'GUILD_MEMBER_REMOVE after kick');
  check(!guild.members.cache.has(env.PARLEY_KICK_ID), 'kicked member gone from cache');
  check(guild.memberCount === countBefore - 1, `memberCount after kick (${countBefore} -> ${guild.memberCount})`);
  const kicks = await guild.fetchAuditLogs({ type: AuditLogEvent.MemberKick });
  const kickEntry = kicks.entries.find(e => e.targetId === env.PARLEY_KICK_ID);
  check(kickEntry?.reason === 'compat kick', 'kick audit log entry with the reason');

  // Ban and unban a user; the audit log entry arrives too.
  const banned = next(client, Events.GuildBanAdd, b => b.user.id === env.PARLEY_BAN_ID);
  const audit = next(client, Events.GuildAuditLogEntryCreate, e => e.targetId === env.PARLEY_BAN_ID);
  await guild.members.ban(env.PARLEY_BAN_ID, { reason: 'compat test', deleteMessageSeconds: 60 });
  check(await banned, 'GUILD_BAN_ADD');
  const entry = (await audit)?.[0];
  check(entry?.reason === 'compat test', 'GUILD_AUDIT_LOG_ENTRY_CREATE with the reason');
  const fetchedBan = await guild.bans.fetch(env.PARLEY_BAN_ID);
  check(fetchedBan?.reason === 'compat test', 'ban fetched with its reason');
  const unbanned = next(client, Events.GuildBanRemove, b => b.user.id === env.PARLEY_BAN_ID);
  await guild.members.unban(env.PARLEY_BAN_ID);
  check(await unbanned, 'GUILD_BAN_REMOVE');

  const logs = await guild.fetchAuditLogs({ limit: 20 });
  check(logs.entries.size >= 5, `audit log has the actions (${logs.entries.size})`);
  await sleep(100);
  result.ok = result.failures.length === 0;
} catch (e) {
  result.failures.push(`exception: ${e?.stack ?? e}`);
}
await client.destroy();
done(result.ok ? 0 : 1);
