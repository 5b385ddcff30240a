// Member list of a guild (online first, then offline), with role colours and role names; a click
// opens a card with the roles and a "Message" button (opens a DM).
import { h, clear, avatar, displayName } from '../dom.js';
import { roleColor } from './chat_view.js';

export function renderMembers(el, { store, guildId, onMessage }) {
  clear(el);
  const g = store.guilds.get(guildId);
  if (!g) return;
  const rows = [...g.members.values()].filter((m) => m.user).map((m) => ({
    m, user: store.users.get(m.user.id) || m.user, status: store.presences.get(m.user.id) || 'offline',
  }));
  rows.sort((a, b) => displayName(a.user, a.m).localeCompare(displayName(b.user, b.m)));
  const online = rows.filter((r) => r.status !== 'offline' && r.status !== 'invisible');
  const offline = rows.filter((r) => !online.includes(r));
  const section = (title, list) => {
    if (!list.length) return;
    el.append(h('h3.category', null, `${title} — ${list.length}`));
    el.append(h('ul', null, list.map((r) => h('li', null, h(`button.member.${r.status}`, {
      type: 'button', dataset: { userId: r.user.id }, onclick: (e) => memberCard(e.currentTarget, { store, g, r, onMessage }),
    }, h('span.avatar-wrap', null, avatar(r.user, 32), h(`span.status-dot.${r.status}`, { title: r.status })),
    h('span.name', { style: { color: roleColor(g, r.user.id) } }, displayName(r.user, r.m)))))));
  };
  section('Online', online);
  section('Offline', offline);
}

function memberCard(anchor, { store, g, r, onMessage }) {
  document.querySelector('.member-card')?.remove();
  const roles = (r.m.roles || []).map((id) => g.roles.get(id)).filter(Boolean).sort((a, b) => b.position - a.position);
  const card = h('div.member-card', { role: 'dialog', 'aria-label': displayName(r.user, r.m) },
    avatar(r.user, 56), h('h3', null, displayName(r.user, r.m)), h('p.handle', null, `@${r.user.username}`),
    h('p', null, h(`span.status-dot.${r.status}`), ` ${r.status}`),
    roles.length ? h('ul.roles', { 'aria-label': 'Roles' }, roles.map((role) => h('li.role', { style: { '--role': role.color ? `#${role.color.toString(16).padStart(6, '0')}` : '' } }, role.name))) : null,
    r.user.id !== store.me.id ? h('button.primary', { type: 'button', onclick: () => { card.remove(); onMessage(r.user.id); } }, 'Message') : null);
  const close = (e) => { if (e.type === 'keydown' ? e.key === 'Escape' : !card.contains(e.target)) { card.remove(); cleanup(); anchor.focus(); } };
  const cleanup = () => { removeEventListener('mousedown', close); removeEventListener('keydown', close); };
  setTimeout(() => { addEventListener('mousedown', close); addEventListener('keydown', close); });
  const rect = anchor.getBoundingClientRect();
  card.style.top = `${Math.min(rect.top, innerHeight - 320)}px`;
  document.body.append(card);
  card.querySelector('button')?.focus();
}
