// The guild rail (DMs, guilds, create/join) and the channel sidebar: categories, unread and
// mention markers, voice channel occupants, guild menu (invite, create channel, leave).
import { h, clear, displayName, avatar } from '../dom.js';
import { ChannelType } from '../store.js';
import { channelPath, navigate } from '../router.js';
import { channelPermissions, basePermissions, can, P } from '../permissions.js';

export function renderRail(el, { store, current, onCreateGuild, onJoin }) {
  clear(el);
  const dmUnread = store.privateChannels().some((c) => store.isUnread(c));
  el.append(h(`a.rail-item.home${current === '@me' ? '.active' : ''}${dmUnread ? '.unread' : ''}`,
    { href: '/channels/@me', title: 'Direct messages', 'aria-label': 'Direct messages', onclick: link('/channels/@me') }, '✉'));
  el.append(h('hr'));
  const guilds = [...store.guilds.values()].sort((a, b) => (a.guild.id < b.guild.id ? -1 : 1));
  for (const g of guilds) {
    const unread = store.guildChannels(g.guild.id).some((c) => c.type !== ChannelType.VOICE && store.isUnread(c));
    const mentions = store.guildChannels(g.guild.id).reduce((n, c) => n + store.mentionCount(c.id), 0);
    el.append(h(`a.rail-item${current === g.guild.id ? '.active' : ''}${unread ? '.unread' : ''}`, {
      href: channelPath(g.guild.id), title: g.guild.name, 'aria-label': `${g.guild.name}${mentions ? `, ${mentions} mentions` : unread ? ', unread' : ''}`,
      dataset: { guildId: g.guild.id }, onclick: link(channelPath(g.guild.id)),
    }, initials(g.guild.name), mentions ? h('span.badge', null, String(mentions)) : null));
  }
  el.append(h('button.rail-item.add', { type: 'button', title: 'Create a guild', 'aria-label': 'Create a guild', onclick: onCreateGuild }, '+'));
  el.append(h('button.rail-item.add', { type: 'button', title: 'Join with an invite', 'aria-label': 'Join with an invite', onclick: onJoin }, '⇲'));
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

function link(path) {
  return (e) => {
    if (e.ctrlKey || e.metaKey || e.button) return;
    e.preventDefault();
    navigate(path);
    document.body.classList.remove('show-sidebar');
  };
}

export function renderChannelList(el, { store, guildId, channelId, actions }) {
  clear(el);
  if (guildId === '@me') return renderDmList(el, { store, channelId, actions });
  const g = store.guilds.get(guildId);
  if (!g) { el.append(h('p.empty', null, 'Loading…')); return; }
  const me = store.me.id;
  const base = basePermissions(g, me);
  const channels = store.guildChannels(guildId)
    .filter((c) => can(channelPermissions(g, c, me), P.VIEW_CHANNEL))
    .sort((a, b) => (a.position - b.position) || (a.id < b.id ? -1 : 1));
  const categories = channels.filter((c) => c.type === ChannelType.CATEGORY);
  const byParent = new Map();
  for (const c of channels) if (c.type !== ChannelType.CATEGORY) {
    const k = categories.some((x) => x.id === c.parent_id) ? c.parent_id : '';
    if (!byParent.has(k)) byParent.set(k, []);
    byParent.get(k).push(c);
  }
  const menu = h('div.guild-menu', null,
    can(base, P.CREATE_INSTANT_INVITE) || can(base, P.ADMINISTRATOR) ? h('button', { type: 'button', id: 'invite-button', onclick: () => actions.invite(guildId) }, 'Invite people') : null,
    can(base, P.MANAGE_CHANNELS) ? h('button', { type: 'button', id: 'create-channel-button', onclick: () => actions.createChannel(guildId) }, 'Create channel') : null,
    g.guild.owner_id !== me ? h('button.danger', { type: 'button', id: 'leave-button', onclick: () => actions.leave(guildId) }, 'Leave guild') : null);
  el.append(h('header.sidebar-header', null, h('h2', null, g.guild.name)), menu);
  const nav = h('nav.channel-list', { 'aria-label': 'Channels' });
  const section = (children) => nav.append(h('ul', null, children.map((c) => channelItem(c, { store, g, channelId, actions, canManage: can(base, P.MANAGE_CHANNELS) }))));
  if (byParent.has('')) section(byParent.get(''));
  for (const cat of categories) {
    nav.append(h('h3.category', null, cat.name));
    section(byParent.get(cat.id) || []);
  }
  el.append(nav);
}

function channelItem(c, { store, g, channelId, actions, canManage }) {
  const voice = c.type === ChannelType.VOICE || c.type === ChannelType.STAGE;
  const unread = !voice && c.id !== channelId && store.isUnread(c);
  const mentions = store.mentionCount(c.id);
  const li = h('li');
  if (voice) {
    li.append(h('div.channel.voice', { dataset: { channelId: c.id } }, h('span.icon', { 'aria-hidden': 'true' }, '🔊'), c.name));
    const occupants = [...g.voice.values()].filter((vs) => vs.channel_id === c.id);
    if (occupants.length) {
      li.append(h('ul.voice-users', { 'aria-label': `In ${c.name}` }, occupants.map((vs) => {
        const mem = g.members.get(vs.user_id);
        const user = store.users.get(vs.user_id) || mem?.user;
        return h('li', null, avatar(user, 20), displayName(user, mem), vs.self_mute ? ' 🔇' : '');
      })));
    }
  } else {
    li.append(h(`a.channel${c.id === channelId ? '.active' : ''}${unread ? '.unread' : ''}`, {
      href: channelPath(g.guild.id, c.id), 'aria-current': c.id === channelId ? 'page' : null, dataset: { channelId: c.id },
      onclick: link(channelPath(g.guild.id, c.id)),
    }, h('span.icon', { 'aria-hidden': 'true' }, '#'), h('span.name', null, c.name),
    mentions ? h('span.badge', { 'aria-label': `${mentions} mentions` }, String(mentions)) : null));
  }
  if (canManage) li.append(h('button.channel-edit', { type: 'button', title: `Edit ${c.name}`, 'aria-label': `Edit ${c.name}`, onclick: () => actions.editChannel(c) }, '⚙'));
  return li;
}

function renderDmList(el, { store, channelId, actions }) {
  el.append(h('header.sidebar-header', null, h('h2', null, 'Direct messages')),
    h('div.guild-menu', null, h('button', { type: 'button', id: 'new-group-button', onclick: () => actions.newGroup() }, 'New group')));
  const list = h('ul.channel-list');
  for (const c of store.privateChannels()) {
    const other = c.recipients?.[0];
    const unread = c.id !== channelId && store.isUnread(c);
    list.append(h('li', null, h(`a.channel.dm${c.id === channelId ? '.active' : ''}${unread ? '.unread' : ''}`, {
      href: channelPath(null, c.id), dataset: { channelId: c.id }, onclick: link(channelPath(null, c.id)),
    }, c.type === ChannelType.DM ? avatar(other, 24) : h('span.icon', null, '👥'), h('span.name', null, store.channelName(c)),
    c.type === ChannelType.DM && other ? h(`span.status-dot.${store.presences.get(other.id) || 'offline'}`) : null)));
  }
  if (!list.children.length) list.append(h('li.empty', null, 'No conversations yet. Open one from a member list.'));
  el.append(list);
}
