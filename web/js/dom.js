// Small DOM helpers shared by the views: element creation without innerHTML (so user text is
// never parsed as markup) and a few formatting helpers.

// h('div.row.active', {onclick, title, dataset: {id}}, child, 'text', [more]) → HTMLElement.
export function h(spec, props, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// Snowflakes as strings: compare without BigInt allocations (same length ⇒ lexicographic).
export function cmpId(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const DISCORD_EPOCH = 1420070400000n;
export function idTime(id) {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function formatTime(iso) {
  const d = new Date(iso);
  const now = new Date();
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return `Today at ${time}`;
  return `${d.toLocaleDateString()} ${time}`;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function displayName(user, member) {
  return member?.nick || user?.global_name || user?.username || 'unknown';
}

// Initials on a coloured circle stand in for avatars (no image request per row).
export function avatar(user, size = 40) {
  const name = user?.global_name || user?.username || '?';
  const hue = user?.id ? Number(BigInt(user.id) % 360n) : 0;
  return h('span.avatar', { style: { '--hue': hue, width: `${size}px`, height: `${size}px` }, 'aria-hidden': 'true' },
    name.slice(0, 1).toUpperCase());
}

export function debounce(fn, ms) {
  let t = 0;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}
