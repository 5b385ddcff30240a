// One message of the conversation view: author header (unless grouped with the previous one),
// reply preview, content with mentions, attachments (image previews), reactions and actions.
import { h, avatar, displayName, formatTime, formatBytes, idTime } from '../dom.js';
import { renderContent } from '../markdown.js';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '👀'];
const GROUP_MS = 7 * 60 * 1000;

export function isGrouped(msg, prev) {
  return !!prev && !msg.message_reference && prev.author.id === msg.author.id && idTime(msg.id) - idTime(prev.id) < GROUP_MS;
}

// ctx: {store, meId, guildId, canManage, nameColor(userId), contentCtx, divider, editing,
//       actions: {react(msg, emoji), reply(msg), edit(msg), remove(msg), saveEdit(msg, text), cancelEdit(), jump(id)}}
export function messageRow(msg, ctx) {
  const grouped = ctx.grouped;
  const member = ctx.guildId ? ctx.store.member(ctx.guildId, msg.author.id) : null;
  const mine = msg.author.id === ctx.meId;
  const classes = ['msg'];
  if (grouped) classes.push('grouped');
  if (ctx.mentioned) classes.push('mentioned');
  const row = h(`article.${classes.join('.')}`, { dataset: { id: msg.id }, tabindex: '-1', 'aria-label': `${displayName(msg.author, member)}: ${msg.content || 'attachment'}` });
  if (ctx.divider) row.append(h('div.new-divider', { role: 'separator' }, h('span', null, 'New messages')));

  if (msg.message_reference && msg.referenced_message !== undefined) {
    const ref = msg.referenced_message;
    row.append(h('button.reply-preview', { type: 'button', onclick: () => ref && ctx.actions.jump(ref.id) },
      '↪ ', ref ? [h('strong', null, displayName(ref.author, ctx.store.member(ctx.guildId, ref.author.id))), ' ', (ref.content || 'attachment').slice(0, 100)]
        : h('em', null, 'Original message was deleted')));
  }

  const body = h('div.msg-body');
  if (!grouped) {
    row.append(avatar(msg.author));
    body.append(h('header', null,
      h('span.author', { style: { color: ctx.nameColor(msg.author.id) || '' } }, displayName(msg.author, member)),
      h('time', { datetime: msg.timestamp }, formatTime(msg.timestamp))));
  }
  if (ctx.editing) {
    const input = h('textarea.edit-input', { rows: 1, 'aria-label': 'Edit message' });
    input.value = msg.content;
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); ctx.actions.cancelEdit(); }
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); ctx.actions.saveEdit(msg, input.value); }
    });
    body.append(input, h('p.hint', null, 'Enter to save · Esc to cancel'));
    queueMicrotask(() => { input.focus(); input.setSelectionRange(input.value.length, input.value.length); });
  } else if (msg.content) {
    body.append(h('div.content', null, renderContent(msg.content, ctx.contentCtx),
      msg.edited_timestamp ? h('span.edited', { title: formatTime(msg.edited_timestamp) }, ' (edited)') : null));
  }

  for (const a of msg.attachments || []) body.append(attachment(a));

  if (msg.reactions?.length) {
    body.append(h('div.reactions', null, msg.reactions.map((r) => h(`button.reaction${r.me ? '.me' : ''}`, {
      type: 'button', 'aria-pressed': String(!!r.me), title: r.me ? 'Remove reaction' : 'React',
      onclick: () => ctx.actions.react(msg, r.emoji, !r.me),
    }, r.emoji.id ? `:${r.emoji.name}:` : r.emoji.name, ' ', h('span.count', null, String(r.count))))));
  }
  row.append(body);

  const tools = h('div.msg-tools', { role: 'toolbar', 'aria-label': 'Message actions' },
    QUICK_REACTIONS.slice(0, 3).map((e) => h('button', { type: 'button', title: `React ${e}`, onclick: () => ctx.actions.react(msg, { name: e, id: null }, true) }, e)),
    h('button', { type: 'button', title: 'Reply', onclick: () => ctx.actions.reply(msg) }, '↩'),
    mine ? h('button.edit', { type: 'button', title: 'Edit', onclick: () => ctx.actions.edit(msg) }, '✎') : null,
    mine || ctx.canManage ? h('button.delete', { type: 'button', title: 'Delete', onclick: () => ctx.actions.remove(msg) }, '🗑') : null);
  row.append(tools);
  return row;
}

function attachment(a) {
  const isImage = (a.content_type || '').startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(a.filename);
  if (isImage) {
    const w = Math.min(a.width || 320, 400);
    const hgt = a.width && a.height ? Math.round((a.height * w) / a.width) : 240;
    return h('a.attachment-image', { href: a.url, target: '_blank', rel: 'noopener' },
      h('img', { src: a.proxy_url || a.url, alt: a.filename, width: w, height: hgt, loading: 'lazy', decoding: 'async' }));
  }
  return h('a.attachment-file', { href: a.url, target: '_blank', rel: 'noopener', download: a.filename },
    '📄 ', a.filename, h('span.size', null, ` ${formatBytes(a.size || 0)}`));
}
