// End-to-end scenario of the browser client (issue 8) in Debian's Chromium: two people register
// in two browser contexts, one creates a guild and an invite, the other joins by the link; they
// chat live both ways, edit, react, upload an image (preview shown), DM each other; the network
// of one is cut (offline + its gateway socket closed) while the other writes, and after it comes
// back every message is there. Screenshots go to $SCREENSHOT_DIR. Exit code 0 = pass.
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, CHROMIUM_ARGS } from './server.mjs';

const shots = process.env.SCREENSHOT_DIR || join(tmpdir(), 'parley-browser-screenshots');
mkdirSync(shots, { recursive: true });
for (const f of readdirSync(shots)) if (f.startsWith('failure-')) rmSync(join(shots, f));  // from an earlier run
const T = 15000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAIklEQVR4nGP8z8Dwn4ECwESJ5lEDRg0YNWDUgFEDRg0AAJpYAx/pD5oHAAAAAElFTkSuQmCC', 'base64');

// Message posts are relaxed only so the history step can seed 300 messages quickly.
const server = await startServer({ webRoot: process.env.WEB_ROOT || undefined, routeLimits: ['POST /channels/{channel_id}/messages=1000/1s'] });
// launch() gives Chromium a fresh temporary profile (user data dir) of its own.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }).catch(async (e) => {
  await server.stop();
  throw e;
});
const errors = [];
let failed = false;

async function person(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  page.on('dialog', (d) => d.accept());
  return { name, context, page };
}

async function register(p) {
  await p.page.goto(`${server.url}/register`);
  await p.page.fill('#auth-username', p.name);
  await p.page.fill('#auth-password', 'correct horse battery');
  await p.page.click('form.auth-card button[type=submit]');
}

function messageLocator(page, text) {
  return page.locator('.messages .msg .content', { hasText: text });
}

