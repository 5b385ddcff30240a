// Client state, fed by REST answers and gateway dispatches (gateway.md §11). Views subscribe to
// topics and re-read what they need; the store never touches the DOM.
//   'guilds'            the guild list changed
//   'guild:<id>'        a guild's channels, roles or settings changed
//   'members:<id>'      a guild's members or their presence changed
//   'messages:<chan>'   a channel's loaded messages changed (detail: {kind, id})
//   'typing:<chan>'     who is typing changed
//   'read'              read states / unread markers changed
//   'private'           the DM list changed
//   'me'                the current user or own status changed
//   'voice:<id>'        voice states of a guild changed
import { cmpId } from './dom.js';

export const ChannelType = { TEXT: 0, DM: 1, VOICE: 2, GROUP_DM: 3, CATEGORY: 4, ANNOUNCEMENT: 5, STAGE: 13 };

export class Store {
  constructor() {
    this.listeners = new Map();
    this.reset();
  }

  reset() {
    this.me = null;
    this.status = 'online';
    this.guilds = new Map();      // id → {guild, roles: Map, channelIds: Set, members: Map, voice: Map}
    this.channels = new Map();    // id → channel (guild channels carry guild_id)
    this.privateIds = new Set();  // DM and group DM channel ids
    this.users = new Map();
    this.presences = new Map();   // user id → status
    this.readStates = new Map();  // channel id → {last_message_id, mention_count}
    this.messages = new Map();    // channel id → {list, byId, hasMoreBefore, loaded}
    this.typing = new Map();      // channel id → Map(user id → expires ms)
  }

  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
    return () => this.listeners.get(topic)?.delete(fn);
  }

  emit(topic, detail) {
    for (const fn of this.listeners.get(topic) || []) fn(detail);
  }

  // --- lookups ---

  guildOf(channelId) {
    const c = this.channels.get(channelId);
    return c?.guild_id ? this.guilds.get(c.guild_id) : null;
  }

  member(guildId, userId) { return this.guilds.get(guildId)?.members.get(userId); }

  channelName(channel) {
    if (!channel) return '';
    if (channel.name) return channel.name;
    const names = (channel.recipients || []).map((u) => u.global_name || u.username);
    return names.join(', ') || 'Empty group';
  }

  guildChannels(guildId) {
    const g = this.guilds.get(guildId);
    if (!g) return [];
    return [...g.channelIds].map((id) => this.channels.get(id)).filter(Boolean);
  }

  privateChannels() {
    return [...this.privateIds].map((id) => this.channels.get(id)).filter(Boolean)
      .sort((a, b) => cmpId(b.last_message_id || b.id, a.last_message_id || a.id));
  }

  isUnread(channel) {
    if (!channel?.last_message_id) return false;
    const rs = this.readStates.get(channel.id);
    return !rs || cmpId(channel.last_message_id, rs.last_message_id || '0') > 0;
  }

  mentionCount(channelId) { return this.readStates.get(channelId)?.mention_count || 0; }

  channelMessages(channelId) {
    let m = this.messages.get(channelId);
    if (!m) {
      m = { list: [], byId: new Map(), hasMoreBefore: true, loaded: false };
      this.messages.set(channelId, m);
    }
    return m;
  }

  typingIn(channelId) {
    const now = Date.now();
    const t = this.typing.get(channelId);
    if (!t) return [];
    return [...t].filter(([id, until]) => until > now && id !== this.me?.id).map(([id]) => id);
  }

  // --- REST results ---

  // `batch` is newest first (as GET /messages answers); merges without duplicates.
  addHistory(channelId, batch, { before, limit }) {
    const m = this.channelMessages(channelId);
    for (const msg of batch) this.upsertMessage(m, msg);
    if (before !== undefined) m.hasMoreBefore = batch.length >= limit;
    m.loaded = true;
    this.emit(`messages:${channelId}`, { kind: 'history' });
  }

  upsertMessage(m, msg) {
    this.rememberUser(msg.author);
    const existing = m.byId.get(msg.id);
    if (existing) {
      Object.assign(existing, msg);
      existing._v = (existing._v || 0) + 1;
      return existing;
    }
    msg._v = 0;
    m.byId.set(msg.id, msg);
    const list = m.list;
    if (!list.length || cmpId(list[list.length - 1].id, msg.id) < 0) list.push(msg);
    else {
      let lo = 0, hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmpId(list[mid].id, msg.id) < 0) lo = mid + 1; else hi = mid;
      }
      list.splice(lo, 0, msg);
    }
    return msg;
  }

  rememberUser(u) {
    if (u?.id) this.users.set(u.id, { ...this.users.get(u.id), ...u });
  }

  addGuild(g) {
    const state = this.guilds.get(g.id) || { roles: new Map(), channelIds: new Set(), members: new Map(), voice: new Map() };
    state.guild = { ...state.guild, ...g };
    delete state.guild.channels;
    delete state.guild.members;
    delete state.guild.presences;
    delete state.guild.voice_states;
    for (const r of g.roles || []) state.roles.set(r.id, r);
    for (const c of g.channels || []) {
      c.guild_id = g.id;
      this.channels.set(c.id, { ...this.channels.get(c.id), ...c });
      state.channelIds.add(c.id);
    }
    for (const mem of g.members || []) {
      this.rememberUser(mem.user);
      state.members.set(mem.user.id, mem);
    }
    for (const p of g.presences || []) this.presences.set(p.user.id, p.status);
    for (const vs of g.voice_states || []) if (vs.channel_id) state.voice.set(vs.user_id, vs);
    this.guilds.set(g.id, state);
    this.emit('guilds');
    this.emit(`guild:${g.id}`);
    this.emit(`members:${g.id}`);
  }

  addMembers(guildId, members) {
    const g = this.guilds.get(guildId);
    if (!g) return;
    for (const mem of members) {
      this.rememberUser(mem.user);
      g.members.set(mem.user.id, { ...g.members.get(mem.user.id), ...mem });
    }
    this.emit(`members:${guildId}`);
  }

  addChannel(c) {
    this.channels.set(c.id, { ...this.channels.get(c.id), ...c });
    if (c.type === ChannelType.DM || c.type === ChannelType.GROUP_DM) {
      this.privateIds.add(c.id);
      for (const u of c.recipients || []) this.rememberUser(u);
      this.emit('private');
    } else if (c.guild_id) {
      this.guilds.get(c.guild_id)?.channelIds.add(c.id);
      this.emit(`guild:${c.guild_id}`);
    }
  }

  removeChannel(c) {
    this.channels.delete(c.id);
    this.messages.delete(c.id);
    if (this.privateIds.delete(c.id)) this.emit('private');
    if (c.guild_id) {
      this.guilds.get(c.guild_id)?.channelIds.delete(c.id);
      this.emit(`guild:${c.guild_id}`);
    }
  }

  markRead(channelId, messageId) {
    this.readStates.set(channelId, { last_message_id: messageId, mention_count: 0 });
    this.emit('read');
  }

  // --- gateway (gateway.md §11) ---

  apply(t, d) {
    const handler = this[`on_${t}`];
    if (handler) handler.call(this, d);
  }

  on_READY(d) {
    this.me = d.user;
    this.rememberUser(d.user);
    this.presences.set(d.user.id, this.status === 'invisible' ? 'offline' : this.status);
    for (const c of d.private_channels || []) this.addChannel(c);
    for (const rs of d.read_state?.entries || []) {
      this.readStates.set(rs.id, { last_message_id: rs.last_message_id, mention_count: rs.mention_count || 0 });
    }
    this.emit('me');
    this.emit('read');
    this.emit('private');
  }

  on_USER_UPDATE(d) { this.me = { ...this.me, ...d }; this.rememberUser(d); this.emit('me'); }

  on_GUILD_CREATE(d) { if (!d.unavailable) this.addGuild(d); }
  on_GUILD_UPDATE(d) { this.addGuild(d); }
  on_GUILD_DELETE(d) {
    if (d.unavailable) return;
    const g = this.guilds.get(d.id);
    if (g) for (const id of g.channelIds) { this.channels.delete(id); this.messages.delete(id); }
    this.guilds.delete(d.id);
    this.emit('guilds');
    this.emit(`guild:${d.id}`);
  }

  on_CHANNEL_CREATE(d) { this.addChannel(d); }
  on_CHANNEL_UPDATE(d) { this.addChannel(d); }
  on_CHANNEL_DELETE(d) { this.removeChannel(d); }

  on_GUILD_ROLE_CREATE(d) { this.on_GUILD_ROLE_UPDATE(d); }
  on_GUILD_ROLE_UPDATE(d) {
    this.guilds.get(d.guild_id)?.roles.set(d.role.id, d.role);
    this.emit(`guild:${d.guild_id}`);
    this.emit(`members:${d.guild_id}`);
  }
  on_GUILD_ROLE_DELETE(d) {
    this.guilds.get(d.guild_id)?.roles.delete(d.role_id);
    this.emit(`guild:${d.guild_id}`);
    this.emit(`members:${d.guild_id}`);
  }

  on_GUILD_MEMBER_ADD(d) { this.addMembers(d.guild_id, [d]); }
  on_GUILD_MEMBER_UPDATE(d) { this.addMembers(d.guild_id, [d]); if (d.user?.id === this.me?.id) this.emit(`guild:${d.guild_id}`); }
  on_GUILD_MEMBER_REMOVE(d) {
    this.guilds.get(d.guild_id)?.members.delete(d.user.id);
    this.emit(`members:${d.guild_id}`);
  }
  on_GUILD_MEMBERS_CHUNK(d) {
    for (const p of d.presences || []) this.presences.set(p.user.id, p.status);
    this.addMembers(d.guild_id, d.members || []);
  }

  on_PRESENCE_UPDATE(d) {
    this.presences.set(d.user.id, d.status);
    if (d.user.username) this.rememberUser(d.user);
    if (d.guild_id) this.emit(`members:${d.guild_id}`);
    if (d.user.id === this.me?.id) { this.status = d.status; this.emit('me'); }
    this.emit('presence');
  }

  on_VOICE_STATE_UPDATE(d) {
    const g = this.guilds.get(d.guild_id);
    if (!g) return;
    if (d.channel_id) g.voice.set(d.user_id, d); else g.voice.delete(d.user_id);
    if (d.member) this.addMembers(d.guild_id, [d.member]);
    this.emit(`voice:${d.guild_id}`);
  }

  on_MESSAGE_CREATE(d) {
    const channel = this.channels.get(d.channel_id);
    if (channel) channel.last_message_id = d.id;
    if (d.member && d.guild_id) this.addMembers(d.guild_id, [{ ...d.member, user: d.author }]);
    const m = this.messages.get(d.channel_id);
    if (m?.loaded) {
      this.upsertMessage(m, d);
      this.emit(`messages:${d.channel_id}`, { kind: 'create', id: d.id });
    }
    this.typing.get(d.channel_id)?.delete(d.author.id);
    this.emit(`typing:${d.channel_id}`);
    if (d.author.id === this.me?.id) this.markRead(d.channel_id, d.id);
    else {
      if (this.mentionsMe(d)) {
        const rs = this.readStates.get(d.channel_id) || { last_message_id: '0', mention_count: 0 };
        rs.mention_count = (rs.mention_count || 0) + 1;
        this.readStates.set(d.channel_id, rs);
      }
      this.emit('read');
    }
    if (this.privateIds.has(d.channel_id)) this.emit('private');
  }

  mentionsMe(msg) {
    if (!this.me) return false;
    if (msg.mention_everyone) return true;
    if ((msg.mentions || []).some((u) => u.id === this.me.id)) return true;
    if (this.privateIds.has(msg.channel_id)) return true;  // every DM counts, as in Discord's client
    const mine = this.member(msg.guild_id, this.me.id)?.roles || [];
    return (msg.mention_roles || []).some((r) => mine.includes(r));
  }

  on_MESSAGE_UPDATE(d) {
    const m = this.messages.get(d.channel_id);
    if (!m?.byId.has(d.id)) return;
    this.upsertMessage(m, d);
    this.emit(`messages:${d.channel_id}`, { kind: 'update', id: d.id });
  }

  on_MESSAGE_DELETE(d) { this.deleteMessages(d.channel_id, [d.id]); }
  on_MESSAGE_DELETE_BULK(d) { this.deleteMessages(d.channel_id, d.ids); }

  deleteMessages(channelId, ids) {
    const m = this.messages.get(channelId);
    if (!m) return;
    const gone = new Set(ids.filter((id) => m.byId.delete(id)));
    if (!gone.size) return;
    m.list = m.list.filter((x) => !gone.has(x.id));
    this.emit(`messages:${channelId}`, { kind: 'delete', ids: [...gone] });
  }

  reaction(d, fn) {
    const msg = this.messages.get(d.channel_id)?.byId.get(d.message_id);
    if (!msg) return;
    msg.reactions = fn(msg.reactions || []).filter((r) => r.count > 0);
    msg._v++;
    this.emit(`messages:${d.channel_id}`, { kind: 'update', id: msg.id });
  }

  on_MESSAGE_REACTION_ADD(d) {
    const mine = d.user_id === this.me?.id;
    this.reaction(d, (rs) => {
      const key = d.emoji.id || d.emoji.name;
      const r = rs.find((x) => (x.emoji.id || x.emoji.name) === key);
      if (r) {
        if (mine && r.me) return rs;  // already counted
        return rs.map((x) => (x === r ? { ...x, count: x.count + 1, me: x.me || mine } : x));
      }
      return [...rs, { emoji: d.emoji, count: 1, me: mine }];
    });
  }

  on_MESSAGE_REACTION_REMOVE(d) {
    const mine = d.user_id === this.me?.id;
    this.reaction(d, (rs) => rs.map((x) => ((x.emoji.id || x.emoji.name) === (d.emoji.id || d.emoji.name)
      ? { ...x, count: x.count - 1, me: mine ? false : x.me } : x)));
  }

  on_MESSAGE_REACTION_REMOVE_ALL(d) { this.reaction(d, () => []); }
  on_MESSAGE_REACTION_REMOVE_EMOJI(d) {
    this.reaction(d, (rs) => rs.filter((x) => (x.emoji.id || x.emoji.name) !== (d.emoji.id || d.emoji.name)));
  }

  on_TYPING_START(d) {
    if (!this.typing.has(d.channel_id)) this.typing.set(d.channel_id, new Map());
    this.typing.get(d.channel_id).set(d.user_id, Date.now() + 10000);
    if (d.member?.user) this.addMembers(d.guild_id, [d.member]);
    this.emit(`typing:${d.channel_id}`);
    setTimeout(() => this.emit(`typing:${d.channel_id}`), 10050);
  }

  on_MESSAGE_ACK(d) {
    this.readStates.set(d.channel_id, { last_message_id: d.message_id, mention_count: d.mention_count || 0 });
    this.emit('read');
  }
}
