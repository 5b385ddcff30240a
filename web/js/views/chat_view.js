// The conversation view of one channel: a virtualized message list (history on scroll-up, live
// dispatches), the "new messages" divider and read acks, typing indicator, and the composer
// (Enter sends, Shift+Enter new line, Up edits your last message, Esc cancels, files with
// upload progress and previews).
import { h, clear, cmpId, displayName, debounce, formatBytes } from '../dom.js';
import { emojiRoute, ApiError } from '../api.js';
import { VirtualList } from '../virtual_list.js';
import { messageRow, isGrouped } from './message_row.js';
import { describe } from './auth_view.js';
import { channelPermissions, can, P } from '../permissions.js';

const PAGE = 50;

export class ChatView {
  constructor({ api, store, channelId, onToast }) {
    this.api = api;
    this.store = store;
    this.channelId = channelId;
    this.channel = store.channels.get(channelId);
    this.guildId = this.channel?.guild_id || null;
    this.toast = onToast;
    this.editingId = null;
    this.replyTo = null;
    this.files = [];
    this.loadingBefore = false;
    this.unsubs = [];
    this.lastTypingSent = 0;
    // The divider stays where the read position was when the channel was opened.
    this.readMark = store.isUnread(this.channel) ? store.readStates.get(channelId)?.last_message_id || '0' : null;

    this.listEl = h('div.messages', { role: 'log', 'aria-label': 'Messages', tabindex: '0' });
    this.typingEl = h('div.typing', { 'aria-live': 'polite' });
    this.el = h('section.chat', { 'aria-label': 'Conversation' }, this.listEl, this.typingEl, this.composer());

    this.list = new VirtualList(this.listEl, {
      keyOf: (m) => m.id,
      signatureOf: (m, i) => this.signature(m, i),
      render: (m, i) => this.renderRow(m, i),
      onNearTop: () => this.loadOlder(),
      onScrolled: (atBottom) => { if (atBottom) this.ackSoon(); },
    });

    // Keyboard: Up/Down move between messages (a focused message shows its actions, reachable
    // with Tab); Home/End jump; Escape returns to the message box.
    this.listEl.addEventListener('keydown', (e) => this.onListKey(e));
    this.unsubs.push(store.on(`messages:${channelId}`, (e) => this.onMessages(e)));
    this.unsubs.push(store.on(`typing:${channelId}`, () => this.renderTyping()));
    this.unsubs.push(store.on(`members:${this.guildId}`, () => this.list.setItems(this.items())));
    this.onVisible = () => { if (document.visibilityState === 'visible') this.ackSoon(); };
    document.addEventListener('visibilitychange', this.onVisible);
    this.ackSoon = debounce(() => this.ack(), 400);
    this.start();
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    document.removeEventListener('visibilitychange', this.onVisible);
    this.list.destroy();
  }

  get perms() {
    const g = this.store.guilds.get(this.guildId);
    return g ? channelPermissions(g, this.channel, this.store.me.id) : null;
  }

  items() { return this.store.channelMessages(this.channelId).list; }

  onListKey(e) {
    if (e.target.closest('textarea, input')) return;
    const list = this.items();
    if (!list.length) return;
    const current = e.target.closest('.msg')?.dataset.id;
    let i = current ? list.findIndex((m) => m.id === current) : list.length;
    if (e.key === 'ArrowUp') i = Math.max(0, i - 1);
    else if (e.key === 'ArrowDown') i = Math.min(list.length - 1, i + 1);
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = list.length - 1;
    else if (e.key === 'Escape') { e.preventDefault(); this.input.focus(); return; } else return;
    e.preventDefault();
    const id = list[i].id;
    this.list.scrollToKey(id);
    if (e.key === 'End') this.list.scrollToBottom();
    this.listEl.querySelector(`.msg[data-id="${id}"]`)?.focus({ preventScroll: true });
  }

