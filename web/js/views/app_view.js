// The signed-in layout: guild rail | channel sidebar + user panel | conversation | members.
// Re-renders each part when its store topics change; owns the open ChatView.
import { h, clear, avatar, displayName } from '../dom.js';
import { ChannelType } from '../store.js';
import { ChatView } from './chat_view.js';
import { renderRail, renderChannelList } from './sidebar.js';
import { renderMembers } from './member_list.js';
import { formDialog, infoDialog } from './dialogs.js';
import { channelPath, navigate } from '../router.js';
import { toggleTheme, currentTheme } from '../theme.js';
import { describe } from './auth_view.js';

export class AppView {
  constructor({ api, store, gateway, onLogout }) {
    Object.assign(this, { api, store, gateway, onLogout });
    this.route = null;
    this.chat = null;
    // The member list is open by default on wide screens only; crossing the width resets it.
    const wide = matchMedia('(min-width: 1100px)');
    this.showMembers = wide.matches;
    wide.addEventListener('change', () => { this.showMembers = wide.matches; this.renderHeader(); this.renderMembers(); });
    this.banner = h('div.banner', { role: 'status', hidden: true });
    this.rail = h('nav.rail', { 'aria-label': 'Guilds' });
    this.channelsEl = h('div.sidebar-body');
    this.userPanel = h('div.user-panel');
    this.sidebar = h('aside.sidebar', { 'aria-label': 'Channels' }, this.channelsEl, this.userPanel);
    this.header = h('header.chat-header');
    this.main = h('main.main', { id: 'main' }, this.header, h('div.chat-slot'));
    this.members = h('aside.members', { 'aria-label': 'Members' });
    this.toastEl = h('div.toast', { role: 'alert', hidden: true });
    this.el = h('div.shell', null, h('a.skip', { href: '#composer' }, 'Skip to message box'), this.banner, this.rail, this.sidebar, this.main, this.members, this.toastEl);

    const rerenderNav = () => { this.renderRail(); this.renderChannels(); };
    store.on('guilds', rerenderNav);
    store.on('read', rerenderNav);
    store.on('private', rerenderNav);
    store.on('me', () => this.renderUser());
    store.on('presence', () => { if (this.route?.guildId === '@me') this.renderChannels(); });
    gateway.addEventListener('state', (e) => this.renderBanner(e.detail.state));
    this.renderBanner(gateway.state);
  }

