// Browser client benchmarks (issue 8): bytes of the first load, time until the first channel's
// messages are shown, and frame times while scrolling a channel of 10,000 messages, in Debian's
// Chromium (headless) against a local parleyd. Usage (from the repository root):
//   PARLEYD=build/release/apps/parleyd/parleyd node bench/browser/browser_bench.mjs [messages] [runs]
// playwright-core comes from tests/browser/node_modules (python3 tests/browser/run_e2e.py installs it).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const testsDir = join(here, '..', '..', 'tests', 'browser');
const require = createRequire(join(testsDir, 'package.json'));
const { chromium } = require('playwright-core');
const { startServer, CHROMIUM_ARGS } = await import(join(testsDir, 'server.mjs'));

const MESSAGES = Number(process.argv[2] || 10000);
const RUNS = Number(process.argv[3] || 5);
const server = await startServer({ extraArgs: ['--rate-limit', 'off'] });
const api = async (method, path, token, body) => {
  const res = await fetch(`${server.url}/api/v10${path}`, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

let browser;
try {
  const { token } = await api('POST', '/auth/register', null, { username: 'bencher', password: 'correct horse battery' });
  const guild = await api('POST', '/guilds', token, { name: 'Bench Guild' });
  const channels = await api('GET', `/guilds/${guild.id}/channels`, token);
  const channel = channels.find((c) => c.type === 0);
  const t0 = Date.now();
  let next = 0;
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ');
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < MESSAGES) {
      const i = next++;
      const len = 3 + (i * 7919) % 40;  // varied lengths: one to three lines
      const content = `#${i} ` + Array.from({ length: len }, (_, k) => words[(i + k) % words.length]).join(' ');
      await api('POST', `/channels/${channel.id}/messages`, token, { content });
    }
  }));
  console.log(`seeded ${MESSAGES} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const url = `${server.url}/channels/${guild.id}/${channel.id}`;
  const loads = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((t) => {
      sessionStorage.setItem('parley.token', t);
      new MutationObserver((_, obs) => {
        if (document.querySelector('.messages .msg')) { window.__firstMessages = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    }, token);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytes = { static: 0, api: 0 };
    const kinds = new Map();
    cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, new URL(e.response.url).pathname.startsWith('/api/') ? 'api' : 'static'));
    cdp.on('Network.loadingFinished', (e) => { bytes[kinds.get(e.requestId) || 'static'] += e.encodedDataLength; });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstMessages, null, { timeout: 30000 });
    await page.waitForTimeout(300);
    const shown = await page.evaluate(() => window.__firstMessages);
    loads.push({ shown, ...bytes });
    await context.close();
  }
  console.log(`first load: static ${median(loads.map((l) => l.static))} B, API ${median(loads.map((l) => l.api))} B (transfer sizes with headers, gzip)`);
  console.log(`time to first channel messages shown (navigation start → first row in the DOM): median ${median(loads.map((l) => l.shown)).toFixed(0)} ms, runs ${loads.map((l) => l.shown.toFixed(0)).join(' ')}`);

  // Scrolling: load the whole channel into the page (as scrolling up would, page by page), then
  // scroll from the bottom to the top at a steady speed, recording requestAnimationFrame deltas.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((t) => sessionStorage.setItem('parley.token', t), token);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.chat[data-ready="true"]');
  const loaded = await page.evaluate(async ({ channelId, total }) => {
    const { store } = window.__parley;
    const api = { get: (p) => fetch(`/api/v10${p}`, { headers: { Authorization: sessionStorage.getItem('parley.token') } }).then((r) => r.json()) };
    const m = store.channelMessages(channelId);
    while (m.list.length < total) {
      const batch = await api.get(`/channels/${channelId}/messages?limit=100&before=${m.list[0].id}`);
      if (!batch.length) break;
      store.addHistory(channelId, batch, { before: m.list[0].id, limit: 100 });
    }
    return m.list.length;
  }, { channelId: channel.id, total: MESSAGES });
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    results.push(await page.evaluate(async () => {
      const el = document.querySelector('.messages');
      el.scrollTop = el.scrollHeight;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const deltas = [];
      let rows = 0;
      let last = performance.now();
      const step = 400;  // px per frame (~24,000 px/s): a fast fling through the whole channel
      return await new Promise((resolve) => {
        const frame = (now) => {
          deltas.push(now - last);
          last = now;
          rows = Math.max(rows, el.querySelectorAll('.vlist-row').length);
          if (el.scrollTop <= 0 || deltas.length > 3000) return resolve({ deltas: deltas.slice(1), rows, height: el.scrollHeight });
          el.scrollTop -= step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    }));
  }
  const all = results.flatMap((r) => r.deltas);
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  console.log(`scroll ${loaded} messages (list ${results[0].height} px, ${RUNS} passes, ${all.length} frames): frame time mean ${mean.toFixed(2)} ms, median ${median(all).toFixed(2)} ms, p95 ${pct(all, 0.95).toFixed(2)} ms, p99 ${pct(all, 0.99).toFixed(2)} ms, max ${Math.max(...all).toFixed(1)} ms; frames over 20 ms ${(100 * all.filter((d) => d > 20).length / all.length).toFixed(2)} %; at most ${Math.max(...results.map((r) => r.rows))} rows in the DOM`);
  await context.close();
} finally {
  await browser?.close();
  await server.stop();
}