  async start() {
    const m = this.store.channelMessages(this.channelId);
    if (!m.loaded) {
      try {
        const pre = this.store.prefetch?.channelId === this.channelId ? await this.store.prefetch.promise : null;
        this.store.prefetch = null;
        const batch = pre || await this.api.messages(this.channelId, { limit: PAGE });
        this.store.addHistory(this.channelId, batch, { before: null, limit: PAGE });
      } catch (err) {
        this.toast?.(describe(err));
      }
    } else {
      this.list.setItems(this.items());
    }
    this.list.scrollToBottom();
    this.el.dataset.ready = 'true';
    this.ackSoon();
    this.renderTyping();
  }

  async loadOlder() {
    const m = this.store.channelMessages(this.channelId);
    if (this.loadingBefore || !m.loaded || !m.hasMoreBefore || !m.list.length) return;
    this.loadingBefore = true;
    this.listEl.classList.add('loading-older');
    try {
      const batch = await this.api.messages(this.channelId, { before: m.list[0].id, limit: PAGE });
      this.store.addHistory(this.channelId, batch, { before: m.list[0].id, limit: PAGE });
    } catch (err) {
      this.toast?.(describe(err));
    } finally {
      this.loadingBefore = false;
      this.listEl.classList.remove('loading-older');
    }
  }

  onMessages(e) {
    if (e?.kind === 'update') this.list.invalidate(e.id);
    const wasAtBottom = this.list.stickToBottom;
    this.list.setItems(this.items());
    if (e?.kind === 'create' && wasAtBottom) this.ackSoon();
  }

  // What a row's look depends on: re-rendered when any of it changes.
  signature(m, i) {
    const list = this.items();
    return `${m._v}|${isGrouped(m, list[i - 1]) ? 1 : 0}|${this.dividerAt(m) ? 1 : 0}|${this.editingId === m.id ? 1 : 0}`;
  }

  // The first message of someone else after the read position when the channel was opened.
  dividerAt(m) {
    if (this.readMark === null) return false;
    if (this.firstUnreadFor !== this.items().length) {
      this.firstUnreadFor = this.items().length;
      const me = this.store.me.id;
      this.firstUnreadId = this.items().find((x) => x.author.id !== me && cmpId(x.id, this.readMark) > 0)?.id;
    }
    return m.id === this.firstUnreadId;
  }

  renderRow(m, i) {
    const list = this.items();
    const store = this.store;
    const guild = store.guilds.get(this.guildId);
    const perms = this.perms;
    return messageRow(m, {
      store,
      meId: store.me.id,
      guildId: this.guildId,
      grouped: isGrouped(m, list[i - 1]),
      divider: this.dividerAt(m),
      editing: this.editingId === m.id,
      mentioned: m.author.id !== store.me.id && (m.mention_everyone || (m.mentions || []).some((u) => u.id === store.me.id)),
      canManage: perms ? can(perms, P.MANAGE_MESSAGES) : false,
      nameColor: (userId) => roleColor(guild, userId),
      contentCtx: {
        meId: store.me.id,
        userName: (id) => displayName(store.users.get(id), store.member(this.guildId, id)) || 'unknown',
        roleName: (id) => guild?.roles.get(id)?.name || 'role',
        channelName: (id) => store.channels.get(id)?.name || 'channel',
      },
      actions: {
        react: (msg, emoji, add) => this.react(msg, emoji, add),
        reply: (msg) => this.startReply(msg),
        edit: (msg) => this.startEdit(msg),
        remove: (msg) => this.remove(msg),
        saveEdit: (msg, text) => this.saveEdit(msg, text),
        cancelEdit: () => this.stopEdit(),
        jump: (id) => this.list.scrollToKey(id),
      },
    });
  }

  // --- read position (read_state_routes.cpp) ---