  toast(text) {
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => { this.toastEl.hidden = true; }, 5000);
  }

  renderBanner(state) {
    const offline = state !== 'ready';
    this.banner.hidden = !offline;
    this.el.classList.toggle('offline', offline);
    this.banner.textContent = state === 'connecting' ? 'Connecting…' : 'You are offline. Reconnecting…';
  }

  show(route) {
    const guildId = route.guildId || '@me';
    const sameGuild = this.subscribedGuild === guildId;
    this.route = { ...route, guildId };
    if (guildId !== '@me') {
      if (!this.store.guilds.has(guildId)) {
        // Guilds arrive after READY (GUILD_CREATE); wait for this one.
        clear(this.main.querySelector('.chat-slot')).append(h('p.empty', null, 'Loading…'));
      } else if (!route.channelId) {
        const first = this.store.guildChannels(guildId).filter((c) => c.type === ChannelType.TEXT || c.type === ChannelType.ANNOUNCEMENT)
          .sort((a, b) => a.position - b.position)[0];
        if (first) return navigate(channelPath(guildId, first.id), { replace: true });
      }
      if (!sameGuild) {
        this.unsubGuild?.();
        const a = this.store.on(`guild:${guildId}`, () => {
          if (!this.route.channelId || !this.chat) return this.show({ ...this.route });
          this.renderChannels();
          this.renderHeader();
        });
        const b = this.store.on(`members:${guildId}`, () => this.renderMembersSoon());
        const c = this.store.on(`voice:${guildId}`, () => this.renderChannels());
        this.unsubGuild = () => { a(); b(); c(); };
        this.subscribedGuild = guildId;
        this.loadMembers(guildId);
      }
    } else if (!sameGuild) {
      this.unsubGuild?.();
      this.unsubGuild = null;
      this.subscribedGuild = '@me';
    }
    this.renderRail();
    this.renderChannels();
    this.renderUser();
    this.openChat();
    this.renderMembers();
  }

  async loadMembers(guildId) {
    try {
      const members = await this.api.get(`/guilds/${guildId}/members?limit=1000`);
      this.store.addMembers(guildId, members);
    } catch { /* GUILD_CREATE's members remain */ }
    // Presences of everyone (GUILD_CREATE carries them only for the guilds known at Identify).
    this.gateway.requestMembers(guildId);
  }

  openChat() {
    const { channelId } = this.route;
    if (this.chat?.channelId === channelId) return;
    this.chat?.destroy();
    this.chat = null;
    const slot = clear(this.main.querySelector('.chat-slot'));
    this.renderHeader();
    if (!channelId || !this.store.channels.has(channelId)) {
      slot.append(h('div.empty-chat', null, h('p', null, this.route.guildId === '@me'
        ? 'Pick a conversation, or open one from a guild member list.' : 'Loading…')));
      return;
    }
    this.chat = new ChatView({ api: this.api, store: this.store, channelId, onToast: (t) => this.toast(t) });
    slot.append(this.chat.el);
    this.el.classList.remove('show-members-mobile');
  }

  renderHeader() {
    clear(this.header);
    const c = this.store.channels.get(this.route?.channelId);
    const isGuild = this.route?.guildId !== '@me';
    this.header.append(...[
      h('button.icon-button.menu-toggle', { type: 'button', 'aria-label': 'Show channels', onclick: () => document.body.classList.toggle('show-sidebar') }, '☰'),
      h('h1', null, c ? (c.guild_id ? `# ${c.name}` : this.store.channelName(c)) : ''),
      c?.topic ? h('p.topic', null, c.topic) : null,
      h('span.spacer'),
      isGuild ? h('button.icon-button', { type: 'button', id: 'members-toggle', 'aria-pressed': String(this.showMembers), 'aria-label': 'Members',
        onclick: () => { this.showMembers = !this.showMembers; document.body.classList.toggle('show-members', this.showMembers); this.renderMembers(); } }, '👥') : null,
    ].filter(Boolean));
    document.body.classList.toggle('show-members', isGuild && this.showMembers);
  }

  renderRail() {
    renderRail(this.rail, {
      store: this.store, current: this.route?.guildId,
      onCreateGuild: () => this.createGuild(), onJoin: () => this.joinPrompt(),
    });
  }

  renderChannels() {
    if (!this.route) return;
    renderChannelList(this.channelsEl, {
      store: this.store, guildId: this.route.guildId, channelId: this.route.channelId,
      actions: {
        invite: (g) => this.createInvite(g), createChannel: (g) => this.createChannel(g), leave: (g) => this.leave(g),
        editChannel: (c) => this.editChannel(c), newGroup: () => this.newGroup(),
      },
    });
  }

  renderMembersSoon() {
    // A timer, not requestAnimationFrame: a hidden tab must still be current when shown.
    if (this.membersTimer) return;
    this.membersTimer = setTimeout(() => { this.membersTimer = 0; this.renderMembers(); }, 30);
  }

  renderMembers() {
    const gid = this.route?.guildId;
    if (!gid || gid === '@me' || !this.showMembers) { clear(this.members); return; }
    renderMembers(this.members, { store: this.store, guildId: gid, onMessage: (userId) => this.openDm(userId) });
  }

  renderUser() {
    clear(this.userPanel);
    const me = this.store.me;
    if (!me) return;
    const status = h('select', { id: 'status-select', 'aria-label': 'Your status' },
      [['online', 'Online'], ['idle', 'Idle'], ['dnd', 'Do not disturb'], ['invisible', 'Invisible']]
        .map(([v, l]) => h('option', { value: v, selected: this.store.status === v }, l)));
    status.addEventListener('change', () => {
      this.store.status = status.value;
      this.gateway.setPresence(status.value);
      this.store.presences.set(me.id, status.value === 'invisible' ? 'offline' : status.value);
      this.renderMembersSoon();
    });
    this.userPanel.append(h('span.avatar-wrap', null, avatar(me, 32), h(`span.status-dot.${this.store.status}`)),
      h('span.me', null, h('strong', null, displayName(me)), h('small', null, `@${me.username}`)),
      status,
      h('button.icon-button', { type: 'button', id: 'theme-toggle', 'aria-label': `Switch to ${currentTheme() === 'dark' ? 'light' : 'dark'} theme`,
        onclick: () => { toggleTheme(); this.renderUser(); } }, currentTheme() === 'dark' ? '☀' : '☾'),
      h('button.icon-button', { type: 'button', id: 'logout', 'aria-label': 'Log out', onclick: () => this.onLogout() }, '⎋'));
  }

  // --- actions ---

  createGuild() {
    formDialog({
      title: 'Create a guild', submitLabel: 'Create',
      fields: [{ name: 'name', label: 'Guild name', value: `${displayName(this.store.me)}'s guild`, required: true }],
      onSubmit: async ({ name }) => {
        const g = await this.api.post('/guilds', { name });
        navigate(channelPath(g.id));
      },
    });
  }

  joinPrompt() {
    formDialog({
      title: 'Join a guild', submitLabel: 'Continue',
      fields: [{ name: 'code', label: 'Invite link or code', required: true }],
      onSubmit: async ({ code }) => navigate(`/invite/${encodeURIComponent(code.split('/').filter(Boolean).pop())}`),
    });
  }

  async createInvite(guildId) {
    const channelId = this.route.channelId || this.store.guildChannels(guildId).find((c) => c.type === ChannelType.TEXT)?.id;
    try {
      const inv = await this.api.post(`/channels/${channelId}/invites`, { max_age: 86400, max_uses: 0, unique: true });
      const url = `${location.origin}/invite/${inv.code}`;
      const input = h('input', { value: url, readOnly: true, id: 'invite-link', 'aria-label': 'Invite link' });
      infoDialog({ title: 'Invite people', content: [h('p', null, 'Share this link (valid for 24 hours):'), input,
        h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(url) }, 'Copy')] });
      input.select();
    } catch (err) { this.toast(describe(err)); }
  }

  createChannel(guildId) {
    const cats = this.store.guildChannels(guildId).filter((c) => c.type === ChannelType.CATEGORY);
    formDialog({
      title: 'Create channel', submitLabel: 'Create',
      fields: [
        { name: 'name', label: 'Name', required: true },
        { name: 'type', label: 'Type', type: 'select', value: '0', options: [['0', 'Text'], ['2', 'Voice'], ['4', 'Category']] },
        { name: 'parent_id', label: 'Category', type: 'select', value: '', options: [['', 'None'], ...cats.map((c) => [c.id, c.name])] },
      ],
      onSubmit: async ({ name, type, parent_id: parent }) => {
        const body = { name, type: Number(type) };
        if (parent && type !== '4') body.parent_id = parent;
        const c = await this.api.post(`/guilds/${guildId}/channels`, body);
        this.store.addChannel(c);
        if (c.type === ChannelType.TEXT) navigate(channelPath(guildId, c.id));
      },
    });
  }

  editChannel(c) {
    formDialog({
      title: `Edit #${c.name}`,
      fields: [{ name: 'name', label: 'Name', value: c.name, required: true }, { name: 'topic', label: 'Topic', value: c.topic || '', maxLength: 1024 }],
      extra: h('button.danger', { type: 'button', onclick: async (e) => {
        if (!confirm(`Delete #${c.name}?`)) return;
        try { await this.api.del(`/channels/${c.id}`); this.store.removeChannel(c); e.target.closest('dialog').close(); navigate(channelPath(c.guild_id)); } catch (err) { this.toast(describe(err)); }
      } }, 'Delete channel'),
      onSubmit: async ({ name, topic }) => {
        const body = { name };
        if (c.type === ChannelType.TEXT) body.topic = topic || null;
        this.store.addChannel(await this.api.patch(`/channels/${c.id}`, body));
      },
    });
  }

  async leave(guildId) {
    if (!confirm(`Leave ${this.store.guilds.get(guildId)?.guild.name}?`)) return;
    try {
      await this.api.del(`/users/@me/guilds/${guildId}`);
      this.store.on_GUILD_DELETE({ id: guildId });
      navigate('/channels/@me');
    } catch (err) { this.toast(describe(err)); }
  }

  async openDm(userId) {
    try {
      const c = await this.api.post('/users/@me/channels', { recipient_id: userId });
      this.store.addChannel(c);
      navigate(channelPath(null, c.id));
    } catch (err) { this.toast(describe(err)); }
  }

  newGroup() {
    const known = [...this.store.users.values()].filter((u) => u.id !== this.store.me.id && !u.bot);
    formDialog({
      title: 'New group', submitLabel: 'Create',
      fields: known.slice(0, 50).map((u) => ({ name: u.id, label: displayName(u), type: 'checkbox' })),
      onSubmit: async (values) => {
        const ids = Object.entries(values).filter(([, v]) => v).map(([k]) => k);
        const c = await this.api.post('/users/@me/channels', { recipients: ids });
        this.store.addChannel(c);
        navigate(channelPath(null, c.id));
      },
    });
  }
}