async function send(page, text) {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

async function step(name, fn) {
  const t0 = Date.now();
  await fn();
  console.log(`ok ${name} (${Date.now() - t0} ms)`);
}

try {
  const alice = await person('alice');
  const bob = await person('bob');
  // bob's gateway sockets pass through the test, so it can cut them the way a dead network does:
  // from outside the page, with the server side dropped too, and new sockets refused meanwhile.
  const bobNet = { cut: false, sockets: new Set() };
  await bob.context.routeWebSocket(/\/gateway/, (ws) => {
    if (bobNet.cut) return ws.close({ code: 4000, reason: 'network down' });
    const upstream = ws.connectToServer();
    const entry = { ws, upstream };
    bobNet.sockets.add(entry);
    ws.onClose(() => bobNet.sockets.delete(entry));
  });

  await step('register errors and success', async () => {
    await register(alice);
    await alice.page.waitForSelector('.shell .user-panel');
    // A taken name says so.
    await register(bob);
    await bob.page.waitForSelector('.shell');
    const eve = await person('alice');
    await register(eve);
    await eve.page.waitForSelector('#auth-error:has-text("taken")', { timeout: T });
    // Wrong password on login says so, without telling which field was wrong.
    await eve.page.goto(`${server.url}/login`);
    await eve.page.fill('#auth-username', 'alice');
    await eve.page.fill('#auth-password', 'wrong password!');
    await eve.page.click('form.auth-card button[type=submit]');
    await eve.page.waitForSelector('#auth-error:has-text("Wrong username or password")', { timeout: T });
    await eve.page.screenshot({ path: join(shots, 'login-error.png') });
    // A 429 says when to try again (rest.md §4.2); the page does not hang on it.
    await eve.page.route('**/api/v10/auth/login', (r) => r.fulfill({ status: 429, contentType: 'application/json',
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 3.2, global: false }) }));
    await eve.page.click('form.auth-card button[type=submit]');
    await eve.page.waitForSelector('#auth-error:has-text("Try again in 4 s")', { timeout: T });
    await eve.context.close();
  });

  let guildId, channelId, inviteUrl;
  await step('create guild and invite', async () => {
    await alice.page.click('button[aria-label="Create a guild"]');
    await alice.page.fill('#dlg-name', 'Test Guild');
    await alice.page.click('dialog button[type=submit]');
    await alice.page.waitForURL(/\/channels\/\d+\/\d+$/, { timeout: T });
    [, guildId, channelId] = new URL(alice.page.url()).pathname.match(/\/channels\/(\d+)\/(\d+)/);
    await alice.page.waitForSelector('.chat[data-ready="true"]');
    await alice.page.click('#invite-button');
    inviteUrl = await alice.page.inputValue('#invite-link');
    assert.match(inviteUrl, /\/invite\/[\w-]+$/);
    await alice.page.keyboard.press('Escape');
  });

  await step('join by invite link', async () => {
    await bob.page.goto(inviteUrl);  // a deep link: the server answers index.html
    await bob.page.click('#accept-invite', { timeout: T });
    await bob.page.waitForURL(new RegExp(`/channels/${guildId}/${channelId}$`), { timeout: T });
    await bob.page.waitForSelector('.chat[data-ready="true"]');
  });

  await step('live chat both ways', async () => {
    await send(alice.page, 'hello bob');
    await messageLocator(bob.page, 'hello bob').waitFor({ timeout: T });
    await send(bob.page, `hi <@${await alice.page.evaluate(() => window.__parley.store.me.id)}>, how are you?`);
    await messageLocator(alice.page, 'how are you?').waitFor({ timeout: T });
    // A mention of alice is highlighted for her.
    await alice.page.locator('.msg.mentioned', { hasText: 'how are you?' }).waitFor({ timeout: T });
    await bob.page.locator('.members .member.online', { hasText: 'alice' }).waitFor({ timeout: T });
    // alice's member list gained bob live (GUILD_MEMBER_ADD), shown online (PRESENCE_UPDATE).
    await alice.page.locator('.members .member.online', { hasText: 'bob' }).waitFor({ timeout: T });
  });

  await step('keyboard: move through messages, act on one', async () => {
    await alice.page.focus('.messages');
    await alice.page.keyboard.press('ArrowUp');
    const focused = await alice.page.evaluate(() => document.activeElement.closest('.msg')?.textContent || '');
    assert.match(focused, /how are you\?/);
    await alice.page.keyboard.press('ArrowUp');
    assert.match(await alice.page.evaluate(() => document.activeElement.textContent), /hello bob/);
    await alice.page.keyboard.press('Tab');  // into the focused message's actions
    assert.match(await alice.page.evaluate(() => document.activeElement.title), /React/);
    await alice.page.keyboard.press('Escape');
    assert.equal(await alice.page.evaluate(() => document.activeElement.id), 'composer');
  });

  await step('voice channel occupants', async () => {
    // Voice itself is not in the browser (issue 8); alice's session joins through op 4 as a voice
    // client would, and bob's channel list shows her under the voice channel.
    const voiceId = await bob.page.evaluate((g) => [...window.__parley.store.channels.values()].find((c) => c.guild_id === g && c.type === 2)?.id, guildId);
    assert.ok(voiceId, 'the new guild has a voice channel');
    await alice.page.evaluate(({ g, v }) => window.__parley.gateway.send(4, { guild_id: g, channel_id: v, self_mute: true, self_deaf: false }), { g: guildId, v: voiceId });
    await bob.page.locator('.voice-users li', { hasText: 'alice' }).waitFor({ timeout: T });
    await alice.page.evaluate((g) => window.__parley.gateway.send(4, { guild_id: g, channel_id: null, self_mute: false, self_deaf: false }), guildId);
    await bob.page.locator('.voice-users li', { hasText: 'alice' }).waitFor({ state: 'detached', timeout: T });
  });

  await step('typing indicator', async () => {
    await bob.page.fill('#composer', 'typing something');
    await alice.page.waitForSelector('.typing:has-text("bob is typing")', { timeout: T });
    await bob.page.fill('#composer', '');
  });

  await step('edit with Up, Enter; live update', async () => {
    await alice.page.focus('#composer');
    await alice.page.keyboard.press('ArrowUp');
    await alice.page.waitForSelector('.edit-input');
    await alice.page.fill('.edit-input', 'hello bob (edited text)');
    await alice.page.press('.edit-input', 'Enter');
    await bob.page.locator('.msg .content', { hasText: 'hello bob (edited text)' }).locator('.edited').waitFor({ timeout: T });
  });

  await step('reactions', async () => {
    const row = bob.page.locator('.msg', { hasText: 'hello bob (edited text)' });
    await row.hover();
    await row.locator('.msg-tools button[title="React 👍"]').click();
    await alice.page.locator('.msg', { hasText: 'hello bob (edited text)' }).locator('.reaction', { hasText: '👍 1' }).waitFor({ timeout: T });
    await bob.page.locator('.msg', { hasText: 'hello bob (edited text)' }).locator('.reaction.me').waitFor({ timeout: T });
  });

  await step('image upload with preview', async () => {
    await bob.page.setInputFiles('#file-input', { name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await bob.page.waitForSelector('.pending-file img');
    await bob.page.fill('#composer', 'a picture');
    await bob.page.press('#composer', 'Enter');
    const img = alice.page.locator('.msg', { hasText: 'a picture' }).locator('.attachment-image img');
    await img.waitFor({ timeout: T });
    await alice.page.waitForFunction((sel) => {
      const el = [...document.querySelectorAll(sel)].pop();
      return el && el.complete && el.naturalWidth === 16;
    }, '.attachment-image img', { timeout: T });
    await alice.page.screenshot({ path: join(shots, 'guild-chat.png') });
  });

  await step('reply and delete', async () => {
    const row = bob.page.locator('.msg', { hasText: 'a picture' });
    await row.hover();
    await row.locator('.msg-tools button[title="Reply"]').click();
    await bob.page.waitForSelector('.reply-bar:not([hidden])');
    await send(bob.page, 'this is a reply');
    await alice.page.locator('.msg', { hasText: 'this is a reply' }).locator('.reply-preview', { hasText: 'a picture' }).waitFor({ timeout: T });
    await send(bob.page, 'to be deleted');
    await messageLocator(alice.page, 'to be deleted').waitFor({ timeout: T });
    const doomed = bob.page.locator('.msg', { hasText: 'to be deleted' });
    await doomed.hover();
    await doomed.locator('.msg-tools button.delete').click();
    await messageLocator(alice.page, 'to be deleted').waitFor({ state: 'detached', timeout: T });
  });

  await step('channels: create, edit, unread and mention markers', async () => {
    await alice.page.click('#create-channel-button');
    await alice.page.fill('#dlg-name', 'random');
    await alice.page.click('dialog button[type=submit]');
    await alice.page.waitForURL((u) => /\/channels\/\d+\/\d+$/.test(u.pathname) && !u.pathname.endsWith(channelId), { timeout: T });
    const randomId = new URL(alice.page.url()).pathname.split('/').pop();
    assert.notEqual(randomId, channelId);
    await alice.page.waitForSelector('.chat[data-ready="true"]');
    // bob (no MANAGE_CHANNELS) sees the new channel live, without an edit button.
    const bobLink = bob.page.locator(`a.channel[data-channel-id="${randomId}"]`);
    await bobLink.waitFor({ timeout: T });
    assert.equal(await bob.page.locator('#create-channel-button').count(), 0);
    const bobId = await bob.page.evaluate(() => window.__parley.store.me.id);
    await send(alice.page, `hey <@${bobId}>, over here`);
    await bob.page.locator(`a.channel.unread[data-channel-id="${randomId}"] .badge`, { hasText: '1' }).waitFor({ timeout: T });
    await alice.page.click(`a.channel[data-channel-id="${randomId}"] + button.channel-edit`);
    await alice.page.fill('#dlg-topic', 'anything goes');
    await alice.page.click('dialog button[type=submit]');
    await bobLink.click();
    await bob.page.waitForSelector('.chat-header .topic:has-text("anything goes")', { timeout: T });
    await bob.page.locator('.new-divider').waitFor({ timeout: T });
    // Opening it acknowledged the read position: the marker is gone.
    await bob.page.locator(`a.channel[data-channel-id="${randomId}"] .badge`).waitFor({ state: 'detached', timeout: T });
    await bob.page.screenshot({ path: join(shots, 'channel-unread-divider.png') });
    await bob.page.click(`a.channel[data-channel-id="${channelId}"]`);
    await alice.page.click(`a.channel[data-channel-id="${channelId}"]`);
  });

  await step('virtualized history: scroll up through 300 messages', async () => {
    const token = await alice.page.evaluate(() => sessionStorage.getItem('parley.token'));
    const c = await fetch(`${server.url}/api/v10/guilds/${guildId}/channels`, {
      method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'history' }),
    }).then((r) => r.json());
    for (let i = 0; i < 300; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => fetch(`${server.url}/api/v10/channels/${c.id}/messages`, {
        method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify({ content: `history ${String(i + k).padStart(3, '0')}` }),
      }).then((r) => assert.equal(r.status, 200))));
    }
    await alice.page.goto(`${server.url}/channels/${guildId}/${c.id}`);
    await alice.page.waitForSelector('.chat[data-ready="true"]');
    const oldest = await alice.page.evaluate(async () => {
      const el = document.querySelector('.messages');
      for (let i = 0; i < 200 && !document.querySelector('.msg[data-id] .content')?.textContent.includes('history 000'); i++) {
        el.scrollTop = 0;
        el.dispatchEvent(new Event('scroll'));
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...document.querySelectorAll('.msg .content')].map((e) => e.textContent).sort()[0];
    });
    assert.equal(oldest, 'history 000');
    const { loaded, inDom } = await alice.page.evaluate((id) => ({
      loaded: window.__parley.store.channelMessages(id).list.length, inDom: document.querySelectorAll('.messages .msg').length,
    }), c.id);
    assert.equal(loaded, 300);
    assert.ok(inDom < 100, `only visible rows are in the DOM (${inDom})`);
    await alice.page.goto(`${server.url}/channels/${guildId}/${channelId}`);
  });

  await step('direct messages', async () => {
    await bob.page.locator('.members .member', { hasText: 'alice' }).first().click();
    await bob.page.click('.member-card button.primary');
    await bob.page.waitForURL(/\/channels\/@me\/\d+$/, { timeout: T });
    await bob.page.waitForSelector('.chat[data-ready="true"]');
    await send(bob.page, 'psst, a private word');
    // alice sees the DM appear, unread, in her DM list.
    await alice.page.click('a.rail-item.home');
    await alice.page.locator('a.channel.dm.unread', { hasText: 'bob' }).click({ timeout: T });
    await messageLocator(alice.page, 'psst, a private word').waitFor({ timeout: T });
    await alice.page.locator('.new-divider').waitFor({ timeout: T });
    await send(alice.page, 'private reply');
    await messageLocator(bob.page, 'private reply').waitFor({ timeout: T });
    await alice.page.screenshot({ path: join(shots, 'dm.png') });
  });

  await step('group DM', async () => {
    // carol joins through the REST API (any client may), so alice knows her from the member list.
    const api = (method, path, token, body) => fetch(`${server.url}/api/v10${path}`, {
      method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) }, body: body && JSON.stringify(body),
    }).then((r) => r.json());
    const { token } = await api('POST', '/auth/register', null, { username: 'carol', password: 'correct horse battery' });
    await api('POST', `/invites/${inviteUrl.split('/').pop()}`, token, {});
    await alice.page.locator('a.rail-item.home').click();
    await alice.page.click('#new-group-button');
    await alice.page.locator('dialog label.check', { hasText: 'bob' }).click();
    await alice.page.locator('dialog label.check', { hasText: 'carol' }).click({ timeout: T });
    await alice.page.click('dialog button[type=submit]');
    await alice.page.waitForSelector('.chat-header h1:has-text("bob, carol")', { timeout: T });
    await alice.page.waitForSelector('.chat[data-ready="true"]');
    await send(alice.page, 'welcome to the group');
    await bob.page.locator('a.rail-item.home.unread').click({ timeout: T });
    await bob.page.locator('a.channel.dm', { hasText: 'carol' }).click({ timeout: T });
    await messageLocator(bob.page, 'welcome to the group').waitFor({ timeout: T });
  });

  await step('network cut and resume: nothing lost', async () => {
    await alice.page.goto(`${server.url}/channels/${guildId}/${channelId}`);
    await alice.page.waitForSelector('.chat[data-ready="true"]');
    await bob.page.click(`a.rail-item[data-guild-id="${guildId}"]`);
    await bob.page.waitForSelector('.chat[data-ready="true"]');
    await bob.page.waitForFunction(() => window.__parley.gateway.state === 'ready');
    const sessionBefore = await bob.page.evaluate(() => window.__parley.gateway.sessionId);
    // Offline emulation does not end an open WebSocket: drop both ends of the routed socket too,
    // with a code that keeps the session resumable (never 1000/1001).
    await bob.context.setOffline(true);
    bobNet.cut = true;
    assert.ok(bobNet.sockets.size >= 1, 'bob\'s gateway socket is routed');
    for (const { ws, upstream } of [...bobNet.sockets]) {
      await upstream.close({ code: 4000, reason: 'network cut' }).catch(() => {});
      await ws.close({ code: 4000, reason: 'network cut' }).catch(() => {});
    }
    await bob.page.waitForSelector('.banner:not([hidden])', { timeout: T });
    await bob.page.screenshot({ path: join(shots, 'offline.png') });
    const missed = ['while you were away 1', 'while you were away 2', 'while you were away 3'];
    for (const text of missed) await send(alice.page, text);
    await messageLocator(alice.page, missed[2]).waitFor({ timeout: T });
    bobNet.cut = false;
    await bob.context.setOffline(false);
    await bob.page.waitForFunction(() => window.__parley.gateway.state === 'ready' && document.querySelector('.banner').hidden,
      null, { timeout: 30000 });
    for (const text of missed) await messageLocator(bob.page, text).waitFor({ timeout: T });
    const texts = await bob.page.$$eval('.messages .msg .content', (els) => els.map((e) => e.textContent));
    for (const text of missed) assert.equal(texts.filter((t) => t.startsWith(text)).length, 1, `exactly one "${text}"`);
    const sessionAfter = await bob.page.evaluate(() => window.__parley.gateway.sessionId);
    console.log(`   session ${sessionBefore === sessionAfter ? 'resumed' : 're-identified (history refilled)'}`);
  });

  await step('deep link reload, themes, narrow screen', async () => {
    await bob.page.reload();
    await bob.page.waitForSelector('.chat[data-ready="true"]', { timeout: T });
    await messageLocator(bob.page, 'while you were away 3').waitFor({ timeout: T });
    await bob.page.click('#theme-toggle');
    const theme = await bob.page.evaluate(() => document.documentElement.dataset.theme);
    assert.ok(theme === 'dark' || theme === 'light');
    await bob.page.screenshot({ path: join(shots, `guild-chat-${theme}.png`) });
    await bob.page.setViewportSize({ width: 390, height: 800 });
    await bob.page.waitForTimeout(400);  // the side panels slide out
    await bob.page.screenshot({ path: join(shots, 'phone.png') });
    assert.ok(await bob.page.isVisible('#composer'));
    assert.ok(!(await bob.page.isVisible('.members')), 'the member list closes on a phone');
    await bob.page.click('.menu-toggle');
    await bob.page.waitForTimeout(400);
    await bob.page.screenshot({ path: join(shots, 'phone-channels.png') });
    assert.ok(await bob.page.isVisible(`a.channel[data-channel-id="${channelId}"]`));
    await bob.page.click(`a.channel[data-channel-id="${channelId}"]`);
  });

  await step('own status shows to others', async () => {
    await bob.page.setViewportSize({ width: 1280, height: 800 });
    await bob.page.selectOption('#status-select', 'dnd');
    await alice.page.locator('.members .member.dnd', { hasText: 'bob' }).waitFor({ timeout: T });
  });

  await step('leave guild and log out', async () => {
    await bob.page.setViewportSize({ width: 1280, height: 800 });
    await bob.page.click('#leave-button');
    await bob.page.waitForURL(/\/channels\/@me$/, { timeout: T });
    assert.equal(await bob.page.locator(`a.rail-item[data-guild-id="${guildId}"]`).count(), 0);
    await bob.page.click('#logout');
    await bob.page.waitForURL(/\/login$/, { timeout: T });
    assert.equal(await bob.page.evaluate(() => sessionStorage.getItem('parley.token')), null);
  });

  assert.deepEqual(errors, [], 'no uncaught page errors');
  console.log(`screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error('FAILED:', e);
  for (const ctx of browser.contexts()) {
    for (const [i, pg] of ctx.pages().entries()) await pg.screenshot({ path: join(shots, `failure-${browser.contexts().indexOf(ctx)}-${i}.png`) }).catch(() => {});
  }
  console.error('page errors:', errors);
  console.error('server log:', server.log.join(''));
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