  async ack() {
    const list = this.items();
    if (!list.length || document.visibilityState === 'hidden' || !this.list.atBottom()) return;
    const last = list[list.length - 1].id;
    const rs = this.store.readStates.get(this.channelId);
    if (rs && cmpId(rs.last_message_id || '0', last) >= 0 && !rs.mention_count) return;
    this.store.markRead(this.channelId, last);
    try {
      await this.api.post(`/channels/${this.channelId}/messages/${last}/ack`, { token: null });
    } catch { /* the next ack carries it */ }
  }

  // --- actions ---

  async react(msg, emoji, add) {
    const path = `/channels/${this.channelId}/messages/${msg.id}/reactions/${emojiRoute(emoji)}/@me`;
    try { await (add ? this.api.put(path) : this.api.del(path)); } catch (err) { this.toast?.(describe(err)); }
  }

  startReply(msg) {
    this.replyTo = msg;
    this.renderReplyBar();
    this.input.focus();
  }

  startEdit(msg) {
    this.editingId = msg.id;
    this.list.invalidate(msg.id);
    this.list.setItems(this.items());
  }

  stopEdit() {
    const id = this.editingId;
    this.editingId = null;
    if (id) { this.list.invalidate(id); this.list.setItems(this.items()); }
    this.input.focus();
  }

  async saveEdit(msg, text) {
    text = text.trim();
    if (!text && !msg.attachments?.length) return this.remove(msg);
    try {
      if (text !== msg.content) {
        const updated = await this.api.patch(`/channels/${this.channelId}/messages/${msg.id}`, { content: text });
        this.store.on_MESSAGE_UPDATE(updated);
      }
      this.stopEdit();
    } catch (err) { this.toast?.(describe(err)); }
  }

  async remove(msg) {
    if (!confirm('Delete this message?')) return;
    try {
      await this.api.del(`/channels/${this.channelId}/messages/${msg.id}`);
      this.store.deleteMessages(this.channelId, [msg.id]);
    } catch (err) { this.toast?.(describe(err)); }
  }

  async send() {
    const content = this.input.value.trim();
    if (!content && !this.files.length) return;
    const payload = { content, nonce: String(Date.now()) + String(Math.floor(Math.random() * 1000)) };
    if (this.replyTo) payload.message_reference = { message_id: this.replyTo.id };
    const files = this.files;
    this.input.value = '';
    this.lastTypingSent = 0;  // our message ended the indicator on the other side
    this.autosize();
    this.replyTo = null;
    this.renderReplyBar();
    try {
      let msg;
      if (files.length) {
        this.files = [];
        this.renderFiles();
        const total = files.reduce((n, f) => n + f.size, 0);
        this.progress.hidden = false;
        this.progress.value = 0;
        const up = this.api.upload(this.channelId, payload, files, (loaded, t) => {
          this.progress.max = t || total;
          this.progress.value = loaded;
          this.progressText.textContent = `Uploading ${formatBytes(loaded)} of ${formatBytes(t || total)}`;
        });
        try { msg = await up.promise; } finally { this.progress.hidden = true; this.progressText.textContent = ''; }
      } else {
        msg = await this.api.post(`/channels/${this.channelId}/messages`, payload);
      }
      const m = this.store.channelMessages(this.channelId);
      this.store.upsertMessage(m, msg);
      this.store.markRead(this.channelId, msg.id);
      this.list.scrollToBottom();
      this.store.emit(`messages:${this.channelId}`, { kind: 'create', id: msg.id });
    } catch (err) {
      if (!this.input.value) this.input.value = content;
      this.toast?.(err instanceof ApiError ? describe(err) : 'Could not send the message.');
    }
  }

  typing() {
    const now = Date.now();
    if (now - this.lastTypingSent < 8000) return;
    this.lastTypingSent = now;
    this.api.post(`/channels/${this.channelId}/typing`, {}).catch(() => {});
  }

  // --- composer ---

