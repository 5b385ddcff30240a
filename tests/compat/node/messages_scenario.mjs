// discord.js 14 conversation scenario against parleyd (issue "Conversations", clients.md §4–§6): the bot
// sends, replies, edits, reacts, pins, types, uploads a file, pages through history and exchanges DMs with a
// peer bot, and must see the peer's events through its own gateway session with the fields it reads.
// The peer is driven over plain REST (fetch) by this script.
//
// Environment (set by test_discord_js_messages.py):
//   PARLEY_URL         server base URL, e.g. http://127.0.0.1:PORT
//   PARLEY_BOT_TOKEN   the discord.js bot's token
//   PARLEY_PEER_TOKEN  the peer bot's token; PARLEY_PEER_ID its user id
//   PARLEY_GUILD_ID    the guild both bots are in
// Prints progress, then one line `RESULT {json}`; exit status 0 only if every check passed.
import { setTimeout as sleep } from 'node:timers/promises';
import { AttachmentBuilder, ChannelType, Client, Events, GatewayIntentBits, Partials, version } from 'discord.js';

const env = process.env;
const baseUrl = env.PARLEY_URL.replace(/\/+$/, '');
const peerId = env.PARLEY_PEER_ID;
const guildId = env.PARLEY_GUILD_ID;
const started = Date.now();
const result = { library: `discord.js ${version}`, ok: false, failures: [], steps_done: [] };

function log(msg) {
  console.log(`[djs ${((Date.now() - started) / 1000).toFixed(2)}s] ${msg}`);
}
function check(cond, what) {
  if (!cond) {
    result.failures.push(what);
    log(`FAIL ${what}`);
  }
  return cond;
}

