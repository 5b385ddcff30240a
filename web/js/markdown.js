// Message content → DOM nodes: mentions (<@id>, <@&id>, <#id>, @everyone), links, `code`,
// **bold**, *italic*, ~~strike~~ and ```blocks```. Built with text nodes only, never innerHTML.
import { h } from './dom.js';

const TOKEN = /(```[\s\S]+?```|`[^`\n]+`|<@!?\d+>|<@&\d+>|<#\d+>|@everyone|@here|https?:\/\/[^\s<]+[^\s<.,:;"')\]]|\*\*[^*\n]+\*\*|\*[^*\n]+\*|~~[^~\n]+~~)/g;

// ctx: {userName(id), roleName(id), channelName(id), meId}
export function renderContent(text, ctx) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(token(m[0], ctx));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function token(t, ctx) {
  if (t.startsWith('```')) return h('pre.codeblock', null, h('code', null, t.slice(3, -3).replace(/^\w*\n/, '')));
  if (t.startsWith('`')) return h('code.inline', null, t.slice(1, -1));
  if (t.startsWith('<@&')) return h('span.mention', null, `@${ctx.roleName(t.slice(3, -1))}`);
  if (t.startsWith('<@')) {
    const id = t.replace(/[<@!>]/g, '');
    return h(`span.mention${id === ctx.meId ? '.me' : ''}`, null, `@${ctx.userName(id)}`);
  }
  if (t.startsWith('<#')) return h('span.mention', null, `#${ctx.channelName(t.slice(2, -1))}`);
  if (t === '@everyone' || t === '@here') return h('span.mention.me', null, t);
  if (t.startsWith('http')) return h('a', { href: t, target: '_blank', rel: 'noopener noreferrer' }, t);
  if (t.startsWith('**')) return h('strong', null, t.slice(2, -2));
  if (t.startsWith('~~')) return h('s', null, t.slice(2, -2));
  return h('em', null, t.slice(1, -1));
}