  composer() {
    const canSend = !this.perms || can(this.perms, P.SEND_MESSAGES);
    this.input = h('textarea.composer-input', {
      rows: 1, placeholder: canSend ? `Message ${this.channel?.name ? `#${this.channel.name}` : ''}` : 'You cannot send messages here',
      disabled: !canSend, 'aria-label': 'Message', id: 'composer',
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.send(); return; }
      if (e.key === 'Escape') {
        if (this.replyTo) { this.replyTo = null; this.renderReplyBar(); }
        if (this.files.length) { this.files = []; this.renderFiles(); }
        return;
      }
      if (e.key === 'ArrowUp' && !this.input.value) {
        const mine = [...this.items()].reverse().find((m) => m.author.id === this.store.me.id);
        if (mine) { e.preventDefault(); this.list.scrollToKey(mine.id); this.startEdit(mine); }
      }
    });
    this.input.addEventListener('input', () => { this.autosize(); if (this.input.value) this.typing(); });
    const fileInput = h('input', { type: 'file', multiple: true, hidden: true, id: 'file-input' });
    fileInput.addEventListener('change', () => {
      this.files.push(...fileInput.files);
      fileInput.value = '';
      this.renderFiles();
      this.input.focus();
    });
    this.input.addEventListener('paste', (e) => {
      const pasted = [...(e.clipboardData?.files || [])];
      if (pasted.length) { this.files.push(...pasted); this.renderFiles(); }
    });
    this.replyBar = h('div.reply-bar', { hidden: true });
    this.filesEl = h('div.pending-files');
    this.progress = h('progress.upload-progress', { hidden: true, max: 1, value: 0, 'aria-label': 'Upload progress' });
    this.progressText = h('span.upload-text', { 'aria-live': 'polite' });
    const attach = h('button.attach', { type: 'button', title: 'Attach files', 'aria-label': 'Attach files', disabled: !canSend,
      onclick: () => fileInput.click() }, '+');
    return h('div.composer', null, this.replyBar, this.filesEl, h('div.upload', null, this.progress, this.progressText),
      h('div.composer-row', null, attach, fileInput, this.input,
        h('button.send', { type: 'button', onclick: () => this.send(), disabled: !canSend, 'aria-label': 'Send' }, 'Send')));
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }

  renderReplyBar() {
    clear(this.replyBar);
    this.replyBar.hidden = !this.replyTo;
    if (!this.replyTo) return;
    const m = this.replyTo;
    this.replyBar.append(h('span', null, 'Replying to ', h('strong', null, displayName(m.author, this.store.member(this.guildId, m.author.id)))),
      h('button', { type: 'button', 'aria-label': 'Cancel reply', onclick: () => { this.replyTo = null; this.renderReplyBar(); } }, '×'));
  }

  renderFiles() {
    clear(this.filesEl);
    this.files.forEach((f, i) => {
      const preview = f.type.startsWith('image/') ? h('img', { src: URL.createObjectURL(f), alt: '', onload: (e) => URL.revokeObjectURL(e.target.src) }) : h('span.file-icon', null, '📄');
      this.filesEl.append(h('div.pending-file', null, preview, h('span', null, f.name, ' ', formatBytes(f.size)),
        h('button', { type: 'button', 'aria-label': `Remove ${f.name}`, onclick: () => { this.files.splice(i, 1); this.renderFiles(); } }, '×')));
    });
  }

  renderTyping() {
    const ids = this.store.typingIn(this.channelId);
    const names = ids.map((id) => displayName(this.store.users.get(id), this.store.member(this.guildId, id)));
    this.typingEl.textContent = !names.length ? '' : names.length === 1 ? `${names[0]} is typing…`
      : names.length < 4 ? `${names.join(', ')} are typing…` : 'Several people are typing…';
  }
}

export function roleColor(guild, userId) {
  const mem = guild?.members.get(userId);
  if (!mem) return '';
  let best = null;
  for (const id of mem.roles || []) {
    const r = guild.roles.get(id);
    if (r?.color && (!best || r.position > best.position)) best = r;
  }
  return best ? `#${best.color.toString(16).padStart(6, '0')}` : '';
}