async function peer(method, path, body) {
  const res = await fetch(`${baseUrl}/api/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${env.PARLEY_PEER_TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`peer ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

const client = new Client({
  intents: [
    GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
    GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.GuildMessageTyping, GatewayIntentBits.DirectMessages,
  ],
  partials: [Partials.Channel], // DMs arrive without CHANNEL_CREATE (clients.md §6)
  rest: { api: `${baseUrl}/api` },
});

const seen = { messages: [], updates: [], deletes: [], reactions: [], typing: [], pins: [] };
const waiters = [];
function notify() {
  for (const w of waiters.splice(0)) w();
}
async function until(what, predicate, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([new Promise(r => waiters.push(r)), sleep(200)]);
  }
}

client.on(Events.MessageCreate, m => { seen.messages.push(m); notify(); });
client.on(Events.MessageUpdate, (_, m) => { seen.updates.push(m); notify(); });
client.on(Events.MessageDelete, m => { seen.deletes.push(m.id); notify(); });
client.on(Events.MessageReactionAdd, (r, u) => { seen.reactions.push({ message: r.message.id, emoji: r.emoji.name, user: u.id }); notify(); });
client.on(Events.TypingStart, t => { seen.typing.push({ channel: t.channel.id, user: t.user.id }); notify(); });
client.on(Events.ChannelPinsUpdate, c => { seen.pins.push(c.id); notify(); });

async function scenario() {
  const guild = client.guilds.cache.get(guildId);
  check(guild, 'guild in cache');
  const general = guild.channels.cache.find(c => c.name === 'general' && c.type === ChannelType.GuildText);
  check(general, 'general channel in cache');

  const sent = await general.send('hello from discord.js');
  await until('own MESSAGE_CREATE', () => seen.messages.some(m => m.id === sent.id));
  const echoed = seen.messages.find(m => m.id === sent.id);
  check(echoed.content === 'hello from discord.js', 'own message content');
  check(echoed.member?.id === client.user.id, 'own message has member');
  result.steps_done.push('send');

  const fromPeer = await peer('POST', `/channels/${general.id}/messages`, { content: `hi <@${client.user.id}>` });
  await until('peer MESSAGE_CREATE', () => seen.messages.some(m => m.id === fromPeer.id));
  const got = seen.messages.find(m => m.id === fromPeer.id);
  check(got.author.id === peerId, 'peer author');
  check(got.mentions.users.has(client.user.id), 'mention parsed');
  check(got.content === `hi <@${client.user.id}>`, 'peer content');
  result.steps_done.push('receive');

  const reply = await got.reply('replying');
  check(reply.reference?.messageId === got.id, 'reply reference');
  result.steps_done.push('reply');

  const edited = await sent.edit('hello, edited');
  check(edited.content === 'hello, edited' && edited.editedTimestamp, 'edit response');
  await until('MESSAGE_UPDATE', () => seen.updates.some(m => m.id === sent.id && m.content === 'hello, edited'));
  result.steps_done.push('edit');

  await got.react('👍');
  await until('MESSAGE_REACTION_ADD', () => seen.reactions.some(r => r.message === got.id && r.emoji === '👍'));
  const refetched = await general.messages.fetch({ message: got.id, force: true });
  const reaction = refetched.reactions.cache.get('👍');
  check(reaction?.count === 1 && reaction?.me, 'reaction count and me');
  result.steps_done.push('react');

  await got.pin();
  await until('CHANNEL_PINS_UPDATE', () => seen.pins.includes(general.id));
  const pinned = await general.messages.fetchPinned();
  check(pinned.has(got.id), 'pinned list');
  result.steps_done.push('pin');

  await peer('POST', `/channels/${general.id}/typing`);
  await until('TYPING_START', () => seen.typing.some(t => t.channel === general.id && t.user === peerId));
  await general.sendTyping();
  result.steps_done.push('typing');

  const bytes = Buffer.from('discord.js attachment\n'.repeat(20));
  const withFile = await general.send({ content: 'a file', files: [new AttachmentBuilder(bytes, { name: 'notes.txt' })] });
  const att = withFile.attachments.first();
  check(att?.name === 'notes.txt' && att?.size === bytes.length, 'attachment metadata');
  const served = Buffer.from(await (await fetch(att.url)).arrayBuffer());
  check(served.equals(bytes), 'attachment bytes served');
  result.steps_done.push('upload');

  for (let i = 0; i < 12; i++) await general.send(`filler ${i}`);
  const ids = [];
  let before;
  for (;;) {
    const page = await general.messages.fetch({ limit: 5, before, cache: false });
    if (page.size === 0) break;
    ids.push(...page.keys());
    before = page.lastKey();
  }
  const sorted = [...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
  check(JSON.stringify(ids) === JSON.stringify(sorted), 'history newest first across pages');
  check(new Set(ids).size === ids.length, 'no message twice');
  check(ids.at(-1) === sent.id, 'paging reaches the first message');
  result.steps_done.push('history');

  await withFile.delete();
  await until('MESSAGE_DELETE', () => seen.deletes.includes(withFile.id));
  result.steps_done.push('delete');

  const peerUser = await client.users.fetch(peerId);
  const dmSent = await peerUser.send('dm from discord.js');
  check(dmSent.channel.type === ChannelType.DM, 'DM channel type');
  const dmHistory = await peer('GET', `/channels/${dmSent.channelId}/messages?limit=5`);
  check(dmHistory[0]?.content === 'dm from discord.js', 'peer reads the DM');
  const dm = await peer('POST', '/users/@me/channels', { recipient_id: client.user.id });
  check(dm.id === dmSent.channelId, 'one DM channel per pair');
  const back = await peer('POST', `/channels/${dm.id}/messages`, { content: 'dm back' });
  await until('DM MESSAGE_CREATE', () => seen.messages.some(m => m.id === back.id));
  const gotDm = seen.messages.find(m => m.id === back.id);
  check(gotDm.channel?.type === ChannelType.DM && gotDm.content === 'dm back', 'DM received with channel_type');
  result.steps_done.push('dm');
}

const timer = setTimeout(() => {
  result.failures.push('scenario timeout');
  finish();
}, 120000);

function finish() {
  clearTimeout(timer);
  result.ok = result.failures.length === 0;
  console.log(`RESULT ${JSON.stringify(result)}`);
  client.destroy().finally(() => process.exit(result.ok ? 0 : 1));
}

client.once(Events.ClientReady, async () => {
  try {
    await scenario();
  } catch (e) {
    result.failures.push(`exception: ${e?.stack ?? e}`);
  }
  finish();
});
client.login(env.PARLEY_BOT_TOKEN).catch(e => {
  result.failures.push(`login: ${e}`);
  finish();
});
